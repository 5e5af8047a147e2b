package org.jgrad.models.data;

import java.util.random.RandomGenerator;

/** Random orderings from a seeded generator (what {@code torch.randperm} gives). */
public final class Shuffle {
    private Shuffle() {
    }

    /** {@code 0..n-1} in a random order: a Fisher-Yates walk from the last element down. */
    public static int[] permutation(int n, RandomGenerator random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}

package org.jgrad.models.data;

/**
 * The Mersenne Twister MT19937 seeded the way NumPy's legacy {@code np.random.RandomState(seed)} seeds it, with its
 * {@code permutation}. It exists so that a split with seed 42 is the same split scikit-learn's
 * {@code train_test_split(..., random_state=42)} makes, and the tutorials' printed numbers can be reproduced.
 *
 * <p>The twister is {@link MersenneTwister} (seeded with {@code init_genrand(seed)}); NumPy's legacy shuffle is a
 * Fisher-Yates walk from the last element down, drawing each index by masked rejection sampling of 32-bit outputs.
 */
public final class NumpyRandomState {
    private final MersenneTwister twister;

    public NumpyRandomState(long seed) {
        if (seed < 0 || seed > 0xffffffffL) {
            throw new IllegalArgumentException("seed must be between 0 and 2^32 - 1, got " + seed);
        }
        twister = new MersenneTwister(seed);
    }

    /** The next 32 random bits, as an unsigned value. */
    public long nextUint32() {
        return twister.next() & 0xffffffffL;
    }

    /** A uniform integer in {@code [0, max]}, by masked rejection sampling (NumPy's {@code random_interval}). */
    long interval(long max) {
        if (max == 0) {
            return 0;
        }
        long mask = max;
        for (int shift = 1; shift <= 16; shift <<= 1) {
            mask |= mask >>> shift;
        }
        long value;
        do {
            value = nextUint32() & mask;
        } while (value > max);
        return value;
    }

    /** A random ordering of {@code 0 .. n-1}, equal to NumPy's {@code RandomState(seed).permutation(n)}. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = (int) interval(i);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}

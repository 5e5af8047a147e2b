package org.jgrad.models.data;

import java.util.Random;

/**
 * Small generated two-class data sets for studying what a linear model cannot learn.
 *
 * <pre>{@code
 * LabeledData moons = Synthetic.moons(400, 0.1, 42);   // x (400, 2), y (400, 1) in {0, 1}
 * LabeledData xor = Synthetic.xor();                   // the four corners of the unit square
 * }</pre>
 */
public final class Synthetic {
    private Synthetic() {
    }

    /**
     * Two interleaving half circles (scikit-learn's {@code make_moons}): class 0 on
     * {@code (cos t, sin t)}, class 1 on {@code (1 - cos t, 1/2 - sin t)}, {@code t} evenly spaced in [0, pi], with
     * Gaussian noise of standard deviation {@code noise} from a generator seeded with {@code seed}; rows shuffled.
     * The first {@code m / 2} points (rounded down) are class 0.
     */
    public static LabeledData moons(int m, double noise, long seed) {
        if (m < 2 || !(noise >= 0)) {
            throw new IllegalArgumentException("moons: expected m >= 2 and noise >= 0, got " + m + " and " + noise);
        }
        Random random = new Random(seed);
        int outer = m / 2;
        int inner = m - outer;
        float[][] x = new float[m][];
        float[] y = new float[m];
        for (int i = 0; i < m; i++) {
            boolean first = i < outer;
            int k = first ? i : i - outer;
            int count = first ? outer : inner;
            double t = count == 1 ? 0 : Math.PI * k / (count - 1);
            double px = first ? Math.cos(t) : 1 - Math.cos(t);
            double py = first ? Math.sin(t) : 0.5 - Math.sin(t);
            x[i] = new float[] {(float) (px + noise * random.nextGaussian()), (float) (py + noise * random.nextGaussian())};
            y[i] = first ? 0 : 1;
        }
        LabeledData data = LabeledData.of(x, y);
        int[] order = Shuffle.permutation(m, random);
        return data.select(order);
    }

    /** XOR: the points (0,0), (0,1), (1,0), (1,1) with labels 0, 1, 1, 0. */
    public static LabeledData xor() {
        return LabeledData.of(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}, new float[] {0, 1, 1, 0});
    }
}

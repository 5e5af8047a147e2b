package org.jgrad.models.data;

import java.util.Random;

/**
 * Two interleaving half circles in the plane, a two-class set that no straight line separates (the shape of
 * scikit-learn's {@code make_moons}; the random numbers differ). Class 0 lies on the upper half circle
 * {@code (cos t, sin t)}, class 1 on the lower one {@code (1 - cos t, 0.5 - sin t)}, {@code t} evenly spaced in
 * {@code [0, pi]}; every point then gets Gaussian noise of standard deviation {@code noise} on both coordinates.
 *
 * <pre>{@code
 * LabeledData moons = TwoMoons.generate(400, 0.2, 0);   // x (400, 2), y (400, 1): 200 of each class
 * }</pre>
 */
public final class TwoMoons {
    private TwoMoons() {
    }

    /** {@code m} points (half of each class, class 0 first), seeded. */
    public static LabeledData generate(int m, double noise, long seed) {
        if (m < 2) {
            throw new IllegalArgumentException("two moons: expected at least 2 points, got " + m);
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("two moons: noise must be a finite number >= 0, got " + noise);
        }
        Random random = new Random(seed);
        int outer = m / 2;
        int inner = m - outer;
        float[][] x = new float[m][];
        float[] y = new float[m];
        for (int i = 0; i < m; i++) {
            boolean isOuter = i < outer;
            int k = isOuter ? i : i - outer;
            int count = isOuter ? outer : inner;
            double t = count == 1 ? 0 : Math.PI * k / (count - 1);
            double x1 = isOuter ? Math.cos(t) : 1 - Math.cos(t);
            double x2 = isOuter ? Math.sin(t) : 0.5 - Math.sin(t);
            x[i] = new float[] {(float) (x1 + noise * random.nextGaussian()),
                (float) (x2 + noise * random.nextGaussian())};
            y[i] = isOuter ? 0 : 1;
        }
        return LabeledData.of(x, y);
    }
}

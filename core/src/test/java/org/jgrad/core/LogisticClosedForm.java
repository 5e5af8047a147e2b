package org.jgrad.core;

/**
 * Logistic regression's mean-loss gradient in float64, written out for the tests (tutorial 000, section 07):
 * {@code dz_i = (sigma(x_i . w + b) - y_i) / m}, {@code dW = sum_i dz_i x_i}, {@code db = sum_i dz_i}. Also smooth,
 * deterministic problems to try it on.
 */
final class LogisticClosedForm {
    private LogisticClosedForm() {
    }

    /** {dW_0 .. dW_{k-1}, db} for x (m, k) row-major, w (k), bias b and labels y (m). */
    static double[] gradient(float[] x, float[] w, float b, float[] y) {
        int m = y.length;
        int k = w.length;
        double[] g = new double[k + 1];
        for (int i = 0; i < m; i++) {
            double z = b;
            for (int j = 0; j < k; j++) {
                z += (double) x[i * k + j] * w[j];
            }
            double dz = (1 / (1 + Math.exp(-z)) - y[i]) / m;
            for (int j = 0; j < k; j++) {
                g[j] += dz * x[i * k + j];
            }
            g[k] += dz;
        }
        return g;
    }

    /** x in [-1, 1]: {@code sin(0.7 i + phase)}. */
    static float[] inputs(int m, int k, double phase) {
        float[] x = new float[m * k];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(0.7 * i + phase);
        }
        return x;
    }

    /** Small weights: {@code cos(1.3 j + phase) / sqrt(k)}. */
    static float[] weights(int k, double phase) {
        float[] w = new float[k];
        for (int j = 0; j < k; j++) {
            w[j] = (float) (Math.cos(1.3 * j + phase) / Math.sqrt(k));
        }
        return w;
    }

    /** A label of 1 for every third row. */
    static float[] labels(int m) {
        float[] y = new float[m];
        for (int i = 0; i < m; i += 3) {
            y[i] = 1f;
        }
        return y;
    }
}

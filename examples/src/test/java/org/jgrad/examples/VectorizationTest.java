package org.jgrad.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorizationTest {

    @Test
    void theThreeWaysAgreeWithEachOther() {
        Vectorization.Result r = Vectorization.compute(209, 777, 1, 5);
        // float32 sums of 209 terms of size <= 1: differences of a few ulps of values ~0.5
        assertThat(r.maxDifference(0, 1)).isLessThan(1e-5);
        assertThat(r.maxDifference(0, 2)).isLessThan(1e-5);
        assertThat(r.maxDifference(1, 2)).isLessThan(1e-5);
        assertThat(java.util.Arrays.stream(r.millis()).min().orElseThrow()).isPositive();
    }

    @Test
    void theKernelsWayMatchesAFloat64Reference() {
        int m = 7;
        int n = 45;   // not a multiple of any SIMD width: exercises the tails
        Random random = new Random(3);
        float[] x = new float[m * n];
        float[] y = new float[m];
        float[] w = new float[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat() - 0.5f;
        }
        for (int i = 0; i < m; i++) {
            y[i] = i % 2;
        }
        for (int j = 0; j < n; j++) {
            w[j] = random.nextFloat() - 0.5f;
        }
        // reference in float64: dw = X^T (sigmoid(Xw + b) - y) / m, db = mean(sigmoid(Xw + b) - y)
        double[] dwRef = new double[n];
        double dbRef = 0;
        for (int i = 0; i < m; i++) {
            double z = 0.25;
            for (int j = 0; j < n; j++) {
                z += (double) w[j] * x[i * n + j];
            }
            double dz = 1 / (1 + Math.exp(-z)) - y[i];
            for (int j = 0; j < n; j++) {
                dwRef[j] += x[i * n + j] * dz / m;
            }
            dbRef += dz / m;
        }
        float[][] dw = new float[3][n];
        float[] db = {Vectorization.loops(x, y, w, 0.25f, m, n, dw[0]),
            Vectorization.kernels(x, y, w, 0.25f, m, n, dw[1]), Vectorization.autograd(x, y, w, 0.25f, m, n, dw[2])};
        for (int way = 0; way < 3; way++) {
            assertThat((double) db[way]).isCloseTo(dbRef, within(1e-6));
            for (int j = 0; j < n; j++) {
                assertThat((double) dw[way][j]).as("way %d, dw[%d]", way, j).isCloseTo(dwRef[j], within(1e-6));
            }
        }
    }
}

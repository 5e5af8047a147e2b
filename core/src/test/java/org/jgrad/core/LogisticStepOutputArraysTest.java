package org.jgrad.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.jgrad.core.kernels.Parallel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fused logistic step writing dW and db into arrays it is given (the ones a parameter's {@code zeroGrad()}
 * freed): every element is overwritten, whatever the arrays held, and the result holds those arrays. Expected values
 * are the float64 closed form {@code dz_i = (sigma(z_i) - y_i) / m}, {@code dW = sum_i dz_i x_i},
 * {@code db = sum_i dz_i} (tutorial 000, section 07).
 */
class LogisticStepOutputArraysTest {

    @ParameterizedTest
    @CsvSource({"288, 64, 1", "5, 3, 1", "2000, 300, 2"})   // the last: two threads, two partial sums for dW
    void theGivenArraysAreOverwrittenWithTheGradient(int m, int k, int threads) {
        // smooth, deterministic data: x in [-1, 1], small weights, a label for every third row
        float[] x = new float[m * k];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(0.7 * i + 0.3);
        }
        float[] w = new float[k];
        for (int j = 0; j < k; j++) {
            w[j] = (float) (Math.cos(1.3 * j) / Math.sqrt(k));
        }
        float[] y = new float[m];
        for (int i = 0; i < m; i += 3) {
            y[i] = 1f;
        }
        float b = -0.2f;
        // garbage that must not survive: a sum added into it would stay NaN
        NDArray dwInto = NDArray.of(filled(k, Float.NaN), Shape.of(1, k));
        NDArray dbInto = NDArray.of(filled(1, Float.NaN), Shape.of(1));
        int before = Parallel.threads();
        LogisticStep.Result got;
        try {
            Parallel.setThreads(threads);
            got = LogisticStep.lossAndGradient(NDArray.of(x, Shape.of(m, k)), NDArray.of(w, Shape.of(1, k)),
                    NDArray.of(new float[] {b}, Shape.of(1)), NDArray.of(y, Shape.of(m, 1)), dwInto, dbInto);
        } finally {
            Parallel.setThreads(before);
        }
        assertThat(got.weightGrad()).isSameAs(dwInto);
        assertThat(got.biasGrad()).isSameAs(dbInto);

        double db = 0;
        double[] dw = new double[k];
        for (int i = 0; i < m; i++) {
            double z = b;
            for (int j = 0; j < k; j++) {
                z += (double) x[i * k + j] * w[j];
            }
            double dz = (1 / (1 + Math.exp(-z)) - y[i]) / m;
            db += dz;
            for (int j = 0; j < k; j++) {
                dw[j] += dz * x[i * k + j];
            }
        }
        // float32 dots and sums of m terms of size up to max|x| / m: a few 1e-6 of the largest term's sum
        assertThat((double) dbInto.floats()[0]).isCloseTo(db, within(1e-5));
        for (int j = 0; j < k; j++) {
            assertThat((double) dwInto.floats()[j]).as("dW[%d]", j).isCloseTo(dw[j], within(2e-5));
        }
    }

    private static float[] filled(int n, float value) {
        float[] a = new float[n];
        Arrays.fill(a, value);
        return a;
    }
}

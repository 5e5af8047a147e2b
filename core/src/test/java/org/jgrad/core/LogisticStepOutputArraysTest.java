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
 * from {@link LogisticClosedForm}.
 */
class LogisticStepOutputArraysTest {

    @ParameterizedTest
    @CsvSource({"288, 64, 1", "5, 3, 1", "2000, 300, 2"})   // the last: two threads, two partial sums for dW
    void theGivenArraysAreOverwrittenWithTheGradient(int m, int k, int threads) {
        float[] x = LogisticClosedForm.inputs(m, k, 0.3);
        float[] w = LogisticClosedForm.weights(k, 0);
        float[] y = LogisticClosedForm.labels(m);
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
        double[] expected = LogisticClosedForm.gradient(x, w, b, y);
        // float32 dots and sums of m terms of size up to max|x| / m: a few 1e-6 of the largest term's sum
        assertThat((double) dbInto.floats()[0]).isCloseTo(expected[k], within(1e-5));
        for (int j = 0; j < k; j++) {
            assertThat((double) dwInto.floats()[j]).as("dW[%d]", j).isCloseTo(expected[j], within(2e-5));
        }
    }

    private static float[] filled(int n, float value) {
        float[] a = new float[n];
        Arrays.fill(a, value);
        return a;
    }
}

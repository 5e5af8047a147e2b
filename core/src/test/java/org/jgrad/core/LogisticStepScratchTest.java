package org.jgrad.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The fused logistic step reuses its padded weights and a group's logits and dz from call to call, one set per
 * thread: a thread that changes shapes, and threads running at once, still get their own problem's gradient
 * ({@link LogisticClosedForm}).
 */
class LogisticStepScratchTest {

    /** Runs one problem and checks dW and db against the closed form; {@code phase} varies the data. */
    private static void assertStep(int m, int k, double phase) {
        float[] x = LogisticClosedForm.inputs(m, k, phase);
        float[] w = LogisticClosedForm.weights(k, phase);
        float[] y = LogisticClosedForm.labels(m);
        float b = 0.1f;
        LogisticStep.Result got = LogisticStep.lossAndGradient(NDArray.of(x, Shape.of(m, k)),
                NDArray.of(w, Shape.of(1, k)), NDArray.of(new float[] {b}, Shape.of(1)), NDArray.of(y, Shape.of(m, 1)));
        double[] expected = LogisticClosedForm.gradient(x, w, b, y);
        assertThat((double) got.biasGrad().floats()[0]).isCloseTo(expected[k], within(1e-5));
        for (int j = 0; j < k; j++) {
            assertThat((double) got.weightGrad().floats()[j]).as("dW[%d] of %d x %d", j, m, k)
                    .isCloseTo(expected[j], within(2e-5));
        }
    }

    @Test
    void aThreadChangingShapesGetsEachProblemsGradient() {
        // k = 70 and 5 end in partial chunks; 200 rows are several groups, 3 fewer than one
        int[][] shapes = {{200, 70}, {3, 5}, {200, 70}, {40, 64}, {3, 5}, {9, 1000}, {200, 70}};
        for (int s = 0; s < shapes.length; s++) {
            assertStep(shapes[s][0], shapes[s][1], 0.1 * s);
        }
    }

    @Test
    void aLongerWeightLeftInTheScratchNeverReachesAShorterOnesDots() {
        // k = 100 with NaN in w[70..100) (a diverged model), then k = 70 in the same thread's scratch: the dots load
        // w's last partial chunk past 70 in place, and a NaN left there must not reach the second problem's gradient
        int m = 40;
        float[] x = LogisticClosedForm.inputs(m, 100, 0.3);
        float[] w = LogisticClosedForm.weights(100, 0.3);
        java.util.Arrays.fill(w, 70, 100, Float.NaN);
        float[] y = LogisticClosedForm.labels(m);
        LogisticStep.lossAndGradient(NDArray.of(x, Shape.of(m, 100)), NDArray.of(w, Shape.of(1, 100)),
                NDArray.of(new float[] {0.1f}, Shape.of(1)), NDArray.of(y, Shape.of(m, 1)));
        assertStep(m, 70, 0.7);
    }

    @Test
    void threadsRunningAtOnceEachGetTheirOwnGradient() throws Exception {
        int[][] shapes = {{288, 64}, {130, 33}};
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < shapes.length; t++) {
            int[] shape = shapes[t];
            double phase = t;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 300; i++) {
                        assertStep(shape[0], shape[1], phase);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(errors).isEmpty();
    }
}

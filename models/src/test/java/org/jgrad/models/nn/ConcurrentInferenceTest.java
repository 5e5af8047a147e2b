package org.jgrad.models.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jgrad.autograd.GradMode;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.models.optim.SGD;
import org.junit.jupiter.api.Test;

/** Grad mode is per thread, and one trained model serves inference from several threads at once. */
class ConcurrentInferenceTest {

    @Test
    void inferenceFromFourThreadsEqualsSingleThreadedBitForBit() throws Exception {
        Random r = new Random(11);
        float[] x = new float[200 * 8];
        float[] y = new float[200];
        for (int i = 0; i < 200; i++) {
            for (int j = 0; j < 8; j++) {
                x[i * 8 + j] = (float) r.nextGaussian();
            }
            y[i] = x[i * 8] + x[i * 8 + 1] > 0 ? 1 : 0;
        }
        Tensor tx = Tensor.of(NDArray.of(x, Shape.of(200, 8)));
        Tensor ty = Tensor.of(NDArray.of(y, Shape.of(200, 1)));
        Linear model = new Linear(8, 1, new Random(2));
        SGD opt = new SGD(model.parameters(), 0.5);
        for (int i = 0; i < 50; i++) {
            Tensor loss = new BCEWithLogitsLoss().forward(model.forward(tx), ty);
            opt.zeroGrad();
            loss.backward();
            opt.step();
        }
        float[] expected;
        try (var scope = GradMode.noGrad()) {
            expected = model.forward(tx).sigmoid().data().floats().clone();
        }

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    float[] last = null;
                    for (int rep = 0; rep < 25; rep++) {
                        try (var scope = GradMode.noGrad()) {
                            Tensor p = model.forward(tx).sigmoid();
                            assertThat(p.requiresGrad()).isFalse();
                            last = p.data().floats();
                        }
                    }
                    // grad mode is per thread: this worker's scope has closed, and recording is on again here
                    assertThat(GradMode.isEnabled()).isTrue();
                    return last;
                }));
            }
            for (Future<float[]> f : results) {
                assertThat(f.get()).containsExactly(expected);
            }
        } finally {
            pool.shutdownNow();
        }
        // the main thread's grad mode was never touched by the workers
        assertThat(GradMode.isEnabled()).isTrue();
    }

    @Test
    void noGradOnOneThreadDoesNotAffectAnother() throws Exception {
        Tensor w = Tensor.scalar(2).requiresGrad(true);
        try (var scope = GradMode.noGrad()) {
            Thread other = new Thread(() -> assertThat(w.mul(3).requiresGrad()).isTrue());
            final Throwable[] failure = new Throwable[1];
            other.setUncaughtExceptionHandler((t, e) -> failure[0] = e);
            other.start();
            other.join();
            assertThat(failure[0]).isNull();
            assertThat(w.mul(3).requiresGrad()).isFalse();
        }
    }
}

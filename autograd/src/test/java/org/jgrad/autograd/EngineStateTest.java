package org.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.jgrad.core.DType;
import org.junit.jupiter.api.Test;

/**
 * The state of a backward pass belongs to that pass: two threads may back-propagate through graphs that share a
 * leaf, a freed graph is not kept alive by its leaves, and values changed in place after they were saved are refused.
 */
class EngineStateTest {

    /** loss = sum(w * x * k): dL/dw = x * k exactly (small integers), so sums of many passes are exact in float64. */
    private static void pass(Tensor w, Tensor x, int k) {
        w.mul(x).mul(k).sum().backward();
    }

    @Test
    void twoThreadsSharingAParameterGiveTheSerialGradients() throws Exception {
        Tensor x = Tensor.of(new double[] {1, -2, 3}, DType.FLOAT64, 3);
        Tensor shared = Tensor.of(new double[] {0.5, 0.25, -1}, DType.FLOAT64, 3).requiresGrad(true);
        int passes = 1000;
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int k : new int[] {1, 2}) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < passes; i++) {
                        pass(shared, x, k);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(errors).isEmpty();
        // the same work done serially: 1000 passes with k = 1 and 1000 with k = 2 give x * 3000
        Tensor serial = Tensor.of(new double[] {0.5, 0.25, -1}, DType.FLOAT64, 3).requiresGrad(true);
        for (int i = 0; i < passes; i++) {
            pass(serial, x, 1);
            pass(serial, x, 2);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(shared.grad().data().get(i)).isEqualTo(serial.grad().data().get(i))
                    .isEqualTo(x.data().get(i) * 3 * passes);
        }
    }

    @Test
    void afterBackwardNothingOfTheGraphButTheLeavesIsReachable() throws Exception {
        Tensor w = Tensor.of(new double[] {1, 2, 3}, DType.FLOAT64, 3).requiresGrad(true);
        WeakReference<Tensor> hidden = buildAndBackward(w);
        for (int i = 0; i < 50 && hidden.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(hidden.get()).as("an intermediate tensor kept alive after backward").isNull();
        assertThat(w.grad()).isNotNull();
        assertThat(w.grad().requiresGrad()).isFalse();
    }

    private static WeakReference<Tensor> buildAndBackward(Tensor w) {
        // the first op on the leaf: the old engine kept it alive through the leaf's record of its gradient steps
        Tensor hidden = w.mul(w);
        hidden.exp().sum().backward();
        return new WeakReference<>(hidden);
    }

    @Test
    void aSavedTensorChangedInPlaceIsRefusedWithPyTorchsMessage() {
        Tensor x = Tensor.of(new double[] {1, 2}, DType.FLOAT64, 2);
        Tensor w = Tensor.of(new double[] {3, 4}, DType.FLOAT64, 2).requiresGrad(true).named("w");
        Tensor loss = w.mul(x).mul(w).sum();   // Mul saved w (version 0)
        w.data().set(0, 100);                  // version 1
        assertThatThrownBy(loss::backward).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("one of the variables needed for gradient computation has been modified by an "
                        + "inplace operation")
                .hasMessageContaining("is at version 1; expected version 0 instead");
    }

    @Test
    void anOrdinaryBackwardRecordsNoSteps() {
        Tensor w = Tensor.scalar(2).requiresGrad(true);
        Tensor loss = w.mul(w);
        loss.backward();
        assertThat(Graph.lastTrace(loss)).isNull();
        Tensor again = w.mul(w);
        BackwardTrace trace = Graph.trace(again);
        assertThat(trace.stepsInto(w)).hasSize(2);   // used twice: two contributions of 2 each
        assertThat(trace.gradient(w).item()).isEqualTo(4.0);
    }
}

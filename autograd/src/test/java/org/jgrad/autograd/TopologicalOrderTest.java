package org.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.List;
import org.jgrad.core.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The backward pass's order and its lookups by identity, on both sides of the size where a scan of the array gives way
 * to a map ({@link TopologicalOrder#SCAN} tensors).
 */
class TopologicalOrderTest {

    /** y = x^(n+1) built as x * x * ... * x, so the leaf x is an input of every one of the n products. */
    private static Tensor power(Tensor x, int n) {
        Tensor y = x;
        for (int i = 0; i < n; i++) {
            y = y.mul(x);
        }
        return y;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 14, 15, 16, 17, 18, 40, 200})
    void aLeafUsedByEveryProductOfALongChainGetsAllItsContributions(int n) {
        Tensor x = Tensor.scalar(1.01, DType.FLOAT64).requiresGrad(true);
        power(x, n).backward();
        // d/dx x^(n+1) = (n+1) x^n
        assertThat(x.grad().item()).isCloseTo((n + 1) * Math.pow(1.01, n), offset(1e-12 * Math.pow(1.01, n) * n));
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 16, 40})
    void everyTensorComesAfterItsInputsAndOnlyTensorsNeedingAGradientAreVisited(int n) {
        Tensor x = Tensor.scalar(2, DType.FLOAT64).requiresGrad(true);
        Tensor constant = Tensor.scalar(3, DType.FLOAT64);
        List<Tensor> made = new ArrayList<>();
        Tensor y = x;
        for (int i = 0; i < n; i++) {
            // a diamond per step: y feeds both a and b, which meet again in y + ...
            Tensor a = y.mul(constant);
            Tensor b = y.add(x);
            y = a.add(b);
            made.add(a);
            made.add(b);
            made.add(y);
        }
        TopologicalOrder order = TopologicalOrder.of(List.of(y));
        // x, and three tensors per step; the constant needs no gradient
        assertThat(order.size()).isEqualTo(1 + 3 * n);
        assertThat(order.idOf(constant)).isEqualTo(-1);
        List<Tensor> sequence = new ArrayList<>();
        for (int p = 0; p < order.size(); p++) {
            sequence.add(order.tensor(order.idAt(p)));
        }
        assertThat(sequence).doesNotHaveDuplicates().contains(x).containsAll(made);
        for (Tensor t : made) {
            assertThat(order.tensor(order.idOf(t))).isSameAs(t);
            for (Tensor in : t.gradFn().inputs()) {
                if (in.requiresGrad()) {
                    assertThat(indexOf(sequence, in)).as("an input before its output").isLessThan(indexOf(sequence, t));
                }
            }
        }
    }

    private static int indexOf(List<Tensor> sequence, Tensor t) {
        for (int i = 0; i < sequence.size(); i++) {
            if (sequence.get(i) == t) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aLeafAHookTurnsOnDuringThePassGetsNoGradientFromIt() {
        Tensor w = Tensor.scalar(0.5, DType.FLOAT64).requiresGrad(true);
        Tensor c = Tensor.scalar(3, DType.FLOAT64);   // needs no gradient when the pass sorts the graph
        Tensor y = w.mul(c);
        y.registerHook(g -> {
            c.requiresGrad(true);
            return null;
        });
        y.exp().backward();
        // d/dw exp(w c) = c exp(w c); c was not part of the pass
        assertThat(w.grad().item()).isCloseTo(3 * Math.exp(1.5), offset(1e-12));
        assertThat(c.grad()).isNull();
    }

    @Test
    void twoRootsSharingTheirInputsAreVisitedOnce() {
        Tensor w = Tensor.scalar(0.5, DType.FLOAT64).requiresGrad(true);
        Tensor u = w.mul(w);
        Tensor v = u.exp();
        TopologicalOrder order = TopologicalOrder.of(List.of(v, u, v));
        assertThat(order.size()).isEqualTo(3);
        // with seeds 1, 1 and 1: d/dw (2 exp(w^2) + w^2) = 4 w exp(w^2) + 2 w
        List<Tensor> grads = Autograd.grad(List.of(v, u, v), List.of(w), null, false, false, false);
        assertThat(grads.get(0).item()).isCloseTo(4 * 0.5 * Math.exp(0.25) + 2 * 0.5, offset(1e-12));
    }
}

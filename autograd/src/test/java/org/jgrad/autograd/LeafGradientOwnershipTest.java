package org.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jgrad.autograd.ops.LinearFunction;
import org.junit.jupiter.api.Test;

/**
 * A leaf's first gradient is handed over without a copy when the engine owns the array (LinearFunction's fresh
 * products, sums of contributions); accumulation across calls and what hooks were shown must not change. For
 * {@code L = sum(x W^T + b)}: {@code dW[o][j] = sum_i x[i][j]} and {@code db[o] = m}, the same for every o.
 */
class LeafGradientOwnershipTest {
    private static final double[][] X = {{1, 2, 3}, {4, 5, 6}};
    private static final double[][] X2 = {{-1, 0.5, 2}};

    private static Tensor weight() {
        return Tensor.of(new double[][] {{0.1, 0.2, 0.3}, {-0.4, 0.5, -0.6}}).requiresGrad(true);
    }

    private static Tensor bias() {
        return Tensor.of(0.5, -0.5).requiresGrad(true);
    }

    private static Tensor loss(double[][] x, Tensor w, Tensor b) {
        return LinearFunction.apply(Tensor.of(x), w, b).sum();
    }

    /** {@code sum_i x[i][j]}. */
    private static double columnSum(double[][] x, int j) {
        double s = 0;
        for (double[] row : x) {
            s += row[j];
        }
        return s;
    }

    private static void assertWeightGrad(Tensor w, double times, double[][]... xs) {
        for (int o = 0; o < 2; o++) {
            for (int j = 0; j < 3; j++) {
                double expected = 0;
                for (double[][] x : xs) {
                    expected += columnSum(x, j);
                }
                assertThat(w.grad().data().get(o * 3 + j)).as("dW[%d][%d]", o, j).isEqualTo(times * expected);
            }
        }
    }

    @Test
    void gradientsAccumulateAcrossCallsUntilZeroed() {
        Tensor w = weight();
        Tensor b = bias();
        loss(X, w, b).backward();
        loss(X, w, b).backward();
        assertWeightGrad(w, 2, X);
        assertThat(b.grad().data().get(0)).isEqualTo(2 * X.length);
        assertThat(b.grad().data().get(1)).isEqualTo(2 * X.length);
        w.zeroGrad();
        loss(X, w, b).backward();
        assertWeightGrad(w, 1, X);
        assertThat(b.grad().data().get(0)).as("b was not zeroed").isEqualTo(3 * X.length);
    }

    @Test
    void aWeightUsedTwiceGetsBothContributionsAndKeepsAccumulating() {
        Tensor w = weight();
        Tensor b = bias();
        loss(X, w, b).add(loss(X2, w, b)).backward();
        assertWeightGrad(w, 1, X, X2);
        loss(X, w, b).add(loss(X2, w, b)).backward();
        assertWeightGrad(w, 2, X, X2);
        assertThat(b.grad().data().get(1)).isEqualTo(2 * (X.length + X2.length));
    }

    @Test
    void aGradientAHookKeptIsNotChangedByTheNextPass() {
        Tensor w = weight();
        Tensor b = bias();
        List<Tensor> seen = new ArrayList<>();
        w.registerHook(g -> {
            seen.add(g);
            return null;
        });
        loss(X, w, b).backward();
        loss(X, w, b).backward();
        assertWeightGrad(w, 2, X);
        for (int j = 0; j < 3; j++) {
            assertThat(seen.get(0).data().get(j)).as("first pass, dW[0][%d]", j).isEqualTo(columnSum(X, j));
        }
    }

    @Test
    void aGradientAHookThatRemovedItselfKeptIsNotChangedByTheNextPass() {
        Tensor w = weight();
        Tensor b = bias();
        List<Tensor> seen = new ArrayList<>();
        Tensor.HookHandle[] handle = new Tensor.HookHandle[1];
        handle[0] = w.registerHook(g -> {
            seen.add(g);
            handle[0].remove();
            return null;
        });
        loss(X, w, b).backward();
        loss(X, w, b).backward();
        assertWeightGrad(w, 2, X);
        assertThat(seen).hasSize(1);
        for (int j = 0; j < 3; j++) {
            assertThat(seen.get(0).data().get(j)).as("first pass, dW[0][%d]", j).isEqualTo(columnSum(X, j));
        }
    }

    @Test
    void changingOneLeafsGradientLeavesTheOthersAlone() {
        Tensor x = Tensor.of(X).requiresGrad(true);
        Tensor w = weight();
        Tensor b = bias();
        LinearFunction.apply(x, w, b).sum().backward();
        w.grad().data().set(0, 100);
        b.grad().data().set(0, 100);
        // dX[i][j] = sum_o W[o][j]
        for (int j = 0; j < 3; j++) {
            double expected = w.data().get(j) + w.data().get(3 + j);
            assertThat(x.grad().data().get(j)).isEqualTo(expected);
            assertThat(x.grad().data().get(3 + j)).isEqualTo(expected);
        }
        assertThat(b.grad().data().get(1)).isEqualTo(X.length);
    }
}

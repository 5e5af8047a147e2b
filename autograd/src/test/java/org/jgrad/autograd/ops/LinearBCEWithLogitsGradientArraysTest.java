package org.jgrad.autograd.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jgrad.autograd.BackwardTrace;
import org.jgrad.autograd.GradMode;
import org.jgrad.autograd.Graph;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fused op's gradients are computed by its forward pass: its rule hands the saved sums to W and b as their
 * {@code grad} without a copy, and the next forward writes into the arrays that {@code zeroGrad()} freed. Neither may
 * change a gradient someone can still see: one handed out by {@code grad()}, seen by a hook, kept by a trace, or still
 * saved by a retained graph.
 *
 * <p>Expected gradients are the float64 closed form of logistic regression with the mean loss:
 * {@code dz_i = (sigma(x_i . W + b) - y_i) / m}, {@code dW = sum_i dz_i x_i}, {@code db = sum_i dz_i}.
 */
class LinearBCEWithLogitsGradientArraysTest {
    private static final int M = 40;
    private static final int K = 6;

    private Tensor x;
    private Tensor y;
    private Tensor w;
    private Tensor b;

    @BeforeEach
    void setUp() {
        Random r = new Random(11);
        float[] xs = new float[M * K];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) r.nextGaussian();
        }
        float[] ys = new float[M];
        for (int i = 0; i < M; i++) {
            ys[i] = r.nextBoolean() ? 1f : 0f;
        }
        x = Tensor.of(NDArray.of(xs, Shape.of(M, K)));
        y = Tensor.of(NDArray.of(ys, Shape.of(M, 1)));
        w = Tensor.of(NDArray.of(new float[] {0.3f, -0.2f, 0.1f, 0.5f, -0.4f, 0.05f}, Shape.of(1, K)))
                .requiresGrad(true);
        b = Tensor.of(NDArray.of(new float[] {0.1f}, Shape.of(1))).requiresGrad(true);
    }

    /** {dW_0 .. dW_{K-1}, db} at the current W and b, in float64. */
    private double[] closedForm() {
        double[] g = new double[K + 1];
        for (int i = 0; i < M; i++) {
            double z = b.data().get(0);
            for (int j = 0; j < K; j++) {
                z += x.data().get(i * K + j) * w.data().get(j);
            }
            double dz = (1 / (1 + Math.exp(-z)) - y.data().get(i)) / M;
            for (int j = 0; j < K; j++) {
                g[j] += dz * x.data().get(i * K + j);
            }
            g[K] += dz;
        }
        return g;
    }

    private static void assertGradient(Tensor dw, Tensor db, double[] expected, double times) {
        for (int j = 0; j < K; j++) {
            assertThat(dw.data().get(j)).as("dW[%d]", j).isCloseTo(times * expected[j], within(1e-6));
        }
        assertThat(db.data().get(0)).as("db").isCloseTo(times * expected[K], within(1e-6));
    }

    private Tensor loss() {
        return LinearBCEWithLogits.apply(x, w, b, y);
    }

    private void zeroGrad() {
        w.zeroGrad();
        b.zeroGrad();
    }

    /** What an SGD step does with the gradient (and so the next step's gradient differs from this one's). */
    private void descend() {
        w.data().addInPlace(-2.0, w.gradForStep().data());
        b.data().addInPlace(-2.0, b.gradForStep().data());
    }

    @Test
    void zeroGradThenForwardWritesTheNextGradientIntoTheFreedArrays() {
        Object firstW = null;
        Object firstB = null;
        for (int step = 0; step < 4; step++) {
            zeroGrad();
            double[] expected = closedForm();
            loss().backward();
            assertGradient(w.gradForStep(), b.gradForStep(), expected, 1);
            if (step == 0) {
                firstW = w.gradForStep().data();
                firstB = b.gradForStep().data();
            } else {
                assertThat(w.gradForStep().data()).isSameAs(firstW);
                assertThat(b.gradForStep().data()).isSameAs(firstB);
            }
            descend();
        }
    }

    @Test
    void forwardThenZeroGradAlternatesBetweenTwoArrays() {
        // the bench's order: the forward runs while the last step's gradient is still W's grad
        Set<Object> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int step = 0; step < 6; step++) {
            double[] expected = closedForm();
            Tensor loss = loss();
            zeroGrad();
            loss.backward();
            assertGradient(w.gradForStep(), b.gradForStep(), expected, 1);
            arrays.add(w.gradForStep().data());
            descend();
        }
        assertThat(arrays).hasSize(2);
    }

    @Test
    void aGradientHandedOutByGradKeepsItsValues() {
        double[] first = closedForm();
        loss().backward();
        Tensor heldW = w.grad();
        Tensor heldB = b.grad();
        descend();
        for (int step = 0; step < 3; step++) {
            zeroGrad();
            double[] expected = closedForm();
            loss().backward();
            assertGradient(w.grad(), b.grad(), expected, 1);
            descend();
        }
        assertGradient(heldW, heldB, first, 1);
    }

    @Test
    void gradientsAccumulateWithoutZeroGrad() {
        double[] expected = closedForm();
        loss().backward();
        loss().backward();
        loss().backward();
        assertGradient(w.gradForStep(), b.gradForStep(), expected, 3);
    }

    @Test
    void aRetainedGraphKeepsItsSavedSumsWhileGradientsAccumulate() {
        // were the saved sums handed over, the second pass would add them into themselves and the third give 4 dW
        double[] expected = closedForm();
        Tensor loss = loss();
        loss.backward(null, true, false);
        loss.backward(null, true, false);
        loss.backward(null, true, false);
        assertGradient(w.grad(), b.grad(), expected, 3);
    }

    @Test
    void aGradientAHookSawKeepsItsValues() {
        List<Tensor> seen = new ArrayList<>();
        w.registerHook(g -> {
            seen.add(g);
            return null;
        });
        List<double[]> expected = new ArrayList<>();
        for (int step = 0; step < 3; step++) {
            zeroGrad();
            expected.add(closedForm());
            loss().backward();
            descend();
        }
        for (int step = 0; step < 3; step++) {
            assertGradient(seen.get(step), Tensor.of(NDArray.of(new float[] {(float) expected.get(step)[K]},
                    Shape.of(1))), expected.get(step), 1);
        }
    }

    @Test
    void aRecordedTraceKeepsTheGradientsItShows() {
        double[] first = closedForm();
        BackwardTrace trace = Graph.trace(loss());
        descend();
        for (int step = 0; step < 3; step++) {
            zeroGrad();
            loss().backward();
            descend();
        }
        assertGradient(trace.gradient(w), trace.gradient(b), first, 1);
    }

    @Test
    void aForwardWithoutGradModeLeavesTheFreedArraysForTheNextStep() {
        loss().backward();
        Object first = w.gradForStep().data();
        descend();
        zeroGrad();
        try (GradMode.Scope off = GradMode.noGrad()) {
            assertThat(loss().requiresGrad()).isFalse();
        }
        double[] expected = closedForm();
        loss().backward();
        assertThat(w.gradForStep().data()).isSameAs(first);
        assertGradient(w.gradForStep(), b.gradForStep(), expected, 1);
    }

    @Test
    void aSecondOrderBackwardGetsAGradientThatRefusesToBeDifferentiatedAgain() {
        loss().backward();
        descend();
        zeroGrad();
        double[] expected = closedForm();
        loss().backward(null, true, true);
        assertThat(w.grad().requiresGrad()).isTrue();
        assertGradient(w.grad(), b.grad(), expected, 1);
        assertThatThrownBy(() -> w.grad().sum().backward()).hasMessageContaining("once differentiable");
    }
}

package org.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jgrad.autograd.ops.LinearFunction;
import org.jgrad.autograd.ops.LinearRelu;
import org.jgrad.core.ArrayPool;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine gives {@link ArrayPool} the gradients of intermediate tensors that nothing can reach any more, and
 * nothing else: not what a hook, a retained grad, a trace or the functional {@code grad} saw, not a leaf's grad, not a
 * forward result. The net is {@code L = sum(relu(x W1^T + b1) W2^T + b2)} in float64, with M x H = 128 x 256
 * activations (above {@link ArrayPool#MIN_LENGTH}); by hand, {@code dL/da[i][j] = sum_o W2[o][j]} for every row i
 * and {@code dL/dz = dL/da [z > 0]}. Of its gradients only dL/da (whose rule, relu's, returns a new array) and dL/dz
 * (the first Linear's) are dead after their rules; dL/dy comes from sum's rule, which the engine does not own.
 */
class IntermediateGradientReuseTest {
    private static final int M = 128;
    private static final int IN = 64;
    private static final int H = 256;
    private static final long ONE = 8L * M * H;

    private final Random random = new Random(7);
    private final Tensor x = tensor(M, IN, false);
    private final Tensor w1 = tensor(H, IN, true);
    private final Tensor b1 = tensor(H, 1, true).reshape(H).detach().requiresGrad(true);
    private final Tensor w2 = tensor(H, H, true);
    private final Tensor b2 = tensor(H, 1, true).reshape(H).detach().requiresGrad(true);

    private Tensor tensor(int rows, int cols, boolean grad) {
        double[][] v = new double[rows][cols];
        for (double[] row : v) {
            for (int j = 0; j < cols; j++) {
                row[j] = random.nextGaussian() * 0.2;
            }
        }
        return Tensor.of(v).requiresGrad(grad);
    }

    @BeforeEach
    void start() {
        // the pool's contents are asserted exactly: its housekeeping stays on this thread (no worker racing it)
        ArrayPool.setEnabled(true);
        ArrayPool.setBackground(false);
        ArrayPool.clear();
    }

    @AfterEach
    void end() {
        ArrayPool.setEnabled(true);
        ArrayPool.setBackground(true);
        ArrayPool.clear();
    }

    /** dL/da by hand: column sums of W2, the same for every row. */
    private double[] expectedDa() {
        double[] d = new double[H];
        NDArray w = w2.data();
        for (int o = 0; o < H; o++) {
            for (int j = 0; j < H; j++) {
                d[j] += w.get(o * H + j);
            }
        }
        return d;
    }

    private void assertIsDa(Tensor g) {
        double[] d = expectedDa();
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < H; j++) {
                assertThat(g.data().get(i * H + j)).as("dL/da[%d][%d]", i, j).isCloseTo(d[j],
                        org.assertj.core.data.Offset.offset(1e-12));
            }
        }
    }

    /** Takes every kept array of the activations' length out of the pool and fills it with junk. */
    private static List<double[]> drainAndScribble() {
        List<double[]> taken = new ArrayList<>();
        for (int i = 0; i < ArrayPool.PER_LENGTH + 1; i++) {
            double[] a = NDArray.zeros(DType.FLOAT64, Shape.of(M, H)).doubles();
            java.util.Arrays.fill(a, 12345.0);
            taken.add(a);
        }
        return taken;
    }

    @Test
    void theTwoDeadIntermediateGradientsAreKeptAndComeBackAsZeros() {
        Tensor a = LinearFunction.apply(x, w1, b1).relu();
        LinearFunction.apply(a, w2, b2).sum().backward();
        assertThat(ArrayPool.keptBytes()).isEqualTo(2 * ONE);
        assertThat(NDArray.zeros(DType.FLOAT64, Shape.of(M, H)).doubles()).containsOnly(0.0);
        assertThat(NDArray.zeros(DType.FLOAT64, Shape.of(M, H)).doubles()).containsOnly(0.0);
        assertThat(ArrayPool.keptBytes()).isZero();
    }

    @Test
    void theFusedLinearReluGivesBackItsOwnDzAndItsGradientsStayRight() {
        // LinearRelu's rule makes dL/dz = dL/da [a > 0] itself and nothing outside the rule ever sees it: with no graph
        // recorded it goes back too, beside dL/da (which the engine gives back)
        Tensor a = LinearRelu.apply(x, w1, b1);
        LinearFunction.apply(a, w2, b2).sum().backward();
        assertThat(ArrayPool.keptBytes()).isEqualTo(2 * ONE);
        double[] fusedW1 = w1.grad().data().doubles().clone();
        double[] fusedB1 = b1.grad().data().doubles().clone();
        drainAndScribble();
        assertThat(w1.grad().data().doubles()).isEqualTo(fusedW1);
        w1.zeroGrad();
        b1.zeroGrad();
        w2.zeroGrad();
        b2.zeroGrad();
        ArrayPool.setEnabled(false);
        LinearFunction.apply(LinearFunction.apply(x, w1, b1).relu(), w2, b2).sum().backward();
        assertThat(fusedW1).isEqualTo(w1.grad().data().doubles());
        assertThat(fusedB1).isEqualTo(b1.grad().data().doubles());
    }

    @Test
    void theFusedLinearReluKeepsDzWhenTheRuleIsRecorded() {
        // createGraph: dL/dz is a node of the new graph (dL/dW1 = dz^T x is differentiated through it), so it must
        // stay; the second derivatives then match the unfused relu's bit for bit, with the pool's arrays scribbled on
        double[] fused = secondOrder(true);
        ArrayPool.setEnabled(false);
        assertThat(fused).isEqualTo(secondOrder(false));
    }

    /** d/dW2 of sum(dL/dW1) for L = sum(y * sum(a)), with a the fused LinearRelu or relu(Linear). */
    private double[] secondOrder(boolean fusedRelu) {
        w2.zeroGrad();
        Tensor a = fusedRelu ? LinearRelu.apply(x, w1, b1) : LinearFunction.apply(x, w1, b1).relu();
        Tensor loss = LinearFunction.apply(a, w2, b2).mul(a.sum()).sum();
        Tensor gw1 = Autograd.grad(List.of(loss), List.of(w1), null, true, true, false).get(0);
        if (fusedRelu) {
            assertThat(ArrayPool.keptBytes()).as("after the createGraph pass").isZero();
            drainAndScribble();
        }
        gw1.sum().backward();
        return w2.grad().data().doubles().clone();
    }

    @Test
    void offNothingIsKept() {
        ArrayPool.setEnabled(false);
        Tensor a = LinearFunction.apply(x, w1, b1).relu();
        LinearFunction.apply(a, w2, b2).sum().backward();
        assertThat(ArrayPool.keptBytes()).isZero();
    }

    @Test
    void forwardResultsAndLeafGradientsAreNeverHandedOut() {
        Tensor z = LinearFunction.apply(x, w1, b1);
        Tensor a = z.relu();
        Tensor y = LinearFunction.apply(a, w2, b2);
        y.sum().backward();
        double[] zBefore = z.data().doubles().clone();
        double[] aBefore = a.data().doubles().clone();
        double[] w2GradBefore = w2.grad().data().doubles().clone();
        for (double[] taken : drainAndScribble()) {
            assertThat(taken).isNotSameAs(z.data().doubles()).isNotSameAs(a.data().doubles())
                    .isNotSameAs(y.data().doubles()).isNotSameAs(w2.grad().data().doubles());
        }
        assertThat(z.data().doubles()).isEqualTo(zBefore);
        assertThat(a.data().doubles()).isEqualTo(aBefore);
        assertThat(w2.grad().data().doubles()).isEqualTo(w2GradBefore);
    }

    @Test
    void aGradientAHookSawStaysIntact() {
        Tensor a = LinearFunction.apply(x, w1, b1).relu();
        Tensor[] seen = new Tensor[1];
        a.registerHook(g -> {
            seen[0] = g;
            return null;
        });
        LinearFunction.apply(a, w2, b2).sum().backward();
        assertThat(ArrayPool.keptBytes()).as("only dL/dz").isEqualTo(ONE);
        for (double[] taken : drainAndScribble()) {
            assertThat(taken).isNotSameAs(seen[0].data().doubles());
        }
        assertIsDa(seen[0]);
    }

    @Test
    void aGradientAHookThatRemovedItselfSawStaysIntact() {
        Tensor a = LinearFunction.apply(x, w1, b1).relu();
        Tensor[] seen = new Tensor[1];
        Tensor.HookHandle[] handle = new Tensor.HookHandle[1];
        handle[0] = a.registerHook(g -> {
            seen[0] = g;
            handle[0].remove();
            return null;
        });
        LinearFunction.apply(a, w2, b2).sum().backward();
        assertThat(ArrayPool.keptBytes()).as("only dL/dz").isEqualTo(ONE);
        drainAndScribble();
        assertIsDa(seen[0]);
    }

    @Test
    void aViewOfADeadGradientKeepsItAlive() {
        // reshape's rule hands its input a view of its gradient: that gradient must not be given back, or relu's
        // rule would get it from NDArray.zeros for its own result, zero it, and dL/dW1 would come out 0
        Tensor a = LinearFunction.apply(x, w1, b1).relu();
        LinearFunction.apply(a.reshape(M * H).reshape(M, H), w2, b2).sum().backward();
        double[] viaViews = w1.grad().data().doubles().clone();
        w1.zeroGrad();
        ArrayPool.clear();
        Tensor a2 = LinearFunction.apply(x, w1, b1).relu();
        LinearFunction.apply(a2, w2, b2).sum().backward();
        assertThat(viaViews).isEqualTo(w1.grad().data().doubles());
        assertThat(java.util.Arrays.stream(viaViews).filter(v -> v != 0).count()).as("nonzero elements of dL/dW1")
                .isGreaterThan(viaViews.length / 2);
    }

    @Test
    void aSeedTheCallerGaveIsNotGivenBack() {
        Tensor z = LinearFunction.apply(x, w1, b1);
        double[] seed = new double[M * H];
        java.util.Arrays.fill(seed, 0.5);
        Tensor gradient = Tensor.of(NDArray.of(seed.clone(), Shape.of(M, H)));
        z.backward(gradient);
        for (double[] taken : drainAndScribble()) {
            assertThat(taken).isNotSameAs(gradient.data().doubles());
        }
        assertThat(gradient.data().doubles()).isEqualTo(seed);
    }

    @Test
    void aRetainedGradientStaysIntact() {
        Tensor a = LinearFunction.apply(x, w1, b1).relu().retainGrad();
        LinearFunction.apply(a, w2, b2).sum().backward();
        assertThat(ArrayPool.keptBytes()).as("only dL/dz").isEqualTo(ONE);
        drainAndScribble();
        assertIsDa(a.grad());
    }

    @Test
    void theFunctionalGradAndARecordedGraphKeepEverything() {
        Tensor a = LinearFunction.apply(x, w1, b1).relu();
        Tensor da = Autograd.grad(LinearFunction.apply(a, w2, b2).sum(), a).get(0);
        assertThat(ArrayPool.keptBytes()).isZero();
        drainAndScribble();
        assertIsDa(da);

        // a2 used twice: its gradient is a sum the pass made, which with createGraph is a node of the new graph
        Tensor a2 = LinearFunction.apply(x, w1, b1).relu();
        Tensor loss = LinearFunction.apply(a2, w2, b2).sum().add(LinearFunction.apply(a2, w2, b2).sum());
        loss.backward(Tensor.of(NDArray.full(DType.FLOAT64, Shape.SCALAR, 1.0)), true, true);
        assertThat(ArrayPool.keptBytes()).isZero();
    }

    @Test
    void aTracedPassKeepsEverything() {
        Tensor a = LinearFunction.apply(x, w1, b1).relu();
        Tensor loss = LinearFunction.apply(a, w2, b2).sum();
        try (var steps = Graph.recordSteps()) {
            loss.backward();
        }
        assertThat(ArrayPool.keptBytes()).isZero();
    }

    @Test
    void stepsOfTrainingGiveTheSameBitsWithAndWithoutThePool() {
        double[][] on = train(true);
        double[][] off = train(false);
        for (int p = 0; p < on.length; p++) {
            assertThat(on[p]).as("parameter %d", p).isEqualTo(off[p]);
        }
    }

    /** Five plain SGD steps from the same start; the parameters after them. */
    private double[][] train(boolean pool) {
        ArrayPool.setEnabled(pool);
        List<Tensor> params = List.of(w1.detach().data().copy(), b1.detach().data().copy(), w2.detach().data().copy(),
                b2.detach().data().copy()).stream().map(d -> Tensor.of(d).requiresGrad(true)).toList();
        boolean kept = false;
        for (int step = 0; step < 5; step++) {
            Tensor a = LinearFunction.apply(x, params.get(0), params.get(1)).relu();
            Tensor y = LinearFunction.apply(a, params.get(2), params.get(3));
            y.mul(y).sum().backward();
            kept |= ArrayPool.keptBytes() > 0;
            for (Tensor p : params) {
                p.data().addInPlace(-1e-3, p.grad().data());
                p.zeroGrad();
            }
        }
        assertThat(kept).as("the pool was used").isEqualTo(pool);
        return params.stream().map(p -> p.data().doubles().clone()).toArray(double[][]::new);
    }
}

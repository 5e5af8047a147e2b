package org.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.jgrad.autograd.ops.LinearBCEWithLogits;
import org.jgrad.autograd.ops.LinearFunction;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.Test;

/**
 * Second derivatives: backward passes recorded with createGraph, the functional helpers built on them, and the
 * errors that keep them honest (once-differentiable ops). Expected values are closed forms derived in the comments,
 * or finite differences in float64.
 */
class SecondOrderTest {

    private static Tensor vector(double... v) {
        return Tensor.of(v, DType.FLOAT64, v.length);
    }

    @Test
    void secondDerivativeOfACubeByRecordingTheFirstPass() {
        // y = x^3: dy/dx = 3x^2 = 27 at x = 3, d2y/dx2 = 6x = 18, d3y/dx3 = 6
        Tensor x = Tensor.scalar(3, DType.FLOAT64).requiresGrad(true);
        Tensor y = x.mul(x).mul(x);
        Tensor dy = Autograd.grad(List.of(y), List.of(x), null, true, true, false).get(0);
        assertThat(dy.item()).isEqualTo(27.0);
        assertThat(dy.requiresGrad()).isTrue();
        Tensor d2y = Autograd.grad(List.of(dy), List.of(x), null, true, true, false).get(0);
        assertThat(d2y.item()).isEqualTo(18.0);
        Tensor d3y = Autograd.grad(d2y, x).get(0);
        assertThat(d3y.item()).isEqualTo(6.0);
    }

    @Test
    void backwardWithCreateGraphLeavesADifferentiableGrad() {
        // f = sum(exp(x)): grad = exp(x); sum(grad) differentiated again gives exp(x) once more
        Tensor x = vector(0.5, -1).requiresGrad(true);
        x.exp().sum().backward(null, false, true);
        Tensor g = x.grad();
        assertThat(g.requiresGrad()).isTrue();
        assertThat(g.data().get(0)).isCloseTo(Math.exp(0.5), within(1e-15));
        Tensor gg = Autograd.grad(g.sum(), x).get(0);
        assertThat(gg.data().get(1)).isCloseTo(Math.exp(-1), within(1e-15));
    }

    @Test
    void hessianOfACubicIsDiagonalSixX() {
        // f = sum x_i^3 + x_0 x_1: H = diag(6 x) + [[0, 1], [1, 0]]
        Tensor x = vector(1, 2);
        Tensor h = Functional.hessian(v -> v.pow(3).sum().add(v.indexSelect(0, 0).mul(v.indexSelect(0, 1)).sum()), x);
        assertThat(h.shape()).isEqualTo(Shape.of(2, 2));
        assertThat(h.data().get(0)).isCloseTo(6, within(1e-12));
        assertThat(h.data().get(1)).isCloseTo(1, within(1e-12));
        assertThat(h.data().get(2)).isCloseTo(1, within(1e-12));
        assertThat(h.data().get(3)).isCloseTo(12, within(1e-12));
        assertThat(x.requiresGrad()).isFalse();   // the functional helpers work on a copy
    }

    @Test
    void jacobianOfTanhOfXTimesAIsDiagOneMinusTanhSquaredTimesATransposed() {
        // y = tanh(x A), x (n,), A (n, k): dy_i/dx_j = (1 - y_i^2) A_ji, so J = diag(1 - y^2) A^T, shape (k, n)
        Random r = new Random(3);
        int n = 4;
        int k = 3;
        double[] av = new double[n * k];
        for (int i = 0; i < av.length; i++) {
            av[i] = r.nextGaussian();
        }
        Tensor a = Tensor.of(av, DType.FLOAT64, n, k);
        Tensor x = vector(0.3, -0.7, 1.1, 0.05);
        Tensor jac = Functional.jacobian(v -> v.matmul(a).tanh(), x);
        assertThat(jac.shape()).isEqualTo(Shape.of(k, n));
        for (int i = 0; i < k; i++) {
            double zi = 0;
            for (int j = 0; j < n; j++) {
                zi += x.data().get(j) * av[j * k + i];
            }
            double yi = Math.tanh(zi);
            for (int j = 0; j < n; j++) {
                assertThat(jac.data().get(i * n + j)).isCloseTo((1 - yi * yi) * av[j * k + i], within(1e-14));
            }
        }
    }

    @Test
    void hvpEqualsTheFiniteDifferenceOfGradients() {
        // H v ~ (grad f(x + h v) - grad f(x - h v)) / 2h, for a function with a full Hessian
        java.util.function.UnaryOperator<Tensor> f = t -> t.mul(t).sum().exp().add(t.sigmoid().mul(t.sum()).sum());
        Tensor x = vector(0.2, -0.4, 0.3);
        Tensor v = vector(1.0, 0.5, -2.0);
        Tensor hv = Functional.hvp(f, x, v).product();
        double h = 1e-5;
        double[] plus = gradient(f, shifted(x, v, h));
        double[] minus = gradient(f, shifted(x, v, -h));
        for (int i = 0; i < 3; i++) {
            assertThat(hv.data().get(i)).isCloseTo((plus[i] - minus[i]) / (2 * h), within(1e-7));
        }
    }

    @Test
    void jvpAndVjpAreTheJacobianTimesVectors() {
        // y = x * x (elementwise) * c: J = diag(2 x c); J u = 2 x c u; v^T J = 2 x c v
        Tensor c = vector(1, 2, 3);
        Tensor x = vector(0.5, -1, 2);
        Tensor u = vector(1, 1, -1);
        Functional.Product jvp = Functional.jvp(t -> t.mul(t).mul(c), x, u);
        Functional.Product vjp = Functional.vjp(t -> t.mul(t).mul(c), x, u);
        double[] expected = {2 * 0.5 * 1 * 1, 2 * -1 * 2 * 1, 2 * 2 * 3 * -1};
        for (int i = 0; i < 3; i++) {
            assertThat(jvp.product().data().get(i)).isCloseTo(expected[i], within(1e-14));
            assertThat(vjp.product().data().get(i)).isCloseTo(expected[i], within(1e-14));
        }
        assertThat(jvp.value().data().get(2)).isEqualTo(12.0);
    }

    @Test
    void gradgradcheckCatchesARuleThatIsRightOnceAndWrongTwice() {
        // z = x^2 with the rule dz * 2 * x.detach(): the first derivative is right, the second (0 instead of 2) wrong
        Tensor x = vector(0.5, 1.5).requiresGrad(true);
        GradCheck.check(in -> GradCheckTest.DetachedSquare.apply(in[0]), x);
        assertThatThrownBy(() -> GradCheck.gradgradcheck(in -> GradCheckTest.DetachedSquare.apply(in[0]), x))
                .isInstanceOf(AssertionError.class).hasMessageContaining("gradgradcheck failed");
        GradCheck.gradgradcheck(in -> in[0].mul(in[0]), x);
    }

    @Test
    void differentiatingAOnceDifferentiableOpTwiceNamesIt() {
        Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        Tensor y = Tensor.of(new float[][] {{1}, {0}});
        Tensor w = Tensor.of(new float[][] {{0.1f, -0.2f}}).requiresGrad(true);
        Tensor b = Tensor.of(0.05f).requiresGrad(true);
        Tensor loss = LinearBCEWithLogits.apply(x, w, b, y);
        Tensor gw = Autograd.grad(List.of(loss), List.of(w), null, true, true, false).get(0);
        // the first derivative is still right: dL/dW = sum_i (a_i - y_i) x_i / m
        double a0 = 1 / (1 + Math.exp(-(0.1 - 0.4 + 0.05)));
        double a1 = 1 / (1 + Math.exp(-(0.3 - 0.8 + 0.05)));
        assertThat(gw.data().get(0)).isCloseTo((float) (((a0 - 1) * 1 + a1 * 3) / 2), within(1e-6));
        assertThatThrownBy(() -> Autograd.grad(gw.sum(), w))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("LinearBCEWithLogitsBackward is once differentiable");
    }

    @Test
    void linearAndTheLossesAreDifferentiableTwice() {
        Tensor x = Shapes.uniform(Shape.of(3, 2), 1);
        Tensor w = Shapes.uniform(Shape.of(2, 2), 2);
        Tensor b = Shapes.uniform(Shape.of(2), 3);
        GradCheck.gradgradcheck(in -> LinearFunction.apply(in[0], in[1], in[2]), x, w, b);
    }

    private static Tensor shifted(Tensor x, Tensor v, double h) {
        NDArray s = x.data().copy();
        for (int i = 0; i < s.size(); i++) {
            s.set(i, s.get(i) + h * v.data().get(i));
        }
        return Tensor.of(s);
    }

    private static double[] gradient(java.util.function.UnaryOperator<Tensor> f, Tensor x) {
        Tensor in = Tensor.of(x.data().copy()).requiresGrad(true);
        NDArray g = Autograd.grad(f.apply(in), in).get(0).data();
        double[] out = new double[g.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = g.get(i);
        }
        return out;
    }
}

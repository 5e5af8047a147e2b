package org.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.jgrad.core.DType;
import org.jgrad.core.Elementwise;
import org.junit.jupiter.api.Test;

/** GradCheck itself: it must catch a wrong rule and name where, and refuse float32. */
class GradCheckTest {

    /** z = x^2 with the wrong rule dz/dx = 3x (the right one is 2x). */
    static final class WrongSquare extends Function {
        static Tensor apply(Tensor x) {
            WrongSquare f = new WrongSquare();
            f.save(x);
            return f.output(Elementwise.mul(x.data(), x.data()), x);
        }

        @Override
        protected Tensor[] backward(Tensor dz) {
            return grads(dz.mul(saved(0).mul(3)));
        }
    }

    /** z = x^2 with the rule dz * 2 * x.detach(): right as a first derivative, but constant in x when recorded. */
    static final class DetachedSquare extends Function {
        static Tensor apply(Tensor x) {
            DetachedSquare f = new DetachedSquare();
            f.save(x);
            return f.output(Elementwise.mul(x.data(), x.data()), x);
        }

        @Override
        protected Tensor[] backward(Tensor dz) {
            return grads(dz.mul(saved(0).detach().mul(2)));
        }
    }

    @Test
    void aWrongRuleIsCaughtAtItsWorstElement() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        GradCheck.Worst w = GradCheck.compare(in -> WrongSquare.apply(in[0]), x);
        // the error 3x - 2x = x is largest at x = 2: analytic 6, numeric 4
        assertThat(w.passed()).isFalse();
        assertThat(w.input()).isZero();
        assertThat(w.index()).isEqualTo(1);
        assertThat(w.outputIndex()).isEqualTo(1);
        assertThat(w.analytic()).isEqualTo(6.0);
        assertThat(w.numeric()).isCloseTo(4.0, within(1e-6));
        assertThatThrownBy(() -> GradCheck.check(in -> WrongSquare.apply(in[0]), x))
                .isInstanceOf(AssertionError.class).hasMessageContaining("analytic 6.0")
                .hasMessageContaining("element 1");
    }

    @Test
    void aRightRulePasses() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        GradCheck.Worst w = GradCheck.compare(in -> in[0].mul(in[0]), x);
        assertThat(w.passed()).isTrue();
        assertThat(Math.abs(w.analytic() - w.numeric())).isLessThan(1e-6);
        assertThat(x.grad()).as("gradcheck leaves .grad alone").isNull();
    }

    @Test
    void float32IsRefusedWithTheReason() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        assertThatThrownBy(() -> GradCheck.check(in -> in[0].exp(), x))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("float32")
                .hasMessageContaining("expected float64").hasMessageContaining("to(DType.FLOAT64)");
    }

    @Test
    void inputsThatNeedNoGradientAreConstants() {
        Tensor x = Tensor.of(0.5, 1.5).requiresGrad(true);
        Tensor c = Tensor.of(new double[] {2}, DType.FLOAT64, 1);
        GradCheck.check(in -> in[0].pow(in[1]), x, c);
        assertThatThrownBy(() -> GradCheck.check(in -> in[0].exp(), c)).hasMessageContaining("no input requires grad");
    }
}

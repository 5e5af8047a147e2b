package org.jgrad.autograd.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.Test;

/** The fused softmax + cross-entropy op against the formula, including logits whose exp would overflow. */
class CrossEntropyTest {

    private static NDArray targets(double... t) {
        return NDArray.of(t, Shape.of(t.length));
    }


    @Test
    void lossAndGradientFollowTheFormula() {
        Tensor z = Tensor.of(new float[][] {{1, 2, 3}, {1000, 0, -1000}}).requiresGrad(true);
        Tensor loss = CrossEntropy.apply(z, targets(2, 1), null, Reduction.MEAN);
        // row 0: log(e^1 + e^2 + e^3) - 3 = log(1 + e^-1 + e^-2); row 1: 1000 + log(1 + e^-1000 + e^-2000) - 0
        double s0 = 1 + Math.exp(-1) + Math.exp(-2);
        assertThat(loss.item()).isCloseTo((Math.log(s0) + 1000) / 2, within(1e-3));
        loss.backward();
        // dz = (softmax - onehot) / m
        double[] p0 = {Math.exp(-2) / s0, Math.exp(-1) / s0, 1 / s0};
        assertThat(z.grad().data().get(0)).isCloseTo(p0[0] / 2, within(1e-6));
        assertThat(z.grad().data().get(1)).isCloseTo(p0[1] / 2, within(1e-6));
        assertThat(z.grad().data().get(2)).isCloseTo((p0[2] - 1) / 2, within(1e-6));
        assertThat(z.grad().data().get(3)).isCloseTo(0.5, within(1e-6));
        assertThat(z.grad().data().get(4)).isCloseTo(-0.5, within(1e-6));
        assertThat(z.grad().data().get(5)).isCloseTo(0.0, within(1e-6));
    }

    @Test
    void badTargetsAreNamed() {
        Tensor z = Tensor.of(new float[][] {{1, 2, 3}});
        assertThatThrownBy(() -> CrossEntropy.apply(z, targets(3), null, Reduction.MEAN))
                .hasMessage("cross-entropy: target 0 is 3.0, expected a class index 0..2");
        assertThatThrownBy(() -> CrossEntropy.apply(z, targets(0, 1), null, Reduction.MEAN))
                .hasMessage("cross-entropy: expected targets of shape (1,) for logits (1, 3), got (2,)");
    }
}

package org.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.jgrad.autograd.ops.BinaryCrossEntropyWithLogits;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.Test;

/**
 * sigmoid, softplus, logSigmoid, logSoftmax and BCE with logits stay finite and correct for inputs up to +-1e4 and at
 * the float32 extremes, values and gradients, compared with the formulas evaluated here in double precision.
 */
class ExtremeInputsTest {
    private static final float[] INPUTS = {-Float.MAX_VALUE, -1e30f, -1e4f, -100f, -20f, -1f, -Float.MIN_NORMAL,
        -Float.MIN_VALUE, -0f, 0f, Float.MIN_VALUE, Float.MIN_NORMAL, 1f, 20f, 100f, 1e4f, 1e30f, Float.MAX_VALUE};

    private static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    /** Elementwise op: value f(x) and derivative f'(x) checked at every extreme input. */
    private static void check(UnaryOperator<Tensor> op, DoubleUnaryOperator value, DoubleUnaryOperator derivative) {
        Tensor x = Tensor.of(NDArray.of(INPUTS.clone(), Shape.of(INPUTS.length))).requiresGrad(true);
        Tensor y = op.apply(x);
        y.sum().backward();
        for (int i = 0; i < INPUTS.length; i++) {
            double xi = INPUTS[i];
            double v = y.data().get(i);
            double g = x.grad().data().get(i);
            assertThat(Double.isFinite(v)).as("value at %s is %s", xi, v).isTrue();
            assertThat(Double.isFinite(g)).as("gradient at %s is %s", xi, g).isTrue();
            double ev = value.applyAsDouble(xi);
            double eg = derivative.applyAsDouble(xi);
            assertThat(v).as("value at %s", xi).isCloseTo(ev, within(1e-6 * Math.max(1, Math.abs(ev))));
            assertThat(g).as("gradient at %s", xi).isCloseTo(eg, within(1e-6));
        }
    }

    @Test
    void sigmoid() {
        // d sigma / dx = sigma (1 - sigma)
        check(Tensor::sigmoid, ExtremeInputsTest::sigmoid, x -> sigmoid(x) * (1 - sigmoid(x)));
    }

    @Test
    void softplus() {
        // softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^-|x|); derivative sigma(x)
        check(Tensor::softplus, x -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))), ExtremeInputsTest::sigmoid);
    }

    @Test
    void logSigmoid() {
        // log sigma(x) = min(x, 0) - log1p(e^-|x|); derivative 1 - sigma(x) = sigma(-x)
        check(Tensor::logSigmoid, x -> Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x))), x -> sigmoid(-x));
    }

    @Test
    void logSoftmaxOfHugeLogits() {
        // rows [1e4, -1e4, 0] and [1e38, 1e38, -1e38]: log softmax_i = z_i - max - log(sum e^(z_j - max))
        // (the gap -2e38 still fits in float32; a gap beyond 3.4e38 is -inf in float32, as in PyTorch)
        float[] z = {1e4f, -1e4f, 0f, 1e38f, 1e38f, -1e38f};
        Tensor x = Tensor.of(NDArray.of(z, Shape.of(2, 3))).requiresGrad(true);
        Tensor ls = x.logSoftmax(1);
        double[] expected = {0, -2e4, -1e4, -Math.log(2), -Math.log(2), -2e38};
        for (int i = 0; i < 6; i++) {
            assertThat(ls.data().get(i)).isCloseTo(expected[i], within(1e-6 * Math.max(1, Math.abs(expected[i]))));
        }
        // d sum(ls[:, 0]) / dz = onehot(0) - softmax: row 0 softmax = [1, 0, 0] -> gradient [0, 0, 0]
        Tensor pick = Tensor.of(NDArray.of(new float[] {1, 0, 0, 1, 0, 0}, Shape.of(2, 3)));
        ls.mul(pick).sum().backward();
        double[] grad = {0, 0, 0, 0.5, -0.5, 0};
        for (int i = 0; i < 6; i++) {
            assertThat(x.grad().data().get(i)).isCloseTo(grad[i], within(1e-6));
        }
    }

    @Test
    void bceWithLogitsAtEveryExtreme() {
        for (float label : new float[] {0f, 1f}) {
            for (float zi : INPUTS) {
                Tensor z = Tensor.of(NDArray.of(new float[] {zi}, Shape.of(1, 1))).requiresGrad(true);
                Tensor y = Tensor.of(NDArray.of(new float[] {label}, Shape.of(1, 1)));
                Tensor loss = BinaryCrossEntropyWithLogits.apply(z, y);
                loss.backward();
                // loss = max(z, 0) - z y + log1p(e^-|z|); dL/dz = sigma(z) - y
                double expected = Math.max(zi, 0) - (double) zi * label + Math.log1p(Math.exp(-Math.abs(zi)));
                assertThat(loss.item()).as("loss at z=%s y=%s", zi, label)
                        .isCloseTo(expected, within(1e-6 * Math.max(1, Math.abs(expected))));
                assertThat(z.grad().item()).as("gradient at z=%s y=%s", zi, label)
                        .isCloseTo(sigmoid(zi) - label, within(1e-6));
            }
        }
    }
}

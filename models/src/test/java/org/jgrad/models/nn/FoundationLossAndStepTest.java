package org.jgrad.models.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.models.optim.SGD;
import org.junit.jupiter.api.Test;

class FoundationLossAndStepTest {

    @Test
    void bceWithLogitsByHand() {
        // z = [0, 2, -1], y = [1, 0, 0]
        // losses: log 2; 2 + log(1 + e^-2); log(1 + e^-1)  (max(z,0) - z y + log(1 + e^-|z|))
        Tensor z = Tensor.of(NDArray.of(new float[] {0, 2, -1}, Shape.of(3, 1))).requiresGrad(true);
        Tensor y = Tensor.of(NDArray.of(new float[] {1, 0, 0}, Shape.of(3, 1)));
        Tensor loss = new BCEWithLogitsLoss().forward(z, y);
        double expected = (Math.log(2) + 2 + Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(-1))) / 3;
        assertThat(loss.item()).isCloseTo(expected, within(1e-6));
        loss.backward();
        // dL/dz = (sigma(z) - y) / 3
        double[] sig = {0.5, 1 / (1 + Math.exp(-2)), 1 / (1 + Math.exp(1))};
        double[] yv = {1, 0, 0};
        for (int i = 0; i < 3; i++) {
            assertThat(z.grad().data().get(i)).isCloseTo((sig[i] - yv[i]) / 3, within(1e-7));
        }
    }

    @Test
    void bceWithLogitsIsFiniteForHugeLogits() {
        Tensor z = Tensor.of(NDArray.of(new float[] {1e4f, -1e4f}, Shape.of(2, 1))).requiresGrad(true);
        Tensor y = Tensor.of(NDArray.of(new float[] {0, 1}, Shape.of(2, 1)));
        Tensor loss = new BCEWithLogitsLoss().forward(z, y);
        // each term is |z| = 1e4 (plus log(1 + e^-1e4) = 0)
        assertThat(loss.item()).isCloseTo(1e4, within(1e-2));
        loss.backward();
        assertThat(z.grad().data().get(0)).isCloseTo(0.5, within(1e-7));
        assertThat(z.grad().data().get(1)).isCloseTo(-0.5, within(1e-7));
    }

    @Test
    void labelsOutsideZeroOneNameTheRow() {
        Tensor z = Tensor.zeros(3, 1);
        Tensor y = Tensor.of(NDArray.of(new float[] {0, 1, 2}, Shape.of(3, 1)));
        assertThatThrownBy(() -> new BCEWithLogitsLoss().forward(z, y)).hasMessageContaining("row 2")
                .hasMessageContaining("2.0");
    }

    @Test
    void sgdStepIsWMinusLrTimesGrad() {
        Linear layer = new Linear(2, 1, new Random(1));
        float w0 = layer.weight().data().floats()[0];
        float w1 = layer.weight().data().floats()[1];
        float b0 = layer.bias().data().floats()[0];
        // output = x W^T + b for x = [3, -2]; d output / dW = x, d output / db = 1
        Tensor out = layer.forward(Tensor.of(new float[][] {{3, -2}})).sum();
        new SGD(layer.parameters(), 0.1).step(); // no gradients yet: nothing moves
        assertThat(layer.weight().data().floats()[0]).isEqualTo(w0);
        out.backward();
        new SGD(layer.parameters(), 0.1).step();
        assertThat((double) layer.weight().data().floats()[0]).isCloseTo(w0 - 0.1 * 3, within(1e-6));
        assertThat((double) layer.weight().data().floats()[1]).isCloseTo(w1 + 0.1 * 2, within(1e-6));
        assertThat((double) layer.bias().data().floats()[0]).isCloseTo(b0 - 0.1, within(1e-6));
    }

    @Test
    void linearDefaultInitIsWithinPlusMinusOneOverSqrtIn() {
        Linear layer = new Linear(16, 4, new Random(3));
        for (float v : layer.weight().data().floats()) {
            assertThat((double) Math.abs(v)).isLessThanOrEqualTo(0.25);
        }
        assertThat(layer.parameters()).containsExactly(layer.weight(), layer.bias());
        assertThat(layer.toString()).isEqualTo("Linear(in_features=16, out_features=4, bias=true)");
    }

    @Test
    void invalidLearningRateIsRejected() {
        Linear layer = Linear.zeros(2, 1);
        assertThatThrownBy(() -> new SGD(layer.parameters(), 0)).hasMessageContaining("learning rate");
        assertThatThrownBy(() -> new SGD(layer.parameters(), Double.NaN)).hasMessageContaining("NaN");
    }
}

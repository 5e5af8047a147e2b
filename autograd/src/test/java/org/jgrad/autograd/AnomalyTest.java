package org.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AnomalyTest {

    @AfterEach
    void off() {
        Anomaly.detectAnomaly(false);
    }

    @Test
    void withoutDetectionNaNFlowsSilentlyAsInPyTorch() {
        Tensor x = Tensor.of(-1f).requiresGrad(true);
        assertThat(Double.isNaN(x.log().item())).isTrue();
    }

    @Test
    void forwardAnomalyNamesTheOp() {
        Anomaly.detectAnomaly(true);
        Tensor x = Tensor.of(2f, -1f).requiresGrad(true);
        Tensor y = x.mul(3);      // fine
        assertThatThrownBy(y::log).isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("forward of log");
    }

    @Test
    void backwardAnomalyNamesTheFirstRuleThatProducedIt() {
        Anomaly.detectAnomaly(true);
        Tensor x = Tensor.of(NDArray.of(new float[] {1, 2}, Shape.of(2))).requiresGrad(true);
        Tensor y = x.exp().retainGrad();
        // a hook injects NaN into the gradient flowing into y: ExpBackward is the first rule to pass it on
        y.registerHook(g -> Tensor.of(NDArray.of(new float[] {Float.NaN, 0}, Shape.of(2))));
        Tensor loss = y.sum();
        assertThatThrownBy(loss::backward).isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("ExpBackward");
    }
}

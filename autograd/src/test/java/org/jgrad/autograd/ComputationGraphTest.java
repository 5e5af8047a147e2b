package org.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Tutorial 000, section 06: J = 3(a + bc) at a = 5, b = 3, c = 2, with u = bc and v = a + u. */
class ComputationGraphTest {

    @Test
    void forwardValuesAndEveryGradient() {
        Tensor a = Tensor.scalar(5).requiresGrad(true);
        Tensor b = Tensor.scalar(3).requiresGrad(true);
        Tensor c = Tensor.scalar(2).requiresGrad(true);
        Tensor u = b.mul(c);
        Tensor v = a.add(u);
        Tensor j = v.mul(3);
        assertThat(u.item()).isEqualTo(6.0);
        assertThat(v.item()).isEqualTo(11.0);
        assertThat(j.item()).isEqualTo(33.0);

        j.backward();
        // dJ/dv = 3; dJ/da = dJ/dv * dv/da = 3; dJ/db = dJ/du * du/db = 3c = 6; dJ/dc = 3b = 9
        assertThat(a.grad().item()).isEqualTo(3.0);
        assertThat(b.grad().item()).isEqualTo(6.0);
        assertThat(c.grad().item()).isEqualTo(9.0);
        // non-leaves keep no gradient unless asked, as in PyTorch
        assertThat(u.grad()).isNull();
        assertThat(j.gradFn().name()).isEqualTo("MulBackward");
        assertThat(a.isLeaf()).isTrue();
        assertThat(v.isLeaf()).isFalse();
    }

    @Test
    void retainGradKeepsIntermediateGradients() {
        Tensor a = Tensor.scalar(5).requiresGrad(true);
        Tensor b = Tensor.scalar(3).requiresGrad(true);
        Tensor c = Tensor.scalar(2).requiresGrad(true);
        Tensor u = b.mul(c).retainGrad();
        Tensor v = a.add(u).retainGrad();
        v.mul(3).backward();
        assertThat(u.grad().item()).isEqualTo(3.0);
        assertThat(v.grad().item()).isEqualTo(3.0);
    }

    @Test
    void aTensorUsedTwiceReceivesBothContributions() {
        // b = a + a, c = b * b: dc/da = 2b * 2 = 8a; at a = 3 that is 24
        Tensor a = Tensor.scalar(3).requiresGrad(true);
        Tensor b = a.add(a);
        Tensor c = b.mul(b);
        c.backward();
        assertThat(c.item()).isEqualTo(36.0);
        assertThat(a.grad().item()).isEqualTo(24.0);
    }

    @Test
    void leafGradientsAccumulateAcrossCallsUntilZeroed() {
        Tensor x = Tensor.scalar(2).requiresGrad(true);
        x.mul(x).backward();      // d(x^2)/dx = 4
        x.mul(x).backward();      // + 4
        assertThat(x.grad().item()).isEqualTo(8.0);
        x.zeroGrad();
        x.mul(5).backward();
        assertThat(x.grad().item()).isEqualTo(5.0);
    }

    @Test
    void aHundredThousandStepChainRunsBackwardWithoutOverflowingTheStack() {
        Tensor x = Tensor.scalar(1).requiresGrad(true);
        Tensor y = x;
        int steps = 100_000;
        for (int i = 0; i < steps; i++) {
            y = y.add(1);
        }
        y.backward();
        assertThat(y.item()).isEqualTo(1.0 + steps);
        assertThat(x.grad().item()).isEqualTo(1.0);
    }

    @Test
    void noGradRecordsNothingAndRestoresTheMode() {
        Tensor w = Tensor.scalar(2).requiresGrad(true);
        try (var scope = GradMode.noGrad()) {
            Tensor y = w.mul(3);
            assertThat(y.requiresGrad()).isFalse();
            assertThat(y.gradFn()).isNull();
            assertThat(GradMode.isEnabled()).isFalse();
        }
        assertThat(GradMode.isEnabled()).isTrue();
        assertThat(w.mul(3).gradFn()).isNotNull();
    }

    @Test
    void secondBackwardThroughAFreedGraphSaysHowToAvoidIt() {
        Tensor x = Tensor.scalar(2).requiresGrad(true);
        Tensor y = x.mul(x);
        y.backward();
        assertThatThrownBy(y::backward).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("second time").hasMessageContaining("retainGraph");
        Tensor z = x.mul(x);
        z.backward(null, true, false);
        z.backward(null, true, false);
        assertThat(x.grad().item()).isEqualTo(4.0 + 4.0 + 4.0);
    }

    @Test
    void backwardOnANonScalarWithoutGradientIsAnError() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        assertThatThrownBy(() -> x.mul(2).backward()).hasMessageContaining("scalar")
                .hasMessageContaining("(2,)");
    }

    @Test
    void detachLeavesTheGraph() {
        Tensor x = Tensor.scalar(2).requiresGrad(true);
        Tensor d = x.mul(3).detach();
        assertThat(d.requiresGrad()).isFalse();
        assertThat(d.isLeaf()).isTrue();
        assertThat(d.item()).isEqualTo(6.0);
    }
}

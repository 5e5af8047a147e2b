package org.jgrad.autograd.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jgrad.autograd.GradCheck;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.DType;
import org.junit.jupiter.api.Test;

/** {@code max(X W^T + b, 0)} in one op against the two ops it fuses, and against finite differences. */
class LinearReluTest {

    /**
     * float32, shapes with vector tails (in 19, out 37 and 10), about half the outputs negative: the output and all
     * three gradients have the bits of {@code LinearFunction.apply(x, w, b).relu()} (the fused op's promise, which
     * keeps seeded runs identical with and without the fusion). The bias of unit 0 is set so that its
     * pre-activation is exactly 0 in row 0 (x row 0 is zero): relu's gradient there is 0 in both.
     */
    @Test
    void float32GivesTheBitsOfLinearThenRelu() {
        for (int out : new int[] {37, 10}) {
            int m = 23;
            int in = 19;
            Tensor[] fused = {LinearFunctionTest.uniform(DType.FLOAT32, 1, m, in), LinearFunctionTest.uniform(DType.FLOAT32, 2, out, in),
                LinearFunctionTest.uniform(DType.FLOAT32, 3, out)};
            Tensor[] plain = {LinearFunctionTest.uniform(DType.FLOAT32, 1, m, in), LinearFunctionTest.uniform(DType.FLOAT32, 2, out, in),
                LinearFunctionTest.uniform(DType.FLOAT32, 3, out)};
            for (Tensor[] t : new Tensor[][] {fused, plain}) {
                for (int j = 0; j < in; j++) {
                    t[0].data().set(j, 0);
                }
                t[2].data().set(0, 0);
            }
            Tensor g = LinearFunctionTest.uniform(DType.FLOAT32, 4, m, out).requiresGrad(false);
            Tensor y = LinearRelu.apply(fused[0], fused[1], fused[2]);
            Tensor expected = LinearFunction.apply(plain[0], plain[1], plain[2]).relu();
            assertThat(y.data().floats()).containsExactly(expected.data().floats());
            assertThat(y.data().floats()).contains(0f);
            assertThat(y.sum().item()).isPositive();
            y.backward(g);
            expected.backward(g);
            for (int k = 0; k < 3; k++) {
                assertThat(fused[k].grad().data().floats()).as("gradient " + k + ", out " + out)
                        .containsExactly(plain[k].grad().data().floats());
            }
            assertThat(fused[2].grad().data().get(0)).isNotZero();   // rows other than 0 reach unit 0
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesInFloat64() {
        Tensor x = LinearFunctionTest.uniform(DType.FLOAT64, 5, 4, 6);
        Tensor w = LinearFunctionTest.uniform(DType.FLOAT64, 6, 3, 6);
        Tensor b = LinearFunctionTest.uniform(DType.FLOAT64, 7, 3);
        // the whole Jacobian, one backward per output, against central differences (no pre-activation is near 0
        // for these seeds, where relu has no derivative)
        GradCheck.check(t -> LinearRelu.apply(t[0], t[1], t[2]), x, w, b);
        GradCheck.gradgradcheck(t -> LinearRelu.apply(t[0], t[1], t[2]), x, w, b);
    }

    @Test
    void changingTheOutputInPlaceBeforeBackwardIsRefused() {
        Tensor x = LinearFunctionTest.uniform(DType.FLOAT32, 1, 2, 3);
        Tensor y = LinearRelu.apply(x, LinearFunctionTest.uniform(DType.FLOAT32, 2, 4, 3), LinearFunctionTest.uniform(DType.FLOAT32, 3, 4));
        y.data().markModified();
        assertThatThrownBy(() -> y.sum().backward()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("modified by an inplace operation");
    }
}

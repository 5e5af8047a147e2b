package org.jgrad.autograd.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jgrad.autograd.GradCheck;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.DType;
import org.junit.jupiter.api.Test;

/**
 * {@code max(maxPool2d(x), 0)} in one op ({@link MaxPool2dFunction#applyRelu}) against the two ops it fuses, and
 * against finite differences.
 */
class MaxPoolReluOpTest {
    /** A square pooling's kernel, stride and padding, as the op takes them. */
    private record Pool(int[] kernel, int[] stride, int[] padding) {
        Pool(int kernel, int stride, int padding) {
            this(new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {padding, padding});
        }
    }

    private static final Pool[] POOLS = {new Pool(2, 2, 0), new Pool(3, 2, 1)};

    /**
     * float32, values in [-2, 2) with a few set to 0 and -0 and one window all negative: the output and the input's
     * gradient have the bits of {@code maxPool2d(x).relu()}, for the 2 x 2 pooling (vector kernel) and a 3 x 3 one of
     * stride 2 and padding 1 (windows overlap: a pixel can take two gradients).
     */
    @Test
    void float32GivesTheBitsOfThePoolingThenRelu() {
        for (Pool pool : POOLS) {
            Tensor[] x = new Tensor[2];
            for (int i = 0; i < 2; i++) {
                x[i] = LinearFunctionTest.uniform(DType.FLOAT32, 11, 2, 3, 10, 12);
                for (int at : new int[] {0, 1, 12, 13}) {
                    x[i].data().set(at, -1 - at);   // the first 2 x 2 window all negative
                }
                x[i].data().set(40, 0.0);
                x[i].data().set(41, -0.0);
            }
            Tensor y = MaxPool2dFunction.applyRelu(x[0], pool.kernel(), pool.stride(), pool.padding());
            Tensor expected = MaxPool2dFunction.apply(x[1], pool.kernel(), pool.stride(), pool.padding()).relu();
            assertThat(y.data().floats()).containsExactly(expected.data().floats());
            assertThat(y.data().floats()).as("windows the relu zeroed").contains(0f);
            assertThat(y.gradFn().opName()).isEqualTo("maxPool2dRelu");
            Tensor g = LinearFunctionTest.uniform(DType.FLOAT32, 12, y.shape().dims()).requiresGrad(false);
            y.backward(g);
            expected.backward(g);
            float[] dx = x[0].grad().data().floats();
            assertThat(dx).containsExactly(x[1].grad().data().floats());
            int nonZero = 0;
            for (float v : dx) {
                nonZero += v != 0 ? 1 : 0;
            }
            assertThat(nonZero).as("pixels that get a gradient").isPositive();
        }
    }

    /** The whole Jacobian and the second derivatives against central differences (no ties, no maximum near 0). */
    @Test
    void gradientsMatchFiniteDifferencesInFloat64() {
        for (Pool pool : POOLS) {
            Tensor x = LinearFunctionTest.uniform(DType.FLOAT64, 13, 1, 2, 6, 6);
            GradCheck.check(t -> MaxPool2dFunction.applyRelu(t[0], pool.kernel(), pool.stride(), pool.padding()), x);
            GradCheck.gradgradcheck(t -> MaxPool2dFunction.applyRelu(t[0], pool.kernel(), pool.stride(),
                    pool.padding()), x);
        }
    }

    @Test
    void changingTheOutputInPlaceBeforeBackwardIsRefused() {
        Tensor x = LinearFunctionTest.uniform(DType.FLOAT32, 14, 1, 1, 4, 4);
        Pool pool = new Pool(2, 2, 0);
        Tensor y = MaxPool2dFunction.applyRelu(x, pool.kernel(), pool.stride(), pool.padding());
        y.data().markModified();
        assertThatThrownBy(() -> y.sum().backward()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("modified by an inplace operation");
    }
}

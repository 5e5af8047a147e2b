package org.jgrad.autograd.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.jgrad.autograd.GradCheck;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The convolution and pooling ops against central finite differences in float64 (PyTorch's gradcheck tolerances),
 * first derivatives and second (gradgradcheck), and their gradient ops too: {@link Conv2dInputGrad}, {@link Conv2dWeightGrad}, {@link MaxPool2dGrad} and
 * {@link AvgPool2dGrad} are differentiated by their own rules, which is what a second derivative through a
 * convolutional net runs. Five geometries: plain, strided, padded, dilated, and all three with a 1-channel input.
 */
class ConvolutionGradCheckTest {
    // C, H, W, C_out, kH, kW, options
    private static final Object[][] CASES = {
        {2, 4, 4, 3, 3, 3, Conv2dOptions.of(1, 0, 1)},
        {1, 5, 6, 2, 2, 3, new Conv2dOptions(2, 1, 0, 0, 1, 1)},
        {2, 3, 4, 2, 3, 3, Conv2dOptions.of(1, 1, 1)},
        {1, 6, 5, 2, 2, 2, new Conv2dOptions(1, 1, 0, 1, 2, 2)},
        {1, 5, 5, 2, 3, 2, new Conv2dOptions(2, 1, 1, 1, 1, 2)},
    };

    /** gradcheck and gradgradcheck (second derivatives through the recorded rules) of one function. */
    private static void check(GradCheck.Fn f, Tensor... inputs) {
        GradCheck.check(f, inputs);
        GradCheck.gradgradcheck(f, inputs);
    }

    static Tensor random(Shape shape, long seed) {
        Random r = new Random(seed);
        NDArray a = NDArray.zeros(DType.FLOAT64, shape);
        for (int i = 0; i < a.size(); i++) {
            a.set(i, r.nextGaussian());
        }
        return Tensor.of(a).requiresGrad(true);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void convolutionAndItsGradientOps(int c) {
        Object[] s = CASES[c];
        Conv2dOptions o = (Conv2dOptions) s[6];
        Shape xs = Shape.of(2, (int) s[0], (int) s[1], (int) s[2]);
        Shape ws = Shape.of((int) s[3], (int) s[0], (int) s[4], (int) s[5]);
        Tensor x = random(xs, 1);
        Tensor w = random(ws, 2);
        Tensor b = random(Shape.of((int) s[3]), 3);
        check(in -> Conv2dFunction.apply(in[0], in[1], in[2], o), x, w, b);
        check(in -> Conv2dFunction.apply(in[0], in[1], null, o), x, w);
        Tensor dy = random(Conv2dFunction.apply(x, w, null, o).shape(), 4);
        assertThat(dy.shape().rank()).isEqualTo(4);
        check(in -> Conv2dInputGrad.apply(in[0], in[1], xs, o), dy, w);
        check(in -> Conv2dWeightGrad.apply(in[0], in[1], ws, o), dy, x);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void poolingAndItsGradientOps(int c) {
        int[][][] windows = {
            {{2, 2}, {2, 2}, {0, 0}}, {{3, 3}, {2, 2}, {1, 1}}, {{3, 2}, {1, 2}, {1, 0}},
        };
        int[][] w = windows[c];
        Tensor x = random(Shape.of(2, 2, 5, 6), 5 + c);
        check(in -> MaxPool2dFunction.apply(in[0], w[0], w[1], w[2]), x);
        check(in -> AvgPool2dFunction.apply(in[0], w[0], w[1], w[2]), x);
        MaxPool2dFunction pool = (MaxPool2dFunction) MaxPool2dFunction.apply(x, w[0], w[1], w[2]).gradFn();
        Tensor dy = random(MaxPool2dFunction.apply(x, w[0], w[1], w[2]).shape(), 9);
        check(in -> MaxPool2dGrad.apply(in[0], pool.indices(), x.shape()), dy);
        check(in -> AvgPool2dGrad.apply(in[0], x.shape(), new PoolWindow(w[0], w[1], w[2])), dy);
    }
}

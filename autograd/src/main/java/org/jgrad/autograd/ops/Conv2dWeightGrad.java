package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Convolution;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;

/**
 * The weight gradient of {@link Conv2dFunction} as an op of its own: {@code dW = conv2dWeightGrad(dy, x)}, the sum
 * over the batch of dy {@code (N, C_out, outH, outW)} correlated with x {@code (N, C, H, W)}, giving dW
 * {@code (C_out, C, kH, kW)}. It is bilinear in dy and x; with {@code G} of dW's shape:
 *
 * <pre>
 *   d/d(dy) = conv2d(x, G)                 (the convolution by G is this map's adjoint in dy)
 *   d/dx    = conv2dInputGrad(dy, G)       (the input gradient with G in the weight's place)
 * </pre>
 */
public final class Conv2dWeightGrad extends Function {
    private final Shape weightShape;
    private final Conv2dOptions options;

    private Conv2dWeightGrad(Shape weightShape, Conv2dOptions options) {
        this.weightShape = weightShape;
        this.options = options;
    }

    /** dW of a convolution of {@code x} by a weight of {@code weightShape}, given the output gradient dy. */
    public static Tensor apply(Tensor dy, Tensor x, Shape weightShape, Conv2dOptions options) {
        NDArray dw = Convolution.conv2dWeightGrad(dy.data(), x.data(), weightShape, options.stride(),
                options.padding(), options.dilation());
        Conv2dWeightGrad f = new Conv2dWeightGrad(weightShape, options);
        f.save(dy, x);
        return f.output(dw, dy, x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor dy = saved(0);
        Tensor x = saved(1);
        return grads(needsGrad(0) ? Conv2dFunction.apply(x, g, null, options) : null,
                needsGrad(1) ? Conv2dInputGrad.apply(dy, g, x.shape(), options) : null);
    }

    @Override
    protected boolean returnsFreshGradients() {
        return true;
    }

    @Override
    public String gradientRule(int input, String upstream) {
        return input == 0 ? "conv2d(" + label(1) + ", " + upstream + ")"
                : "conv2dInputGrad(" + label(0) + ", " + upstream + ")";
    }

    @Override
    public String opName() {
        return "conv2dWeightGrad";
    }

    /** The shape of the weight this gradient is for. */
    public Shape weightShape() {
        return weightShape;
    }
}

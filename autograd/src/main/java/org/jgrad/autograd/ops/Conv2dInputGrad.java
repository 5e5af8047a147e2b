package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Convolution;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;

/**
 * The input gradient of {@link Conv2dFunction} as an op of its own: {@code dx = conv2dInputGrad(dy, W)}, the
 * transposed convolution of dy {@code (N, C_out, outH, outW)} by W {@code (C_out, C, kH, kW)}, giving dx of the
 * convolution's input shape {@code (N, C, H, W)}. It is bilinear in dy and W; with {@code g} of dx's shape:
 *
 * <pre>
 *   d/d(dy) = conv2d(g, W)                 (the convolution is this map's adjoint)
 *   d/dW    = conv2dWeightGrad(dy, g)      (the weight gradient with g in the input's place)
 * </pre>
 */
public final class Conv2dInputGrad extends Function {
    private final Shape inputShape;
    private final Conv2dOptions options;

    private Conv2dInputGrad(Shape inputShape, Conv2dOptions options) {
        this.inputShape = inputShape;
        this.options = options;
    }

    /** dx of a convolution of an input of {@code inputShape} by {@code weight}, given the output gradient dy. */
    public static Tensor apply(Tensor dy, Tensor weight, Shape inputShape, Conv2dOptions options) {
        NDArray dx = Convolution.conv2dInputGrad(dy.data(), weight.data(), inputShape, options.stride(),
                options.padding(), options.dilation());
        Conv2dInputGrad f = new Conv2dInputGrad(inputShape, options);
        f.save(dy, weight);
        return f.output(dx, dy, weight);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor dy = saved(0);
        Tensor w = saved(1);
        return grads(needsGrad(0) ? Conv2dFunction.apply(g, w, null, options) : null,
                needsGrad(1) ? Conv2dWeightGrad.apply(dy, g, w.shape(), options) : null);
    }

    @Override
    protected boolean returnsFreshGradients() {
        return true;
    }

    @Override
    public String gradientRule(int input, String upstream) {
        return input == 0 ? "conv2d(" + upstream + ", " + label(1) + ")"
                : "conv2dWeightGrad(" + label(0) + ", " + upstream + ")";
    }

    @Override
    public String opName() {
        return "conv2dInputGrad";
    }

    /** The shape of the convolution input this gradient is for. */
    public Shape inputShape() {
        return inputShape;
    }
}

package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Convolution;
import org.jgrad.core.NDArray;

/**
 * 2-D convolution (PyTorch's {@code F.conv2d}, groups 1): {@code y = conv2d(x, W) + b} with x {@code (N, C, H, W)},
 * W {@code (C_out, C, kH, kW)}, b {@code (C_out,)} or none, y {@code (N, C_out, outH, outW)}. Backward, with
 * {@code dy} of y's shape:
 *
 * <pre>
 *   dx = conv2dInputGrad(dy, W)     (the transposed convolution of dy: {@link Conv2dInputGrad})
 *   dW = conv2dWeightGrad(dy, x)    (sum over the batch of dy correlated with x: {@link Conv2dWeightGrad})
 *   db = sum of dy over N, outH, outW
 * </pre>
 *
 * Both gradients are ops with rules of their own, so second derivatives flow through them.
 */
public final class Conv2dFunction extends Function {
    private final Conv2dOptions options;

    private Conv2dFunction(Conv2dOptions options) {
        this.options = options;
    }

    /** {@code conv2d(x, weight) + bias}; {@code bias} may be null. */
    public static Tensor apply(Tensor x, Tensor weight, Tensor bias, Conv2dOptions options) {
        NDArray y = Convolution.conv2d(x.data(), weight.data(), bias == null ? null : bias.data(), options.stride(),
                options.padding(), options.dilation());
        Conv2dFunction f = new Conv2dFunction(options);
        f.save(x, weight);
        return bias == null ? f.output(y, x, weight) : f.output(y, x, weight, bias);
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Tensor x = saved(0);
        Tensor w = saved(1);
        // db first, while dy (just written by the op after this one) is still in cache: dy summed over the batch,
        // then over each map's rows and columns
        Tensor db = inputs().size() == 3 && needsGrad(2) ? dy.sum(0, false).sum(1, false).sum(1, false) : null;
        Tensor dx = needsGrad(0) ? Conv2dInputGrad.apply(dy, w, x.shape(), options) : null;
        Tensor dw = needsGrad(1) ? Conv2dWeightGrad.apply(dy, x, w.shape(), options) : null;
        return inputs().size() == 2 ? grads(dx, dw) : grads(dx, dw, db);
    }

    @Override
    protected boolean returnsFreshGradients() {
        return true;
    }

    @Override
    public String localDerivative(int input) {
        return switch (input) {
            case 0 -> label(1);
            case 1 -> label(0);
            default -> "1";
        };
    }

    @Override
    public String gradientRule(int input, String upstream) {
        return switch (input) {
            case 0 -> "conv2dInputGrad(" + upstream + ", " + label(1) + ")";
            case 1 -> "conv2dWeightGrad(" + upstream + ", " + label(0) + ")";
            default -> "sum of " + upstream + " over N, H, W";
        };
    }

    @Override
    public String opName() {
        return "conv2d";
    }
}

package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
import org.jgrad.core.Pooling;
import org.jgrad.core.Shape;

/**
 * Average pooling's gradient as an op: dx gets {@code dy / (kH kW)} over each window. Linear in dy; its adjoint is
 * the average pooling itself: with {@code g} of dx's shape, {@code d/d(dy) = avgPool2d(g)}.
 */
public final class AvgPool2dGrad extends Function {
    private final PoolWindow window;

    private AvgPool2dGrad(PoolWindow window) {
        this.window = window;
    }

    /** The input gradient of an average pooling with {@code window} over an input of {@code inputShape}. */
    public static Tensor apply(Tensor dy, Shape inputShape, PoolWindow window) {
        NDArray dx = Pooling.avgPool2dBackward(dy.data(), inputShape, window.kernel(), window.stride(),
                window.padding());
        return new AvgPool2dGrad(window).output(dx, dy);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return grads(AvgPool2dFunction.apply(g, window));
    }

    @Override
    public String gradientRule(int input, String upstream) {
        return "avgPool2d(" + upstream + ")";
    }

    @Override
    public String opName() {
        return "avgPool2dGrad";
    }
}

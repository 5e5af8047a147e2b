package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;

/**
 * {@code z = x} broadcast to a larger shape (a copy). Each element of x appears in several elements of z, so its
 * gradient is their sum: {@code dx = sumTo(dz, x.shape)} ({@link SumTo}).
 */
public final class Expand extends Function {
    private final Shape inputShape;

    private Expand(Shape inputShape) {
        this.inputShape = inputShape;
    }

    public static Tensor apply(Tensor x, Shape shape) {
        if (x.shape().equals(shape)) {
            return x;
        }
        if (!Shape.broadcast(shape, x.shape()).equals(shape)) {
            throw new IllegalArgumentException("expand: shape " + x.shape() + " does not broadcast to " + shape);
        }
        NDArray z = Elementwise.add(NDArray.zeros(x.dtype(), shape), x.data());
        return new Expand(x.shape()).output(z, x);
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        return grads(dz.sumTo(inputShape));
    }

    @Override
    public String localDerivative(int input) {
        return "1";
    }

    @Override
    public String gradientRule(int input, String upstream) {
        return upstream + " summed to " + inputShape;
    }
}

package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
import org.jgrad.core.Reductions;
import org.jgrad.core.Shape;

/**
 * {@code z = sumTo(x, shape)}: a broadcast value summed back to the shape it was broadcast from (the one place where
 * broadcasting meets the chain rule: the engine applies it to every gradient whose input was broadcast). Each
 * element of z is a sum of elements of x, so dz/dx = 1: the gradient is broadcast back ({@link Expand}).
 */
public final class SumTo extends Function {
    private final Shape inputShape;

    private SumTo(Shape inputShape) {
        this.inputShape = inputShape;
    }

    public static Tensor apply(Tensor x, Shape shape) {
        if (x.shape().equals(shape)) {
            return x;
        }
        NDArray z = Reductions.sumTo(x.data(), shape);
        return new SumTo(x.shape()).output(z, x);
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        return grads(dz.expand(inputShape));
    }

    /** Sums it made are new arrays. */
    @Override
    protected boolean returnsFreshGradients() {
        return true;
    }

    @Override
    public String localDerivative(int input) {
        return "1";
    }

    @Override
    public String gradientRule(int input, String upstream) {
        return upstream + " broadcast to " + inputShape;
    }
}

package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Reductions;
import org.jgrad.core.Shape;

/** {@code s = sum(x)} over all elements or along one dimension. ds/dx_i = 1: the gradient is spread back. */
public final class Sum extends Function {
    private final Shape inputShape;
    private final Shape keptShape;

    private Sum(Shape inputShape, Shape keptShape) {
        this.inputShape = inputShape;
        this.keptShape = keptShape;
    }

    public static Tensor apply(Tensor x) {
        return new Sum(x.shape(), Shape.SCALAR).output(Reductions.sum(x.data()), x);
    }

    public static Tensor apply(Tensor x, int dim, boolean keepDim) {
        Shape kept = x.shape().reduce(dim, true);
        return new Sum(x.shape(), kept).output(Reductions.sum(x.data(), dim, keepDim), x);
    }

    @Override
    protected Tensor[] backward(Tensor ds) {
        return grads(spread(ds, inputShape, keptShape));
    }

    /** A reduced gradient copied to every position it was reduced from (shared with {@link Mean}). */
    static Tensor spread(Tensor grad, Shape inputShape, Shape keptShape) {
        return grad.reshape(keptShape.dims()).expand(inputShape);
    }

    @Override
    public String localDerivative(int input) {
        return "1";
    }
}

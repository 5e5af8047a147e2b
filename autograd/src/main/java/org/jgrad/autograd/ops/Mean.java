package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Reductions;
import org.jgrad.core.Shape;

/** {@code m = mean(x)} over all elements or along one dimension of size n. dm/dx_i = 1 / n. */
public final class Mean extends Function {
    private final Shape inputShape;
    private final Shape keptShape;
    private final int count;

    private Mean(Shape inputShape, Shape keptShape, int count) {
        this.inputShape = inputShape;
        this.keptShape = keptShape;
        this.count = count;
    }

    public static Tensor apply(Tensor x) {
        return new Mean(x.shape(), Shape.SCALAR, x.size()).output(Reductions.mean(x.data()), x);
    }

    public static Tensor apply(Tensor x, int dim, boolean keepDim) {
        int axis = x.shape().normalize(dim);
        Mean f = new Mean(x.shape(), x.shape().reduce(axis, true), x.shape().dim(axis));
        return f.output(Reductions.mean(x.data(), axis, keepDim), x);
    }

    @Override
    protected Tensor[] backward(Tensor dm) {
        return grads(Sum.spread(dm.div((double) count), inputShape, keptShape));
    }

    @Override
    public String localDerivative(int input) {
        return "1/" + count;
    }
}

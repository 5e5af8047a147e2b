package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
import org.jgrad.core.Reductions;
import org.jgrad.core.Shape;

/**
 * {@code m = max(x)} over all elements or along one dimension. dm/dx_i = 1 at the arg-max (the first one on a tie)
 * and 0 elsewhere: the whole gradient goes to the element that was picked.
 */
public final class Max extends Function {
    private final int[] argMax;
    private final Shape inputShape;

    private Max(int[] argMax, Shape inputShape) {
        this.argMax = argMax;
        this.inputShape = inputShape;
    }

    public static Tensor apply(Tensor x) {
        int[] arg = {Reductions.argMax(x.data())};
        return new Max(arg, x.shape()).output(Reductions.gather(x.data(), arg, Shape.SCALAR), x);
    }

    public static Tensor apply(Tensor x, int dim, boolean keepDim) {
        int[] arg = Reductions.argMax(x.data(), dim);
        Shape out = x.shape().reduce(dim, keepDim);
        return new Max(arg, x.shape()).output(Reductions.gather(x.data(), arg, out), x);
    }

    @Override
    protected NDArray[] backward(NDArray dm) {
        return grads(Reductions.scatterAdd(dm, argMax, inputShape));
    }

    @Override
    public String localDerivative(int input) {
        return "[" + label(0) + " is the max]";
    }
}

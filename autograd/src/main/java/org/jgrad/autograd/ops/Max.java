package org.jgrad.autograd.ops;

import org.jgrad.autograd.Tensor;
import org.jgrad.core.Reductions;
import org.jgrad.core.Shape;

/**
 * {@code m = max(x)} over all elements or along one dimension: x gathered at the arg-max ({@link Gather}).
 * dm/dx_i = 1 at the arg-max (the first one on a tie) and 0 elsewhere: the whole gradient goes to the element that
 * was picked.
 */
public final class Max {
    private Max() {
    }

    public static Tensor apply(Tensor x) {
        int[] arg = {Reductions.argMax(x.data())};
        return Gather.apply(x, arg, Shape.SCALAR, "max");
    }

    public static Tensor apply(Tensor x, int dim, boolean keepDim) {
        int axis = x.shape().normalize(dim);
        int[] arg = Reductions.argMax(x.data(), axis);   // flat indices into x
        return Gather.apply(x, arg, x.shape().reduce(axis, keepDim), "max");
    }
}

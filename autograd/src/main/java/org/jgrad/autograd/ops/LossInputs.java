package org.jgrad.autograd.ops;

import org.jgrad.core.Elementwise;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;

/** Checks and broadcasting shared by the loss ops: same shapes, same dtypes, a weight stretched to the input. */
final class LossInputs {
    private LossInputs() {
    }

    /** Throws unless {@code input} and {@code target} have the same shape and dtype. */
    static void requireSameShape(String loss, NDArray input, NDArray target) {
        if (!input.shape().equals(target.shape())) {
            throw new IllegalArgumentException(loss + ": input of shape " + input.shape() + " and target of shape "
                    + target.shape() + " differ; expected the same shape");
        }
        Elementwise.requireSameDType(loss, input, target);
    }

    /**
     * {@code weight} broadcast to {@code shape} as a new array (all ones when {@code weight} is null); an error when
     * it does not broadcast to exactly {@code shape}.
     */
    static NDArray expand(String loss, String what, NDArray weight, Shape shape, NDArray like) {
        NDArray ones = NDArray.full(like.dtype(), shape, 1.0);
        if (weight == null) {
            return ones;
        }
        Elementwise.requireSameDType(loss, like, weight);
        if (!Shape.broadcast(shape, weight.shape()).equals(shape)) {
            throw new IllegalArgumentException(loss + ": " + what + " of shape " + weight.shape()
                    + " does not broadcast to the input's shape " + shape);
        }
        return Elementwise.mul(ones, weight);
    }
}

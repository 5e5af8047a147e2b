package org.jgrad.autograd.ops;

import org.jgrad.autograd.Tensor;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;

/**
 * How a loss turns per-element losses {@code l_i} into its output, as PyTorch's {@code reduction} argument:
 * {@code NONE} keeps them (the input's shape), {@code MEAN} gives {@code sum(l_i) / divisor} (a scalar; the divisor
 * is the element count, or the sum of the weights for a weighted cross-entropy), {@code SUM} gives {@code sum(l_i)}.
 */
public enum Reduction {
    NONE, MEAN, SUM;

    /**
     * The reduced loss of per-element losses {@code losses} (computed in double; the sum too), as an array of
     * {@code dtype}: shaped {@code shape} for NONE, a scalar otherwise.
     */
    NDArray reduce(double[] losses, DType dtype, Shape shape, double divisor) {
        if (this == NONE) {
            NDArray out = NDArray.zeros(dtype, shape);
            for (int i = 0; i < losses.length; i++) {
                out.set(i, losses[i]);
            }
            return out;
        }
        double total = 0;
        for (double l : losses) {
            total += l;
        }
        return NDArray.scalar(dtype, this == MEAN ? total / divisor : total);
    }

    /**
     * {@code dL/dl_i} as a tensor that broadcasts against the per-element losses, given {@code dL/d(output)}:
     * {@code dOut} itself for NONE (one per element) and SUM (a scalar), {@code dOut / divisor} for MEAN.
     */
    Tensor spread(Tensor dOut, double divisor) {
        return this == MEAN ? dOut.div(divisor) : dOut;
    }

    /** Parses {@code none}, {@code mean} or {@code sum} (any case). */
    public static Reduction parse(String name) {
        for (Reduction r : values()) {
            if (r.name().equalsIgnoreCase(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("reduction: expected none, mean or sum, got '" + name + "'");
    }
}

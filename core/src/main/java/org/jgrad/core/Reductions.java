package org.jgrad.core;

import org.jgrad.core.kernels.Kernels;

/**
 * Sums and means of {@link NDArray}s: over all elements, along one dimension, and back to a broadcast source shape
 * ({@link #sumTo}, what the backward pass of every broadcasting op needs).
 */
public final class Reductions {
    private Reductions() {
    }

    /** The sum of all elements, as a scalar array. */
    public static NDArray sum(NDArray a) {
        return NDArray.scalar(a.dtype(), sumAll(a));
    }

    /** The mean of all elements, as a scalar array (NaN for an empty array, as in PyTorch). */
    public static NDArray mean(NDArray a) {
        return NDArray.scalar(a.dtype(), sumAll(a) / a.size());
    }

    private static double sumAll(NDArray a) {
        if (a.dtype() == DType.FLOAT32) {
            return Kernels.get().sum(a.floats(), 0, a.size());
        }
        double s = 0;
        for (double v : a.doubles()) {
            s += v;
        }
        return s;
    }

    /** Sum along dimension {@code dim} (negative counts from the end); {@code keepDim} keeps it with size 1. */
    public static NDArray sum(NDArray a, int dim, boolean keepDim) {
        Shape shape = a.shape();
        int axis = shape.normalize(dim);
        int len = shape.dim(axis);
        int inner = shape.strides()[axis];
        int outer = len == 0 || inner == 0 ? 0 : a.size() / (len * inner);
        NDArray out = NDArray.zeros(a.dtype(), shape.reduce(axis, keepDim));
        if (a.dtype() == DType.FLOAT32) {
            Kernels k = Kernels.get();
            float[] x = a.floats();
            float[] o = out.floats();
            for (int p = 0; p < outer; p++) {
                if (inner == 1) {
                    o[p] = k.sum(x, p * len, len);
                } else {
                    for (int j = 0; j < len; j++) {
                        k.add(o, p * inner, x, (p * len + j) * inner, o, p * inner, inner);
                    }
                }
            }
        } else {
            for (int p = 0; p < outer; p++) {
                for (int j = 0; j < len; j++) {
                    for (int i = 0; i < inner; i++) {
                        out.set(p * inner + i, out.get(p * inner + i) + a.get((p * len + j) * inner + i));
                    }
                }
            }
        }
        return out;
    }

    /** Mean along dimension {@code dim}. */
    public static NDArray mean(NDArray a, int dim, boolean keepDim) {
        NDArray s = sum(a, dim, keepDim);
        s.scaleInPlace(1.0 / a.shape().dim(dim));
        return s;
    }

    /**
     * The flat index (into {@code a}) of the largest element along dimension {@code dim}, one per position of the
     * reduced shape {@code a.shape().reduce(dim, false)}; the first one wins a tie. What max's backward needs.
     */
    public static int[] argMax(NDArray a, int dim) {
        Shape shape = a.shape();
        int axis = shape.normalize(dim);
        int len = shape.dim(axis);
        if (len == 0) {
            throw new IllegalArgumentException("max along dimension " + dim + " of shape " + shape
                    + ": the dimension is empty, expected at least one element");
        }
        int inner = shape.strides()[axis];
        int outer = Rearrange.outer(shape, axis);
        int[] best = new int[outer * inner];
        for (int p = 0; p < outer; p++) {
            for (int i = 0; i < inner; i++) {
                int arg = p * len * inner + i;
                for (int j = 1; j < len; j++) {
                    int at = (p * len + j) * inner + i;
                    if (a.get(at) > a.get(arg)) {
                        arg = at;
                    }
                }
                best[p * inner + i] = arg;
            }
        }
        return best;
    }

    /** The flat index of the largest element of the whole array (the first one in a tie). */
    public static int argMax(NDArray a) {
        if (a.size() == 0) {
            throw new IllegalArgumentException("max of an empty array (shape " + a.shape() + ")");
        }
        int arg = 0;
        for (int i = 1; i < a.size(); i++) {
            if (a.get(i) > a.get(arg)) {
                arg = i;
            }
        }
        return arg;
    }

    /** Maximum along dimension {@code dim}; {@code keepDim} keeps it with size 1. */
    public static NDArray max(NDArray a, int dim, boolean keepDim) {
        return gather(a, argMax(a, dim), a.shape().reduce(dim, keepDim));
    }

    /** {@code out[i] = a[index[i]]}, shaped {@code shape}. */
    public static NDArray gather(NDArray a, int[] index, Shape shape) {
        NDArray out = NDArray.zeros(a.dtype(), shape);
        for (int i = 0; i < index.length; i++) {
            out.set(i, a.get(index[i]));
        }
        return out;
    }

    /** The backward of {@link #gather}: zeros of {@code shape} with {@code out[index[i]] += src[i]}. */
    public static NDArray scatterAdd(NDArray src, int[] index, Shape shape) {
        NDArray out = NDArray.zeros(src.dtype(), shape);
        for (int i = 0; i < index.length; i++) {
            out.set(index[i], out.get(index[i]) + src.get(i));
        }
        return out;
    }

    /**
     * Sums {@code grad} down to {@code target}, the shape of an operand that was broadcast to {@code grad}'s shape:
     * every dimension the broadcast added or stretched from 1 is summed away. This is the one place where the
     * gradient of a broadcast input is reduced back to its shape.
     */
    public static NDArray sumTo(NDArray grad, Shape target) {
        if (grad.shape().equals(target)) {
            return grad;
        }
        if (!Shape.broadcast(target, grad.shape()).equals(grad.shape())) {
            throw new IllegalArgumentException("sumTo: shape " + target + " does not broadcast to " + grad.shape());
        }
        if (target.size() == 1) {
            return NDArray.full(grad.dtype(), target, sumAll(grad));
        }
        NDArray out = NDArray.zeros(grad.dtype(), target);
        if (grad.dtype() == DType.FLOAT32 && Elementwise.isTrailingRow(target, grad.shape())) {
            // a bias-like operand: add up the rows
            Kernels k = Kernels.get();
            float[] g = grad.floats();
            float[] o = out.floats();
            for (int start = 0; start < g.length; start += o.length) {
                k.add(o, 0, g, start, o, 0, o.length);
            }
            return out;
        }
        BroadcastCursor c = new BroadcastCursor(grad.shape(), target);
        for (int i = 0; i < grad.size(); i++, c.next()) {
            out.set(c.index(0), out.get(c.index(0)) + grad.get(i));
        }
        return out;
    }
}

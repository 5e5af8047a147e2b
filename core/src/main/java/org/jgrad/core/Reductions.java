package org.jgrad.core;

import org.jgrad.core.kernels.Kernels;

/**
 * Sums and means of {@link NDArray}s: over all elements, along one dimension, and back to a broadcast source shape
 * ({@link #sumTo}, what the backward pass of every broadcasting op needs); maxima and minima with their positions.
 *
 * <p>float32 sums are accurate to about 1e-6 relative at any length, as NumPy's and PyTorch's are: contiguous sums
 * run on the kernels' blocked summation (float32 blocks of 64 terms per lane, float64 totals; see
 * {@code Kernels.sum}), and sums across rows add at most {@link #ROW_BLOCK} rows in float32 before moving the
 * partial sums to float64. Every order is fixed, so the bits do not depend on the vector width. Maxima and minima
 * propagate NaN, as PyTorch's do: the first NaN wins.
 */
public final class Reductions {
    /** Rows added in float32 before the partial sums move to float64 (64 terms: at most 64 roundings, < 4e-6). */
    private static final int ROW_BLOCK = 64;

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
                    sumRows(x, p * len * inner, len, inner, o, p * inner);
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
     * reduced shape {@code a.shape().reduce(dim, false)}; the first one wins a tie, and the first NaN wins over
     * everything (as PyTorch's {@code max}: the max of [1, NaN, 3] is NaN). What max's backward needs.
     */
    public static int[] argMax(NDArray a, int dim) {
        return argExtreme(a, dim, true);
    }

    /** The flat index of the smallest element along {@code dim}; the first NaN wins, as in {@link #argMax}. */
    public static int[] argMin(NDArray a, int dim) {
        return argExtreme(a, dim, false);
    }

    /** The flat index of the largest element of the whole array (the first one in a tie; the first NaN if any). */
    public static int argMax(NDArray a) {
        return argExtreme(a, true);
    }

    /** The flat index of the smallest element of the whole array (the first one in a tie; the first NaN if any). */
    public static int argMin(NDArray a) {
        return argExtreme(a, false);
    }

    /** Maximum along dimension {@code dim}; {@code keepDim} keeps it with size 1. NaN if the slice holds one. */
    public static NDArray max(NDArray a, int dim, boolean keepDim) {
        return gather(a, argMax(a, dim), a.shape().reduce(dim, keepDim));
    }

    /** Minimum along dimension {@code dim}; {@code keepDim} keeps it with size 1. NaN if the slice holds one. */
    public static NDArray min(NDArray a, int dim, boolean keepDim) {
        return gather(a, argMin(a, dim), a.shape().reduce(dim, keepDim));
    }

    /** Whether {@code v} replaces {@code best} as the extreme: strictly beyond it, or the first NaN. */
    private static boolean beats(double v, double best, boolean largest) {
        if (Double.isNaN(best)) {
            return false;
        }
        return Double.isNaN(v) || (largest ? v > best : v < best);
    }

    private static int[] argExtreme(NDArray a, int dim, boolean largest) {
        Shape shape = a.shape();
        int axis = shape.normalize(dim);
        int len = shape.dim(axis);
        if (len == 0) {
            throw new IllegalArgumentException((largest ? "max" : "min") + " along dimension " + dim + " of shape "
                    + shape + ": the dimension is empty, expected at least one element");
        }
        int inner = shape.strides()[axis];
        int outer = Rearrange.outer(shape, axis);
        int[] best = new int[outer * inner];
        for (int p = 0; p < outer; p++) {
            for (int i = 0; i < inner; i++) {
                int arg = p * len * inner + i;
                for (int j = 1; j < len; j++) {
                    int at = (p * len + j) * inner + i;
                    if (beats(a.get(at), a.get(arg), largest)) {
                        arg = at;
                    }
                }
                best[p * inner + i] = arg;
            }
        }
        return best;
    }

    private static int argExtreme(NDArray a, boolean largest) {
        if (a.size() == 0) {
            throw new IllegalArgumentException((largest ? "max" : "min") + " of an empty array (shape " + a.shape()
                    + ")");
        }
        int arg = 0;
        for (int i = 1; i < a.size(); i++) {
            if (beats(a.get(i), a.get(arg), largest)) {
                arg = i;
            }
        }
        return arg;
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
            float[] o = out.floats();
            sumRows(grad.floats(), 0, grad.size() / o.length, o.length, o, 0);
            return out;
        }
        // float64 partial sums, whatever the dtype: a float32 running sum over many elements would drift
        double[] acc = new double[target.size()];
        BroadcastCursor c = new BroadcastCursor(grad.shape(), target);
        for (int i = 0; i < grad.size(); i++, c.next()) {
            acc[c.index(0)] += grad.get(i);
        }
        for (int i = 0; i < acc.length; i++) {
            out.set(i, acc[i]);
        }
        return out;
    }

    /**
     * {@code out[oo + i] = sum_r x[xo + r * width + i]} for {@code i < width}: the column sums of {@code rows} rows.
     * Blocks of {@link #ROW_BLOCK} rows are added in float32 on the kernels (elementwise, so the same bits at
     * every width), each block's sums then added to float64 totals.
     */
    private static void sumRows(float[] x, int xo, int rows, int width, float[] out, int oo) {
        // columns in ranges across threads when there are many (a conv bias's gradient sums 64 maps of 16 x 28 x
        // 28): each column's sum is the same whatever the split
        Elementwise.inRanges(width, 4L * rows * width, (from, cols) -> sumColumns(x, xo, rows, width, from, cols, out,
                oo));
    }

    /**
     * Columns summed together by {@link #sumColumns}: 2,048 floats (8 KB) of block sums, so that they stay in L1 while
     * the rows stream past (a conv bias's gradient over 64 maps of 16 x 28 x 28 held 50 KB of them, and added every
     * row into L2).
     */
    static final int COLUMN_CHUNK = 2048;

    /**
     * {@link #sumRows} for the columns {@code [from, from + cols)}, {@link #COLUMN_CHUNK} at a time: each column's
     * float additions are the same whatever the chunks.
     */
    private static void sumColumns(float[] x, int xo, int rows, int width, int from, int cols, float[] out, int oo) {
        for (int c0 = 0; c0 < cols; c0 += COLUMN_CHUNK) {
            sumChunk(x, xo, rows, width, from + c0, Math.min(COLUMN_CHUNK, cols - c0), out, oo);
        }
    }

    /** {@link #sumColumns} for at most {@link #COLUMN_CHUNK} columns {@code [from, from + cols)}. */
    private static void sumChunk(float[] x, int xo, int rows, int width, int from, int cols, float[] out, int oo) {
        Kernels k = Kernels.get();
        double[] total = new double[cols];
        float[] block = new float[cols];
        for (int r0 = 0; r0 < rows; r0 += ROW_BLOCK) {
            System.arraycopy(x, xo + r0 * width + from, block, 0, cols);
            for (int r = r0 + 1, end = Math.min(rows, r0 + ROW_BLOCK); r < end; r++) {
                if (cols < ArrayOps.SHORT_ROW) {
                    // the same float additions in a plain loop: the kernels' add on a run of 10 (a last layer's
                    // bias gradient) is one masked vector a row
                    int at = xo + r * width + from;
                    for (int i = 0; i < cols; i++) {
                        block[i] += x[at + i];
                    }
                } else {
                    k.add(block, 0, x, xo + r * width + from, block, 0, cols);
                }
            }
            for (int i = 0; i < cols; i++) {
                total[i] += block[i];
            }
        }
        for (int i = 0; i < cols; i++) {
            out[oo + from + i] = (float) total[i];
        }
    }
}

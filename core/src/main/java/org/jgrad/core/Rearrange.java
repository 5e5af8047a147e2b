package org.jgrad.core;

import java.util.Arrays;
import java.util.List;

/**
 * Moving elements without arithmetic: permuting dimensions, joining arrays along a dimension, taking a slice, and
 * selecting (or scatter-adding) entries by an index. These are the forward and backward halves of the shape ops.
 *
 * <p>Each works on blocks: for a dimension {@code dim} of an array, {@code outer} is the product of the dimensions
 * before it and {@code inner} the product after it (its stride), so entry {@code (p, j, i)} sits at flat index
 * {@code (p * len + j) * inner + i}.
 */
public final class Rearrange {
    private Rearrange() {
    }

    /**
     * The array with its dimensions reordered: result dimension {@code k} is input dimension {@code perm[k]}.
     * {@code permute(a, 1, 0)} of a {@code (2, 3)} array is its {@code (3, 2)} transpose.
     */
    public static NDArray permute(NDArray a, int... perm) {
        Shape in = a.shape();
        checkPermutation(in, perm);
        int rank = in.rank();
        int[] outDims = new int[rank];
        int[] srcStrides = new int[rank];
        for (int k = 0; k < rank; k++) {
            outDims[k] = in.dim(perm[k]);
            srcStrides[k] = in.strides()[perm[k]];
        }
        NDArray out = NDArray.zeros(a.dtype(), Shape.of(outDims));
        int[] pos = new int[rank];
        int src = 0;
        for (int i = 0; i < out.size(); i++) {
            out.set(i, a.get(src));
            for (int d = rank - 1; d >= 0; d--) {
                pos[d]++;
                src += srcStrides[d];
                if (pos[d] < outDims[d]) {
                    break;
                }
                src -= srcStrides[d] * outDims[d];
                pos[d] = 0;
            }
        }
        return out;
    }

    /** The permutation that undoes {@code perm}. */
    public static int[] inverse(int... perm) {
        int[] inv = new int[perm.length];
        for (int k = 0; k < perm.length; k++) {
            inv[perm[k]] = k;
        }
        return inv;
    }

    private static void checkPermutation(Shape shape, int[] perm) {
        boolean[] seen = new boolean[perm.length];
        boolean ok = perm.length == shape.rank();
        for (int k = 0; ok && k < perm.length; k++) {
            ok = perm[k] >= 0 && perm[k] < perm.length && !seen[perm[k]];
            if (ok) {
                seen[perm[k]] = true;
            }
        }
        if (!ok) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(perm) + " is not a permutation of the "
                    + shape.rank() + " dimensions of shape " + shape);
        }
    }

    /** Joins arrays along dimension {@code dim}; all other dimensions and the dtypes must agree. */
    public static NDArray concat(List<NDArray> parts, int dim) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concat: expected at least one array, got none");
        }
        NDArray first = parts.get(0);
        int axis = first.shape().normalize(dim);
        int[] dims = first.shape().dims();
        dims[axis] = 0;
        for (NDArray part : parts) {
            Elementwise.requireSameDType("concat", first, part);
            if (!part.shape().reduce(axis, true).equals(first.shape().reduce(axis, true))) {
                throw new IllegalArgumentException("concat along dimension " + dim + ": shapes " + first.shape()
                        + " and " + part.shape() + " differ in another dimension");
            }
            dims[axis] += part.shape().dim(axis);
        }
        NDArray out = NDArray.zeros(first.dtype(), Shape.of(dims));
        int inner = out.shape().strides()[axis];
        int outRow = dims[axis] * inner;
        int offset = 0;
        for (NDArray part : parts) {
            int block = part.shape().dim(axis) * inner;
            for (int p = 0; block > 0 && p < part.size() / block; p++) {
                out.copyRange(p * outRow + offset, part, p * block, block);
            }
            offset += block;
        }
        return out;
    }

    /** The slice {@code start .. start+length} of dimension {@code dim} (a copy): the inverse of concat. */
    public static NDArray narrow(NDArray a, int dim, int start, int length) {
        Shape shape = a.shape();
        int axis = shape.normalize(dim);
        int len = shape.dim(axis);
        if (start < 0 || length < 0 || start + length > len) {
            throw new IndexOutOfBoundsException("narrow: slice " + start + ".." + (start + length) + " of dimension "
                    + dim + " with size " + len + " (shape " + shape + ")");
        }
        int[] dims = shape.dims();
        dims[axis] = length;
        NDArray out = NDArray.zeros(a.dtype(), Shape.of(dims));
        int inner = shape.strides()[axis];
        int block = length * inner;
        int outer = len * inner == 0 ? 0 : a.size() / (len * inner);
        for (int p = 0; block > 0 && p < outer; p++) {
            out.copyRange(p * block, a, (p * len + start) * inner, block);
        }
        return out;
    }

    /**
     * Entries {@code index[0], index[1], ...} of dimension {@code dim}, in that order (repeats allowed): with
     * {@code dim = 0}, the rows of a mini-batch. The result has {@code index.length} in place of that dimension.
     */
    public static NDArray indexSelect(NDArray a, int dim, int[] index) {
        Shape shape = a.shape();
        int axis = shape.normalize(dim);
        int len = shape.dim(axis);
        int inner = shape.strides()[axis];
        int outer = outer(shape, axis);
        int[] dims = shape.dims();
        dims[axis] = index.length;
        NDArray out = NDArray.zeros(a.dtype(), Shape.of(dims));
        for (int j = 0; j < index.length; j++) {
            if (index[j] < 0 || index[j] >= len) {
                throw new IndexOutOfBoundsException("indexSelect: index " + index[j] + " at position " + j
                        + " is out of range for dimension " + dim + " of size " + len + " (shape " + shape + ")");
            }
            for (int p = 0; p < outer; p++) {
                out.copyRange((p * index.length + j) * inner, a, (p * len + index[j]) * inner, inner);
            }
        }
        return out;
    }

    /**
     * The backward of {@link #indexSelect}: a zero array of {@code shape} to which entry {@code j} of {@code src}
     * along {@code dim} is added at position {@code index[j]} (repeated indices add up).
     */
    public static NDArray indexAdd(Shape shape, int dim, int[] index, NDArray src) {
        int axis = shape.normalize(dim);
        int len = shape.dim(axis);
        int inner = shape.strides()[axis];
        int outer = outer(shape, axis);
        NDArray out = NDArray.zeros(src.dtype(), shape);
        for (int p = 0; p < outer; p++) {
            for (int j = 0; j < index.length; j++) {
                int from = (p * index.length + j) * inner;
                int to = (p * len + index[j]) * inner;
                for (int i = 0; i < inner; i++) {
                    out.set(to + i, out.get(to + i) + src.get(from + i));
                }
            }
        }
        return out;
    }

    /** The product of the dimensions before {@code axis}. */
    static int outer(Shape shape, int axis) {
        int n = 1;
        for (int k = 0; k < axis; k++) {
            n *= shape.dim(k);
        }
        return n;
    }
}

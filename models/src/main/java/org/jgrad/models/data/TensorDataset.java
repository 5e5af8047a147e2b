package org.jgrad.models.data;

import java.util.Arrays;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.core.kernels.Kernels;

/**
 * Examples stored in two arrays with the same first dimension: features {@code x} of shape {@code (m, ...)} and
 * targets {@code y} of shape {@code (m, ...)} (PyTorch's {@code TensorDataset} with two tensors). Example {@code i}
 * is row {@code i} of each.
 */
public record TensorDataset(NDArray x, NDArray y) {
    public TensorDataset {
        if (x.shape().rank() == 0 || y.shape().rank() == 0 || x.shape().dim(0) != y.shape().dim(0)) {
            throw new IllegalArgumentException("TensorDataset: expected features and targets with the same first "
                    + "dimension, got " + x.shape() + " and " + y.shape());
        }
    }

    /** The features and labels of {@code data}: x (m, n), y (m, 1). */
    public static TensorDataset of(LabeledData data) {
        return new TensorDataset(data.x(), data.y());
    }

    /** Number of examples. */
    public int size() {
        return x.shape().dim(0);
    }

    /** The given rows of {@code a}, in the given order, as a new array of shape {@code (rows.length, ...)}. */
    public static NDArray gatherRows(NDArray a, int[] rows) {
        int[] dims = a.shape().dims();
        dims[0] = rows.length;
        checkRows(a, rows, 0, rows.length);
        NDArray out = NDArray.zeros(a.dtype(), Shape.of(dims));
        copyRows(a, rows, 0, rows.length, out);
        return out;
    }

    /**
     * Rows {@code rows[from .. from + count)} of {@code a}, in that order, into the first {@code count} rows of
     * {@code out} (a's dtype and row shape; its later rows are left as they are): {@link #gatherRows(NDArray, int[])}
     * into an array reused from batch to batch. Everything is checked before anything is copied.
     */
    public static void gatherRows(NDArray a, int[] rows, int from, int count, NDArray out) {
        if (from < 0 || count < 0 || from > rows.length - count) {
            throw new IndexOutOfBoundsException("gatherRows: rows " + from + " to " + ((long) from + count)
                    + " of an index of " + rows.length);
        }
        int[] have = out.shape().dims();
        int[] want = a.shape().dims();
        if (out.dtype() != a.dtype() || have.length != want.length
                || !Arrays.equals(have, 1, have.length, want, 1, want.length) || have[0] < count) {
            want[0] = count;
            throw new IllegalArgumentException("gatherRows: expected an output of " + a.dtype() + " with at least "
                    + Shape.of(want) + ", got " + out.dtype() + " " + out.shape());
        }
        checkRows(a, rows, from, count);
        copyRows(a, rows, from, count, out);
    }

    private static void checkRows(NDArray a, int[] rows, int from, int count) {
        int m = a.shape().dim(0);
        for (int i = from; i < from + count; i++) {
            if (rows[i] < 0 || rows[i] >= m) {
                throw new IndexOutOfBoundsException("row " + rows[i] + " is out of range for " + m + " rows");
            }
        }
    }

    /**
     * float32 rows through {@link Kernels#gatherRows}, which keeps several rows in flight from memory (reading ahead,
     * and at vector widths four rows copied side by side); float64 rows one {@code System.arraycopy} each.
     */
    private static void copyRows(NDArray a, int[] rows, int from, int count, NDArray out) {
        int m = a.shape().dim(0);
        int width = m == 0 ? 0 : a.size() / m;
        if (a.dtype() == DType.FLOAT32) {
            Kernels.get().gatherRows(a.floats(), rows, from, count, width, out.floats());
            return;
        }
        for (int i = 0; i < count; i++) {
            System.arraycopy(a.doubles(), rows[from + i] * width, out.doubles(), i * width, width);
        }
    }
}

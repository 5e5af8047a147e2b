package org.jgrad.models.data;

import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;

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
        int m = dims[0];
        int width = m == 0 ? 0 : a.size() / m;
        dims[0] = rows.length;
        NDArray out = NDArray.zeros(a.dtype(), Shape.of(dims));
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= m) {
                throw new IndexOutOfBoundsException("row " + rows[i] + " is out of range for " + m + " rows");
            }
            switch (a.dtype()) {
                case FLOAT32 -> System.arraycopy(a.floats(), rows[i] * width, out.floats(), i * width, width);
                case FLOAT64 -> System.arraycopy(a.doubles(), rows[i] * width, out.doubles(), i * width, width);
            }
        }
        return out;
    }
}

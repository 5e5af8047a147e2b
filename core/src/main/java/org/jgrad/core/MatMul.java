package org.jgrad.core;

import org.jgrad.core.kernels.Kernels;

/**
 * Matrix products of 2-D {@link NDArray}s, including the transposed forms that backward passes need
 * ({@code A^T B} and {@code A B^T}) without materialising a transpose.
 */
public final class MatMul {
    private MatMul() {
    }

    /** {@code A @ B}: (m x k) @ (k x n) gives m x n. */
    public static NDArray matmul(NDArray a, NDArray b) {
        return matmul(a, false, b, false);
    }

    /**
     * {@code op(A) @ op(B)} where {@code op} transposes when asked.
     *
     * @throws IllegalArgumentException naming both shapes when they are not 2-D or the inner dimensions differ,
     *     for example {@code matmul: (3x4) @ (5x2): inner dimensions 4 and 5 differ}
     */
    public static NDArray matmul(NDArray a, boolean transA, NDArray b, boolean transB) {
        return matmul(a, transA, b, transB, null);
    }

    /**
     * {@code op(A) @ op(B)} written into {@code out} when it is given (it must be m x n of A's dtype; every element
     * is overwritten, none read), else into a new array. For a caller that owns an array of the result's shape, such
     * as a gradient buffer from the step before.
     *
     * @throws IllegalArgumentException as {@link #matmul(NDArray, boolean, NDArray, boolean)}, and when {@code out}
     *     has another shape or dtype
     */
    public static NDArray matmul(NDArray a, boolean transA, NDArray b, boolean transB, NDArray out) {
        if (a.shape().rank() != 2 || b.shape().rank() != 2) {
            throw new IllegalArgumentException(what(a, transA, b, transB) + ": expected two 2-D arrays, got ranks "
                    + a.shape().rank() + " and " + b.shape().rank());
        }
        Elementwise.requireSameDType("matmul", a, b);
        int m = a.shape().dim(transA ? 1 : 0);
        int k = a.shape().dim(transA ? 0 : 1);
        int kb = b.shape().dim(transB ? 1 : 0);
        int n = b.shape().dim(transB ? 0 : 1);
        if (k != kb) {
            throw new IllegalArgumentException(what(a, transA, b, transB) + ": inner dimensions " + k + " and " + kb
                    + " differ");
        }
        if (out != null && (out.dtype() != a.dtype() || !out.shape().equals(Shape.of(m, n)))) {
            throw new IllegalArgumentException(what(a, transA, b, transB) + ": expected an output " + a.dtype() + " ("
                    + m + ", " + n + "), got " + out.dtype() + " " + out.shape());
        }
        NDArray c = out;
        if (c == null) {
            c = NDArray.toOverwrite(a.dtype(), Shape.of(m, n)); // both paths write every element
        } else {
            c.markModified();
        }
        if (a.dtype() == DType.FLOAT32) {
            Kernels.get().matmul(a.floats(), transA, b.floats(), transB, c.floats(), m, k, n);
            return c;
        }
        double[] x = a.doubles();
        double[] y = b.doubles();
        double[] z = c.doubles();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += x[transA ? p * m + i : i * k + p] * y[transB ? j * k + p : p * n + j];
                }
                z[i * n + j] = s;
            }
        }
        return c;
    }

    /** The product's description for an error message, such as {@code matmul: (3x4) @ (5x2)^T}. */
    private static String what(NDArray a, boolean transA, NDArray b, boolean transB) {
        return "matmul: (" + a.shape().toMatrixString() + (transA ? ")^T" : ")") + " @ (" + b.shape().toMatrixString()
                + (transB ? ")^T" : ")");
    }

    /** The transpose of a 2-D array, as a new array. */
    public static NDArray transpose(NDArray a) {
        if (a.shape().rank() != 2) {
            throw new IllegalArgumentException("transpose: expected a 2-D array, got shape " + a.shape());
        }
        int rows = a.shape().dim(0);
        int cols = a.shape().dim(1);
        NDArray t = NDArray.zeros(a.dtype(), Shape.of(cols, rows));
        if (a.dtype() == DType.FLOAT32) {
            transposeFloats(a.floats(), t.floats(), rows, cols);
            return t;
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t.set(j * rows + i, a.get(i * cols + j));
            }
        }
        return t;
    }

    /** {@code t[j][i] = a[i][j]} in 32 x 32 blocks, so that both the reads and the writes stay in cache. */
    static void transposeFloats(float[] a, float[] t, int rows, int cols) {
        final int block = 32;
        for (int i0 = 0; i0 < rows; i0 += block) {
            int i1 = Math.min(rows, i0 + block);
            for (int j0 = 0; j0 < cols; j0 += block) {
                int j1 = Math.min(cols, j0 + block);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        t[j * rows + i] = a[i * cols + j];
                    }
                }
            }
        }
    }
}

package org.jgrad.core;

import org.jgrad.core.kernels.Kernels;

/**
 * Fused array operations that backward rules use, with the choice of kernel made here, so that autograd never
 * imports {@code core.kernels}.
 */
public final class ArrayOps {
    private ArrayOps() {
    }

    /**
     * relu's backward in one pass: {@code dx = dz} where {@code x > 0}, else 0 ({@code dz} broadcast to x's shape if
     * needed).
     */
    public static NDArray reluBackward(NDArray dz, NDArray x) {
        if (x.dtype() == DType.FLOAT32 && dz.dtype() == DType.FLOAT32 && dz.shape().equals(x.shape())) {
            NDArray dx = NDArray.toOverwrite(DType.FLOAT32, x.shape()); // the kernel writes every element
            Kernels k = Kernels.get();
            float[] d = dz.floats();
            float[] v = x.floats();
            float[] out = dx.floats();
            Elementwise.inRanges(dx.size(), (start, len) -> k.reluBackward(d, start, v, start, out, start, len));
            return dx;
        }
        return Elementwise.mul(dz, Elementwise.unary(UnaryOp.STEP, x));
    }

    /**
     * {@code y += b} for every row of {@code y} (m, n) with {@code b} (n,): a linear layer's bias, added in place into
     * the fresh product (the kernels allow the output to alias an input). Returns {@code y}.
     */
    public static NDArray addRowInPlace(NDArray y, NDArray b) {
        return addRowInPlace(y, b, false);
    }

    /**
     * {@code y = max(y + b, 0)} for every row, in place: a linear layer's bias and a relu in one pass over the
     * product (each row is still in cache for the relu). The same bits as {@link #addRowInPlace} then
     * {@link Elementwise#relu}. Returns {@code y}.
     */
    public static NDArray addRowReluInPlace(NDArray y, NDArray b) {
        return addRowInPlace(y, b, true);
    }

    /**
     * Rows shorter than this take the bias in a plain loop and the relu in one call over all of y: the kernels' add
     * on a row of 10 (mlp's and the cnn's last layer) is one masked vector, and a call per row of 128 took about 10
     * us (80 ns a row) in JFR samples of mlp's second layer. The same float additions and relu, so the same bits.
     * {@link Reductions}' column sums (a bias's gradient) take the same bound for their plain loop.
     */
    static final int SHORT_ROW = 32;

    private static NDArray addRowInPlace(NDArray y, NDArray b, boolean relu) {
        if (y.dtype() == DType.FLOAT32 && b.dtype() == DType.FLOAT32) {
            Kernels k = Kernels.get();
            float[] v = y.floats();
            int n = b.size();
            if (n < SHORT_ROW) {
                float[] bias = b.floats();
                for (int start = 0; start < v.length; start += n) {
                    for (int j = 0; j < n; j++) {
                        v[start + j] += bias[j];
                    }
                }
                if (relu) {
                    k.relu(v, 0, v, 0, v.length);
                }
                y.markModified();
                return y;
            }
            for (int start = 0; start < v.length; start += n) {
                k.add(v, start, b.floats(), 0, v, start, n);
                if (relu) {
                    k.relu(v, start, v, start, n);
                }
            }
            y.markModified();
            return y;
        }
        NDArray sum = Elementwise.add(y, b);
        return relu ? Elementwise.relu(sum) : sum;
    }
}

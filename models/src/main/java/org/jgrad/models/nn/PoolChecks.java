package org.jgrad.models.nn;

import java.util.List;
import org.jgrad.autograd.Tensor;

/**
 * The argument checks and the output geometry shared by the pooling layers, so that their errors read alike. The
 * pooling ops take floor-mode windows only; {@code ceil_mode} is built here on top of them (see {@link #extend}).
 */
final class PoolChecks {
    private PoolChecks() {
    }

    static void require(String layer, int kernelSize, int stride, int padding) {
        if (kernelSize < 1 || stride < 1 || padding < 0 || 2 * padding > kernelSize) {
            throw new IllegalArgumentException(layer + "(kernel_size=" + kernelSize + ", stride=" + stride
                    + ", padding=" + padding + "): expected kernel_size >= 1, stride >= 1 and 0 <= padding <= "
                    + "kernel_size / 2");
        }
    }

    /**
     * PyTorch's pooling output size along one dimension of {@code size} pixels:
     * {@code floor((size + 2 padding - k) / stride) + 1}, or with {@code ceilMode} the same with {@code ceil}, less
     * one when that last window would start past the input and its left padding (so every window starts inside).
     */
    static int outSize(String layer, int size, int kernelSize, int stride, int padding, boolean ceilMode) {
        int span = size + 2 * padding - kernelSize;
        int out = Math.floorDiv(span + (ceilMode ? stride - 1 : 0), stride) + 1;
        if (ceilMode && (out - 1) * stride >= size + padding) {
            out--;
        }
        if (out < 1) {
            throw new IllegalArgumentException(layer + "(kernel_size=" + kernelSize + ", padding=" + padding + "): "
                    + "the window is larger than the padded input (" + (size + 2 * padding) + " pixels)");
        }
        return out;
    }

    /**
     * Rows (or columns) to add after the input so that the floor-mode op yields {@code out} windows: the last
     * window's end {@code (out - 1) stride + k} past the padded input, or 0.
     */
    static int extra(int size, int kernelSize, int stride, int padding, int out) {
        return Math.max(0, (out - 1) * stride + kernelSize - (size + 2 * padding));
    }

    /**
     * {@code x (N, C, H, W)} with {@code extraH} rows below and {@code extraW} columns to the right, all {@code fill}
     * (negative infinity for max pooling, where those cells must never win; zero for averages). The cells are a
     * constant, so the gradient of x is the extended gradient's top-left {@code H x W} block.
     */
    static Tensor extend(Tensor x, int extraH, int extraW, double fill) {
        int n = x.shape().dim(0);
        int c = x.shape().dim(1);
        Tensor out = x;
        if (extraH > 0) {
            Tensor rows = Tensor.full(fill, x.dtype(), n, c, extraH, out.shape().dim(3));
            out = Tensor.concat(List.of(out, rows), 2);
        }
        if (extraW > 0) {
            Tensor cols = Tensor.full(fill, x.dtype(), n, c, out.shape().dim(2), extraW);
            out = Tensor.concat(List.of(out, cols), 3);
        }
        return out;
    }

    /** Throws unless {@code x} is a 4-D batch of images. */
    static void requireImages(String layer, Tensor x) {
        if (x.shape().rank() != 4) {
            throw new IllegalArgumentException(layer + ": expected input (N, C, H, W), got " + x.shape());
        }
    }
}

package org.jgrad.core;

import org.jgrad.core.kernels.ImageKernels;
import org.jgrad.core.kernels.Kernels;
import org.jgrad.core.kernels.Parallel;

/**
 * 2-D max and average pooling of N, C, H, W arrays and their gradients (PyTorch's {@code max_pool2d} and
 * {@code avg_pool2d}, dilation 1, {@code ceil_mode=False}).
 *
 * <pre>
 * max       y[n, c, oh, ow] = max over the window of x      (padding never wins: it counts as -infinity)
 * average   y[n, c, oh, ow] = sum over the window of x / (kH kW)   (padding counts as zeros, count_include_pad)
 * </pre>
 *
 * Max pooling also returns, per output, the flat index into x of the value it took; the gradient goes there
 * alone. As in PyTorch's CPU kernel, the window is scanned row by row and a value replaces the maximum when it is
 * larger or NaN: of equal values the first wins, and a NaN in the window is the result (the last NaN's index).
 * Planes {@code (n, c)} are split across threads.
 */
public final class Pooling {
    private Pooling() {
    }

    /** The result of {@link #maxPool2d}: the maxima and, for each, the flat index into x it came from. */
    public record MaxResult(NDArray output, int[] indices) {
    }

    /** Plane {@code [from, to)} of the batch's {@code batch channels} planes. */
    private interface PlaneRange {
        void run(int from, int to);
    }

    private static void forPlanes(Pool2dGeometry g, PlaneRange body) {
        int planes = g.batch() * g.channels();
        long work = (long) planes * g.outH() * g.outW() * g.kernelH() * g.kernelW();
        int parts = Math.max(1, Math.min(planes, Parallel.worthSplitting(4 * work)));
        Parallel.forEach(parts, part -> body.run(Parallel.start(planes, parts, part),
                Parallel.start(planes, parts, part + 1)));
    }

    /** Max pooling of {@code x (N, C, H, W)}: output {@code (N, C, outH, outW)} and the arg-max indices. */
    public static MaxResult maxPool2d(NDArray x, int[] kernel, int[] stride, int[] padding) {
        return maxPool2d(x, kernel, stride, padding, false);
    }

    /**
     * The most outputs of a 2 x 2 pooling a relu pass follows while they are in L1 (16 KB of float32): the
     * pooling's planes run in groups of at most this many outputs, each group's relu straight after it.
     */
    private static final int RELU_GROUP = 4096;

    /**
     * {@link #maxPool2d(NDArray, int[], int[], int[])}, then, when {@code relu}, {@code max(y, 0)} of each output
     * ({@link UnaryOp#RELU}: NaN stays NaN, -0 becomes 0), the same bits as {@link Elementwise#relu} of the pooled
     * map, with the indices of the maxima before the relu. Each group of planes' outputs gets its relu while it is
     * still in cache.
     */
    public static MaxResult maxPool2d(NDArray x, int[] kernel, int[] stride, int[] padding, boolean relu) {
        Pool2dGeometry g = Pool2dGeometry.of(x.shape(), kernel, stride, padding);
        NDArray y = NDArray.toOverwrite(x.dtype(), g.outputShape()); // both paths write every output
        int[] indices = ArrayPool.intsToOverwrite(y.size());          // and every index
        int hw = g.height() * g.width();
        int ohw = g.outH() * g.outW();
        if (x.dtype() == DType.FLOAT32 && g.kernelH() == 2 && g.kernelW() == 2 && g.strideH() == 2
                && g.strideW() == 2 && g.padH() == 0 && g.padW() == 0) {
            // the usual case on its own kernel: Math.max and conditional moves (a compare and branch per pixel mispredicts
            // on most windows of real activations: 2.8 against 0.45 ms for the benchmark's first pooling), vectorised
            int group = Math.max(1, RELU_GROUP / Math.max(1, ohw));
            forPlanes(g, (from, to) -> {
                if (!relu) {
                    ImageKernels.get().maxPool2x2(x.floats(), y.floats(), indices, g.height(), g.width(), from, to);
                    return;
                }
                for (int first = from; first < to; first += group) {
                    int last = Math.min(to, first + group);
                    ImageKernels.get().maxPool2x2(x.floats(), y.floats(), indices, g.height(), g.width(), first,
                            last);
                    Kernels.get().relu(y.floats(), first * ohw, y.floats(), first * ohw, (last - first) * ohw);
                }
            });
            return new MaxResult(y, indices);
        }
        forPlanes(g, (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                for (int oh = 0; oh < g.outH(); oh++) {
                    int h0 = Math.max(0, oh * g.strideH() - g.padH());
                    int h1 = Math.min(g.height(), oh * g.strideH() - g.padH() + g.kernelH());
                    for (int ow = 0; ow < g.outW(); ow++) {
                        int w0 = Math.max(0, ow * g.strideW() - g.padW());
                        int w1 = Math.min(g.width(), ow * g.strideW() - g.padW() + g.kernelW());
                        int best = plane * hw + h0 * g.width() + w0;
                        double max = Double.NEGATIVE_INFINITY;
                        for (int h = h0; h < h1; h++) {
                            for (int w = w0; w < w1; w++) {
                                int at = plane * hw + h * g.width() + w;
                                double v = x.get(at);
                                if (v > max || v != v) {
                                    max = v;
                                    best = at;
                                }
                            }
                        }
                        int out = plane * ohw + oh * g.outW() + ow;
                        y.set(out, relu ? UnaryOp.RELU.apply(max) : max);
                        indices[out] = best;
                    }
                }
            }
        });
        return new MaxResult(y, indices);
    }

    /**
     * Max pooling's gradient: {@code dx[indices[i]] += dy[i]}, dx of {@code inputShape} (windows that overlap may send
     * several gradients to one pixel). float32 maps half the input's height and width whose every index lies in its
     * own 2 x 2 window (a 2 x 2 pooling of stride 2) take {@link ImageKernels#maxPool2x2Backward}, which writes each
     * pixel once, the same values: 0.18-0.22 against 0.27-0.32 ms for the cnn's first pooling (64 images of 16
     * channels of 28 x 28).
     */
    public static NDArray maxPool2dBackward(NDArray dy, int[] indices, Shape inputShape) {
        if (indices.length != dy.size()) {
            throw new IllegalArgumentException("maxPool2dBackward: " + dy.size() + " gradients for " + indices.length
                    + " indices");
        }
        // each plane's indices stay in that plane, so threads splitting by plane never write the same pixel
        int planes = inputShape.dim(0) * inputShape.dim(1);
        int per = dy.size() / Math.max(1, planes);
        int parts = Math.max(1, Math.min(planes, Parallel.worthSplitting(8L * dy.size())));
        if (dy.dtype() == DType.FLOAT32 && inputShape.rank() == 4 && dy.shape().rank() == 4
                && dy.shape().dim(0) == inputShape.dim(0) && dy.shape().dim(1) == inputShape.dim(1)
                && dy.shape().dim(2) == inputShape.dim(2) / 2 && dy.shape().dim(3) == inputShape.dim(3) / 2
                && 2 * dy.shape().dim(3) > ImageKernels.get().lanes()) {
            // the maps of a 2 x 2 pooling: when every index lies in its own window, one pass writes all of dx. Rows
            // of at most half a vector of windows (the cnn's second pooling at 512 bits, 7 a row) keep the fill and
            // the scatter: 0.10 against 0.18-0.21 ms, the kernel's whole vectors writing each pixel more than twice
            NDArray out = NDArray.toOverwrite(DType.FLOAT32, inputShape);
            boolean[] inside = new boolean[parts];
            int height = inputShape.dim(2);
            int width = inputShape.dim(3);
            Parallel.forEach(parts, part -> inside[part] = ImageKernels.get().maxPool2x2Backward(dy.floats(), indices,
                    out.floats(), height, width, Parallel.start(planes, parts, part),
                    Parallel.start(planes, parts, part + 1)));
            boolean all = true;
            for (boolean b : inside) {
                all &= b;
            }
            if (all) {
                return out;
            }
        }
        NDArray dx = NDArray.zeros(dy.dtype(), inputShape);
        Parallel.forEach(parts, part -> {
            int from = Parallel.start(planes, parts, part) * per;
            int to = Parallel.start(planes, parts, part + 1) * per;
            if (dy.dtype() == DType.FLOAT32) {
                // typed arrays: NDArray.get/set per element cost about twice the loop (0.51 against 0.28 ms for the
                // benchmark's first pooling)
                float[] d = dx.floats();
                float[] g = dy.floats();
                for (int i = from; i < to; i++) {
                    d[indices[i]] += g[i];
                }
            } else {
                double[] d = dx.doubles();
                double[] g = dy.doubles();
                for (int i = from; i < to; i++) {
                    d[indices[i]] += g[i];
                }
            }
        });
        return dx;
    }

    /**
     * {@code out[i] = x[indices[i]]}, out of {@code shape}: the maxima of {@link #maxPool2d} read again at its
     * arg-max indices (from another array of x's shape). This is the adjoint of {@link #maxPool2dBackward}.
     */
    public static NDArray takeAt(NDArray x, int[] indices, Shape shape) {
        if (indices.length != shape.size()) {
            throw new IllegalArgumentException("takeAt: " + indices.length + " indices for shape " + shape);
        }
        NDArray out = NDArray.zeros(x.dtype(), shape);
        for (int i = 0; i < indices.length; i++) {
            out.set(i, x.get(indices[i]));
        }
        return out;
    }

    /** Average pooling of {@code x (N, C, H, W)}, padding counted as zeros in the {@code kH kW} divisor. */
    public static NDArray avgPool2d(NDArray x, int[] kernel, int[] stride, int[] padding) {
        Pool2dGeometry g = Pool2dGeometry.of(x.shape(), kernel, stride, padding);
        NDArray y = NDArray.zeros(x.dtype(), g.outputShape());
        double scale = 1.0 / (g.kernelH() * g.kernelW());
        eachWindow(g, (out, in) -> y.set(out, y.get(out) + x.get(in) * scale));
        return y;
    }

    /** Average pooling's gradient: each pixel gets {@code dy / (kH kW)} of every window it lies in. */
    public static NDArray avgPool2dBackward(NDArray dy, Shape inputShape, int[] kernel, int[] stride, int[] padding) {
        Pool2dGeometry g = Pool2dGeometry.of(inputShape, kernel, stride, padding);
        if (!dy.shape().equals(g.outputShape())) {
            throw new IllegalArgumentException("avgPool2dBackward: expected dy of shape " + g.outputShape() + ", got "
                    + dy.shape());
        }
        NDArray dx = NDArray.zeros(dy.dtype(), inputShape);
        double scale = 1.0 / (g.kernelH() * g.kernelW());
        eachWindow(g, (out, in) -> dx.set(in, dx.get(in) + dy.get(out) * scale));
        return dx;
    }

    /** One (output, input pixel) pair of a window. */
    private interface Visit {
        void accept(int out, int in);
    }

    /** Calls {@code visit} for every output and every input pixel inside its window, plane by plane. */
    private static void eachWindow(Pool2dGeometry g, Visit visit) {
        int hw = g.height() * g.width();
        int ohw = g.outH() * g.outW();
        forPlanes(g, (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                for (int oh = 0; oh < g.outH(); oh++) {
                    int h0 = Math.max(0, oh * g.strideH() - g.padH());
                    int h1 = Math.min(g.height(), oh * g.strideH() - g.padH() + g.kernelH());
                    for (int ow = 0; ow < g.outW(); ow++) {
                        int w0 = Math.max(0, ow * g.strideW() - g.padW());
                        int w1 = Math.min(g.width(), ow * g.strideW() - g.padW() + g.kernelW());
                        int out = plane * ohw + oh * g.outW() + ow;
                        for (int h = h0; h < h1; h++) {
                            for (int w = w0; w < w1; w++) {
                                visit.accept(out, plane * hw + h * g.width() + w);
                            }
                        }
                    }
                }
            }
        });
    }
}

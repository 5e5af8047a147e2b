package org.jgrad.core;

import org.jgrad.core.kernels.ImageKernels;
import org.jgrad.core.kernels.Kernels;
import org.jgrad.core.kernels.MatrixProduct;
import org.jgrad.core.kernels.Parallel;

/**
 * 2-D convolution (PyTorch's {@code conv2d}, which is a cross-correlation) of N, C, H, W arrays, and its two
 * gradients. float32 convolutions of stride 1 with 5 x 5 kernels and at least 8 channels in and out (the
 * benchmark's second layer) run on {@link Winograd}'s tiles ({@link #setWinograd}); the others as one matrix product
 * per group of images on the packed gemm kernel:
 *
 * <pre>
 * forward   Y = W col(X) + b              W viewed as (C_out, C kH kW), col(X) (C kH kW, G outH outW)
 * input     dX = fold(W^T dY)             fold sends each column entry back to its pixel, adding
 * weight    dW = sum over groups of dY col(X)^T     col(X) read transposed by the gemm's packing
 * bias      db[o] = sum over n, oh, ow of dy[n, o, oh, ow]
 * </pre>
 *
 * where X is a group of {@link Conv2dGeometry#groupSize()} images, {@code col} its column matrix ({@link Im2col}:
 * the images' output pixels side by side, no column thrown away), and dY the group's output gradient in the same
 * column order. Grouping makes the products wide (784 columns for the benchmark's 14 x 14 maps, against 196 for
 * one image), where the packed kernel runs near its peak. The groups are split across {@link Parallel#threads()}
 * threads; each thread reuses its column buffers ({@link ThreadBuffers}) from call to call. float32 runs on
 * {@link Kernels#gemmTile}, float64 on {@link MatMul}. A float32 forward pass with one input channel and stride 1
 * along the width (the benchmark's first layer: 25 taps, a poor gemm depth) skips the column matrix and runs as a
 * direct correlation ({@link Im2col#correlate}), each element the same fma chain. Stride, padding and dilation are
 * {@code (h, w)} pairs; groups (in PyTorch's sense) are 1.
 *
 * <p>Every output and input-gradient element is the same sum in the same order whatever the group size, thread
 * count or vector width; the weight gradient's sums follow the groups and the thread split (never the width).
 *
 * <pre>{@code
 * NDArray y = Convolution.conv2d(x, w, b, new int[] {1, 1}, new int[] {2, 2}, new int[] {1, 1});
 * }</pre>
 */
public final class Convolution {
    private Convolution() {
    }

    /**
     * Whether float32 convolutions of stride 1 with 5 x 5 kernels and at least 8 channels in and out run on
     * {@link Winograd}'s tiles (the default; the system property {@code jgrad.winograd=false} starts with it off).
     * Off, they run as column matrices and gemms, the algorithm of PyTorch 1.13's CPU convolution, whose rounding
     * they then share more closely: Winograd's sums are about ten times as far from the exact ones (a few 1e-6 of
     * the largest output, against a few 1e-7), which Adam can turn into steps of its learning rate where a gradient
     * is of rounding size. Like {@code torch.backends.mkldnn.enabled}, a switch for reproducing a reference's
     * numbers, not for correctness.
     */
    public static void setWinograd(boolean on) {
        Winograd.enabled = on;
    }

    /** Whether {@link #setWinograd} is on. */
    public static boolean winograd() {
        return Winograd.enabled;
    }

    /**
     * {@code y = conv2d(x, w) + b}: x {@code (N, C, H, W)}, w {@code (C_out, C, kH, kW)}, b {@code (C_out)} or null;
     * y {@code (N, C_out, outH, outW)}.
     */
    public static NDArray conv2d(NDArray x, NDArray w, NDArray bias, int[] stride, int[] padding, int[] dilation) {
        Conv2dGeometry g = Conv2dGeometry.of(x.shape(), w.shape(), stride, padding, dilation);
        Elementwise.requireSameDType("conv2d", x, w);
        if (bias != null && (bias.dtype() != x.dtype() || !bias.shape().equals(Shape.of(g.outChannels())))) {
            throw new IllegalArgumentException("conv2d: expected bias " + x.dtype() + " " + Shape.of(g.outChannels()) + ", got "
                    + bias.dtype() + " " + bias.shape());
        }
        DType dtype = x.dtype();
        // every path below writes each element of y (Winograd's transpose, the direct kernel, the copies of the
        // columns' product), so a kept array need not be filled with zeros first
        NDArray y = NDArray.toOverwrite(dtype, g.outputShape());
        int p = g.patch();
        int co = g.outChannels();
        int pixels = g.pixels();
        Object xs = storage(x);
        Object ws = storage(w);
        Object ys = storage(y);
        Winograd.Transform winograd = Winograd.choose(g, dtype);
        if (winograd != null) {
            Winograd.correlate(ImageKernels.get(), winograd, x.floats(), g.batch(), g.inChannels(), g.height(),
                    g.width(), w.floats(), co, bias == null ? null : bias.floats(), g.padH(), g.padW(), y.floats());
            return y;
        }
        if (direct(g, dtype)) {
            float[] b = bias == null ? new float[co] : bias.floats();
            forGroups(g, dtype, (im2col, n0, n1) -> {
                for (int n = n0; n < n1; n++) {
                    im2col.correlate((float[]) xs, n * im2col.imageSize(), (float[]) ws, b, (float[]) ys,
                            n * co * pixels);
                }
            });
            return y;
        }
        forGroups(g, dtype, (im2col, n0, n1) -> {
            int cols = (n1 - n0) * pixels;
            Object col = ThreadBuffers.get(dtype, 0, p * cols + ImageKernels.SLACK);
            Object out = ThreadBuffers.get(dtype, 1, co * cols);
            im2col.unfold(xs, n0, n1, col);
            product(ws, false, col, false, out, co, p, cols);
            for (int n = n0; n < n1; n++) {
                for (int o = 0; o < co; o++) {
                    int from = o * cols + (n - n0) * pixels;
                    int to = (n * co + o) * pixels;
                    if (bias == null) {
                        System.arraycopy(out, from, ys, to, pixels);
                    } else {
                        addScalar(out, from, bias.get(o), ys, to, pixels);
                    }
                }
            }
        });
        return y;
    }

    /**
     * {@code dx = d(sum(y * dy))/dx} of {@link #conv2d}: dy {@code (N, C_out, outH, outW)}, w the weight, result of
     * {@code inputShape}.
     */
    public static NDArray conv2dInputGrad(NDArray dy, NDArray w, Shape inputShape, int[] stride, int[] padding,
            int[] dilation) {
        Conv2dGeometry g = Conv2dGeometry.of(inputShape, w.shape(), stride, padding, dilation);
        requireGradient("conv2dInputGrad", g, dy, w);
        DType dtype = dy.dtype();
        Winograd.Transform winograd = Winograd.choose(g, dtype);
        // Winograd's tiles write every element of dx; the column path adds its columns into it
        NDArray dx = winograd != null ? NDArray.toOverwrite(dtype, inputShape) : NDArray.zeros(dtype, inputShape);
        if (winograd != null) {
            Winograd.inputGrad(ImageKernels.get(), winograd, dy.floats(), g.batch(), g.inChannels(), g.height(),
                    g.width(), w.floats(), g.outChannels(), g.padH(), g.padW(), dx.floats());
            return dx;
        }
        int p = g.patch();
        int co = g.outChannels();
        int pixels = g.pixels();
        Object dys = storage(dy);
        Object ws = storage(w);
        Object dxs = storage(dx);
        forGroups(g, dtype, (im2col, n0, n1) -> {
            int cols = (n1 - n0) * pixels;
            Object grid = ThreadBuffers.get(dtype, 0, co * cols);
            Object dcol = ThreadBuffers.get(dtype, 1, p * cols);
            gatherColumns(dys, co, pixels, n0, n1, grid);
            product(ws, true, grid, false, dcol, p, co, cols);
            for (int n = n0; n < n1; n++) {
                im2col.fold(dcol, cols, (n - n0) * pixels, dxs, n * im2col.imageSize());
            }
        });
        return dx;
    }

    /**
     * {@code dW = d(sum(y * dy))/dW} of {@link #conv2d}: dy {@code (N, C_out, outH, outW)}, x the input, result of
     * {@code weightShape}: {@code dW = sum over groups of dY col(X)^T}, col read transposed by the gemm's packing
     * (its 8 x 8 register transposes: 3.2-3.6 against 4.8-5.1 ms of CPU for the benchmark's second layer with a
     * transposed column matrix gathered per output pixel, which cost short copies). Each thread sums its
     * groups' products in order; the per-thread sums are added in a fixed order, so that a run repeats exactly at a
     * given thread count, at every vector width.
     */
    public static NDArray conv2dWeightGrad(NDArray dy, NDArray x, Shape weightShape, int[] stride, int[] padding,
            int[] dilation) {
        Conv2dGeometry g = Conv2dGeometry.of(x.shape(), weightShape, stride, padding, dilation);
        requireGradient("conv2dWeightGrad", g, dy, x);
        DType dtype = x.dtype();
        Winograd.Transform winograd = Winograd.choose(g, dtype);
        if (winograd != null) {
            return NDArray.of(Winograd.weightGrad(ImageKernels.get(), winograd, dy.floats(), x.floats(), g.batch(),
                    g.inChannels(), g.height(), g.width(), g.outChannels(), g.padH(), g.padW()), weightShape);
        }
        if (directWeightGrad(g, dtype)) {
            return NDArray.of(directWeightGrad(ImageKernels.get(), g, dy.floats(), x.floats()), weightShape);
        }
        int p = g.patch();
        int co = g.outChannels();
        int pixels = g.pixels();
        Object dys = storage(dy);
        Object xs = storage(x);
        int parts = parts(g);
        NDArray[] sums = new NDArray[parts];
        forGroups(g, dtype, parts, (part, im2col, n0, n1) -> {
            int cols = (n1 - n0) * pixels;
            Object col = ThreadBuffers.get(dtype, 0, p * cols + ImageKernels.SLACK);
            Object grid = ThreadBuffers.get(dtype, 1, co * cols);
            im2col.unfold(xs, n0, n1, col);
            gatherColumns(dys, co, pixels, n0, n1, grid);
            if (sums[part] == null) {
                sums[part] = NDArray.zeros(dtype, weightShape);
                product(grid, false, col, true, storage(sums[part]), co, cols, p);
            } else {
                Object one = ThreadBuffers.get(dtype, 2, co * p);
                product(grid, false, col, true, one, co, cols, p);
                addInto(one, storage(sums[part]), co * p);
            }
        });
        for (int i = 1; i < parts; i++) {
            sums[0].addInPlace(1, sums[i]);
        }
        return sums[0];
    }

    /** Input channels times kernel taps up to which float32 dW of stride 1 runs direct: a net's first layers. */
    static final int DIRECT_PATCH = 32;

    /**
     * Whether dW takes {@link #directWeightGrad(ImageKernels, Conv2dGeometry, float[], float[])}: float32, stride and
     * dilation 1, at most {@link #DIRECT_PATCH} taps per output channel, and not a {@link Winograd} geometry.
     */
    static boolean directWeightGrad(Conv2dGeometry g, DType dtype) {
        return dtype == DType.FLOAT32 && g.strideH() == 1 && g.strideW() == 1 && g.dilationH() == 1
                && g.dilationW() == 1 && g.patch() <= DIRECT_PATCH && Winograd.choose(g, dtype) == null;
    }

    /**
     * dW of a convolution with few taps (a first layer: 1 x 5 x 5 for the cnn), without the column matrix, whose
     * product has only {@code C_out x patch} outputs over a depth of every pixel of the batch: for each output
     * channel o and input channel c, {@link ImageKernels#weightPlane} runs the rows of dy's plane against the
     * zero-padded input rows i below them for every kernel row i and column j, with one fma chain per output column
     * x over the images and rows in order (at 512 bits each input row is loaded once for the five kernel rows of a
     * 5 x 5 kernel: the cnn's first layer 0.67-0.71 against 0.43-0.48 ms a batch). Then
     *
     * <pre>
     * dW[o][c][i][j] = sum over x &lt; outW, left to right in double, of P[o][c][i][j][x]
     * P[o][c][i][j][x] = chain over n, then y &lt; outH, of fma(dy[n][o][y][x], xpad[n][c][y + i][x + j], .)
     * </pre>
     *
     * The same bits at every vector width and thread count (the threads take ranges of output channels).
     */
    static float[] directWeightGrad(ImageKernels k, Conv2dGeometry g, float[] dy, float[] x) {
        int n = g.batch();
        int c = g.inChannels();
        int co = g.outChannels();
        int kh = g.kernelH();
        int kw = g.kernelW();
        int outH = g.outH();
        int outW = g.outW();
        int h = g.height();
        int w = g.width();
        int step = 2 * k.lanes();
        // dy's rows padded with zeros to whole pairs of vectors; the padded input's rows reach every x + j read
        int width = Math.ceilDiv(outW, step) * step;
        int inStep = width + kw - 1;
        int inH = outH + kh - 1;
        float[] partials = new float[co * c * kh * kw * width];
        int parts = Math.max(1, Math.min(co, Parallel.worthSplitting(2L * n * co * g.patch() * g.pixels())));
        Parallel.forEach(parts, part -> {
            int o0 = Parallel.start(co, parts, part);
            int o1 = Parallel.start(co, parts, part + 1);
            float[] padded = (float[]) ThreadBuffers.get(DType.FLOAT32, 0, c * inH * inStep + ImageKernels.SLACK);
            float[] plane = (float[]) ThreadBuffers.get(DType.FLOAT32, 1, outH * width + ImageKernels.SLACK);
            // zero once: the copies below never write the padding (this thread's buffers may hold another op's data)
            java.util.Arrays.fill(padded, 0, c * inH * inStep, 0f);
            java.util.Arrays.fill(plane, 0, outH * width, 0f);
            for (int i = 0; i < n; i++) {
                // image i zero-padded: channel ch's row r at (ch inH + r) inStep (the padding stays zero)
                for (int ch = 0; ch < c; ch++) {
                    for (int row = 0; row < h; row++) {
                        System.arraycopy(x, ((i * c + ch) * h + row) * w, padded,
                                (ch * inH + row + g.padH()) * inStep + g.padW(), w);
                    }
                }
                for (int o = o0; o < o1; o++) {
                    // dy's plane read in place, rows outW apart: the columns past outW read the next row's values
                    // into chains no one adds up. Only a plane whose last row would read past dy's end is copied
                    // into rows padded with zeros (short copies cost more than the kernel: 0.8 against 0.4 ms of
                    // the cnn's batch)
                    float[] rows = dy;
                    int from = (i * co + o) * outH * outW;
                    int rowStep = outW;
                    if (from + (outH - 1) * outW + width > dy.length) {
                        for (int row = 0; row < outH; row++) {
                            System.arraycopy(dy, from + row * outW, plane, row * width, outW);
                        }
                        rows = plane;
                        from = 0;
                        rowStep = width;
                    }
                    for (int ch = 0; ch < c; ch++) {
                        k.weightPlane(rows, from, rowStep, padded, ch * inH * inStep, inStep, outH, kh, kw, partials,
                                (o * c + ch) * kh * kw * width, width);
                    }
                }
            }
        });
        float[] dw = new float[co * c * kh * kw];
        for (int e = 0; e < dw.length; e++) {
            double sum = 0;
            for (int col = 0; col < outW; col++) {
                sum += partials[e * width + col];
            }
            dw[e] = (float) sum;
        }
        return dw;
    }

    /** {@code db[o] = sum_{n, h, w} dy[n, o, h, w]}: dy {@code (N, C_out, H, W)}, result {@code (C_out)}. */
    public static NDArray conv2dBiasGrad(NDArray dy) {
        if (dy.shape().rank() != 4) {
            throw new IllegalArgumentException("conv2dBiasGrad: expected dy (N, C_out, H, W), got " + dy.shape());
        }
        int n = dy.shape().dim(0);
        int co = dy.shape().dim(1);
        int q = dy.shape().dim(2) * dy.shape().dim(3);
        NDArray db = NDArray.zeros(dy.dtype(), Shape.of(co));
        for (int o = 0; o < co; o++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                int at = (i * co + o) * q;
                s += dy.dtype() == DType.FLOAT32 ? Kernels.get().sum(dy.floats(), at, q) : sum(dy.doubles(), at, q);
            }
            db.set(o, s);
        }
        return db;
    }

    private static double sum(double[] a, int from, int n) {
        double s = 0;
        for (int i = from; i < from + n; i++) {
            s += a[i];
        }
        return s;
    }

    private static void requireGradient(String op, Conv2dGeometry g, NDArray dy, NDArray other) {
        if (!dy.shape().equals(g.outputShape())) {
            throw new IllegalArgumentException(op + ": expected dy of shape " + g.outputShape() + ", got " + dy.shape());
        }
        Elementwise.requireSameDType(op, dy, other);
    }

    /** {@code out[to + t] = a[from + t] + b} for {@code t < n}. */
    private static void addScalar(Object a, int from, double b, Object out, int to, int n) {
        if (a instanceof float[] f) {
            Kernels.get().addScalar(f, from, (float) b, (float[]) out, to, n);
        } else {
            double[] d = (double[]) a;
            double[] o = (double[]) out;
            for (int t = 0; t < n; t++) {
                o[to + t] = d[from + t] + b;
            }
        }
    }

    /** {@code sum[i] += a[i]} for {@code i < n}. */
    static void addInto(Object a, Object sum, int n) {
        if (a instanceof float[] f) {
            Kernels.get().add(f, 0, (float[]) sum, 0, (float[]) sum, 0, n);
        } else {
            double[] d = (double[]) a;
            double[] s = (double[]) sum;
            for (int i = 0; i < n; i++) {
                s[i] += d[i];
            }
        }
    }

    /**
     * {@code grid (C_out, (n1 - n0) P)}: the maps of images {@code [n0, n1)} of {@code dy (N, C_out, P)} side by
     * side, image {@code n}'s in columns {@code [(n - n0) P, (n - n0 + 1) P)}, the layout of the column matrix.
     */
    private static void gatherColumns(Object dy, int co, int pixels, int n0, int n1, Object grid) {
        int cols = (n1 - n0) * pixels;
        for (int n = n0; n < n1; n++) {
            for (int o = 0; o < co; o++) {
                System.arraycopy(dy, (n * co + o) * pixels, grid, o * cols + (n - n0) * pixels, pixels);
            }
        }
    }

    /** One group of images {@code [n0, n1)}, unfolded with {@code im2col} (the thread's own). */
    private interface Group {
        void run(Im2col im2col, int n0, int n1);
    }

    /** One group of images {@code [n0, n1)} of thread part {@code part}. */
    private interface PartGroup {
        void run(int part, Im2col im2col, int n0, int n1);
    }

    private static int parts(Conv2dGeometry g) {
        int groups = Math.ceilDiv(g.batch(), g.groupSize());
        return Math.max(1, Math.min(groups, Parallel.worthSplitting(g.flops())));
    }

    private static void forGroups(Conv2dGeometry g, DType dtype, Group body) {
        forGroups(g, dtype, parts(g), (part, im2col, n0, n1) -> body.run(im2col, n0, n1));
    }

    /**
     * Splits the batch's groups of {@link Conv2dGeometry#groupSize()} images (the last one may be short) into
     * {@code parts} runs of whole groups, one per thread, and calls {@code body} for each group in order.
     */
    private static void forGroups(Conv2dGeometry g, DType dtype, int parts, PartGroup body) {
        int size = g.groupSize();
        int groups = Math.ceilDiv(g.batch(), size);
        Parallel.forEach(parts, part -> {
            Im2col im2col = null;
            for (int k = Parallel.start(groups, parts, part); k < Parallel.start(groups, parts, part + 1); k++) {
                if (im2col == null) {
                    im2col = new Im2col(g, dtype);
                }
                body.run(part, im2col, k * size, Math.min(g.batch(), (k + 1) * size));
            }
        });
    }

    /**
     * Whether the forward pass runs as a direct correlation ({@link Im2col#correlate}): float32, stride 1 along the
     * width, one input channel and a patch of at most one depth block. The benchmark's first layer (1 x 5 x 5 taps,
     * 28 x 28 maps) is such a case: a gemm of depth 25 spends more time unfolding and packing than multiplying.
     */
    private static boolean direct(Conv2dGeometry g, DType dtype) {
        return dtype == DType.FLOAT32 && g.strideW() == 1 && g.inChannels() == 1 && g.patch() <= Im2col.DIRECT_PATCH;
    }

    private static Object storage(NDArray a) {
        return a.dtype() == DType.FLOAT32 ? a.floats() : a.doubles();
    }

    /**
     * {@code c = op(a) op(b)}, c {@code (m, n)} overwritten; float32 on one thread of the packed kernel (this class
     * splits the images across threads already), float64 on {@link MatMul}.
     */
    private static void product(Object a, boolean ta, Object b, boolean tb, Object c, int m, int k, int n) {
        if (a instanceof float[] fa) {
            Kernels.get().gemmTile(new MatrixProduct(fa, ta, (float[]) b, tb, (float[]) c, m, k, n), 0, m, 0, n);
            return;
        }
        // the thread's buffers may be longer than the matrices: views need arrays of exactly their size
        NDArray left = NDArray.of(java.util.Arrays.copyOf((double[]) a, m * k), ta ? Shape.of(k, m) : Shape.of(m, k));
        NDArray right = NDArray.of(java.util.Arrays.copyOf((double[]) b, k * n), tb ? Shape.of(n, k) : Shape.of(k, n));
        System.arraycopy(MatMul.matmul(left, ta, right, tb).doubles(), 0, c, 0, m * n);
    }
}

package org.jgrad.core;

import org.jgrad.core.kernels.Kernels;
import org.jgrad.core.kernels.MatrixProduct;
import org.jgrad.core.kernels.Parallel;

/**
 * 2-D convolution (PyTorch's {@code conv2d}, which is a cross-correlation) of N, C, H, W arrays, and its two
 * gradients, each as one matrix product per image on the packed gemm kernel:
 *
 * <pre>
 * forward   y[n] = W col(x[n]) + b           W viewed as (C_out, C kH kW), col(x[n]) as (C kH kW, outH outW)
 * input     dx[n] = fold(W^T dy[n])          fold sends each column entry back to its pixel, adding
 * weight    dW = sum_n dy[n] col(x[n])^T
 * bias      db[o] = sum over n, oh, ow of dy[n, o, oh, ow]
 * </pre>
 *
 * where {@code col} is the unfolding of the image into a column matrix ({@link GridColumns} for stride 1, which
 * reads it straight out of the padded image; {@link Im2col} otherwise). Images are split across {@link Parallel#threads()} threads; each
 * thread reuses one column buffer for all its images. float32 runs on {@link Kernels#gemmTile}, float64 on
 * {@link MatMul}. Stride, padding and dilation are {@code (h, w)} pairs; groups are 1.
 *
 * <pre>{@code
 * NDArray y = Convolution.conv2d(x, w, b, new int[] {1, 1}, new int[] {2, 2}, new int[] {1, 1});
 * }</pre>
 */
public final class Convolution {
    private Convolution() {
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
        NDArray y = NDArray.zeros(x.dtype(), g.outputShape());
        int p = g.patch();
        int co = g.outChannels();
        Object xs = storage(x);
        Object ws = storage(w);
        Object ys = storage(y);
        forImages(g, (from, to) -> {
            Unfolding u = Unfolding.of(g, x.dtype());
            int q = u.columns();
            Object col = buffer(x.dtype(), p * q);
            Object out = buffer(x.dtype(), co * q);
            for (int n = from; n < to; n++) {
                u.unfold(xs, n * imageSize(g), col);
                product(ws, false, col, false, out, co, p, q);
                u.fromColumns(out, co, ys, n * co * g.pixels());
            }
        });
        if (bias != null) {
            addBias(y, bias, g.pixels());
        }
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
        NDArray dx = NDArray.zeros(dy.dtype(), inputShape);
        int p = g.patch();
        int co = g.outChannels();
        Object dys = storage(dy);
        Object ws = storage(w);
        Object dxs = storage(dx);
        forImages(g, (from, to) -> {
            Unfolding u = Unfolding.of(g, dy.dtype());
            int q = u.columns();
            Object slice = buffer(dy.dtype(), co * q);
            Object dcol = buffer(dy.dtype(), p * q);
            for (int n = from; n < to; n++) {
                u.toColumns(dys, n * co * g.pixels(), co, slice);
                product(ws, true, slice, false, dcol, p, co, q);
                u.foldAdd(dcol, dxs, n * imageSize(g));
            }
        });
        return dx;
    }

    /**
     * {@code dW = d(sum(y * dy))/dW} of {@link #conv2d}: dy {@code (N, C_out, outH, outW)}, x the input, result of
     * {@code weightShape}. Each thread sums its images' products; the per-thread sums are added in a fixed order,
     * so that a run repeats exactly at a given thread count.
     */
    public static NDArray conv2dWeightGrad(NDArray dy, NDArray x, Shape weightShape, int[] stride, int[] padding,
            int[] dilation) {
        Conv2dGeometry g = Conv2dGeometry.of(x.shape(), weightShape, stride, padding, dilation);
        requireGradient("conv2dWeightGrad", g, dy, x);
        int p = g.patch();
        int co = g.outChannels();
        Object dys = storage(dy);
        Object xs = storage(x);
        int parts = parts(g);
        NDArray[] sums = new NDArray[parts];
        Parallel.forEach(parts, part -> {
            Unfolding u = Unfolding.of(g, x.dtype());
            int q = u.columns();
            NDArray sum = NDArray.zeros(x.dtype(), weightShape);
            Object col = buffer(x.dtype(), p * q);
            Object slice = buffer(x.dtype(), co * q);
            NDArray one = NDArray.zeros(x.dtype(), weightShape);
            for (int n = Parallel.start(g.batch(), parts, part); n < Parallel.start(g.batch(), parts, part + 1); n++) {
                u.unfold(xs, n * imageSize(g), col);
                u.toColumns(dys, n * co * g.pixels(), co, slice);
                product(slice, false, col, true, storage(one), co, q, p);
                sum.addInPlace(1, one);
            }
            sums[part] = sum;
        });
        for (int i = 1; i < parts; i++) {
            sums[0].addInPlace(1, sums[i]);
        }
        return sums[0];
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

    private static int imageSize(Conv2dGeometry g) {
        return g.inChannels() * g.height() * g.width();
    }

    private static void requireGradient(String op, Conv2dGeometry g, NDArray dy, NDArray other) {
        if (!dy.shape().equals(g.outputShape())) {
            throw new IllegalArgumentException(op + ": expected dy of shape " + g.outputShape() + ", got " + dy.shape());
        }
        Elementwise.requireSameDType(op, dy, other);
    }

    private static void addBias(NDArray y, NDArray bias, int q) {
        int co = bias.size();
        for (int i = 0; i < y.size() / q; i++) {
            int at = i * q;
            double b = bias.get(i % co);
            if (y.dtype() == DType.FLOAT32) {
                Kernels.get().addScalar(y.floats(), at, (float) b, y.floats(), at, q);
            } else {
                double[] d = y.doubles();
                for (int t = at; t < at + q; t++) {
                    d[t] += b;
                }
            }
        }
    }

    /** Work on images {@code [from, to)}. */
    private interface ImageRange {
        void run(int from, int to);
    }

    private static int parts(Conv2dGeometry g) {
        return Math.max(1, Math.min(g.batch(), Parallel.worthSplitting(g.flops())));
    }

    private static void forImages(Conv2dGeometry g, ImageRange body) {
        int parts = parts(g);
        Parallel.forEach(parts, part -> body.run(Parallel.start(g.batch(), parts, part),
                Parallel.start(g.batch(), parts, part + 1)));
    }

    private static Object storage(NDArray a) {
        return a.dtype() == DType.FLOAT32 ? a.floats() : a.doubles();
    }

    private static Object buffer(DType dtype, int n) {
        return dtype == DType.FLOAT32 ? new float[n] : new double[n];
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
        NDArray left = NDArray.of((double[]) a, ta ? Shape.of(k, m) : Shape.of(m, k));
        NDArray right = NDArray.of((double[]) b, tb ? Shape.of(n, k) : Shape.of(k, n));
        System.arraycopy(MatMul.matmul(left, ta, right, tb).doubles(), 0, c, 0, m * n);
    }
}

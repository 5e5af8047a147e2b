package org.jgrad.core;

import java.util.Arrays;
import org.jgrad.core.kernels.Kernels;

/**
 * Unfolding an image into the column matrix of a convolution, and folding it back: the data movement that turns
 * a convolution into one matrix product.
 *
 * <p>For one image {@code x (C, H, W)}, the column matrix {@code col (C kH kW, outH outW)} holds in row
 * {@code r = (c kH + i) kW + j} and column {@code p = oh outW + ow} the input pixel that kernel tap {@code (c, i, j)}
 * meets at output pixel {@code (oh, ow)}, or 0 where that tap falls in the padding. Then {@code y = W col} with the
 * weight viewed as {@code (C_out, C kH kW)}. This general form serves any stride; {@link GridColumns} is faster for
 * stride 1. Arrays are {@code float[]} or {@code double[]} (both the same one);
 * every loop here is written once for both, only the innermost copies look at the type.
 */
final class Im2col implements Unfolding {
    private final Conv2dGeometry g;

    Im2col(Conv2dGeometry g) {
        this.g = g;
    }

    @Override
    public int columns() {
        return g.pixels();
    }

    @Override
    public void unfold(Object x, int xo, Object col) {
        unfold(g, x, xo, col);
    }

    @Override
    public void foldAdd(Object dcol, Object dx, int dxo) {
        foldAdd(g, dcol, dx, dxo);
    }

    /** The column matrix's columns are the output pixels in order: a plain copy. */
    @Override
    public void fromColumns(Object grid, int channels, Object y, int yo) {
        System.arraycopy(grid, 0, y, yo, channels * g.pixels());
    }

    @Override
    public void toColumns(Object y, int yo, int channels, Object grid) {
        System.arraycopy(y, yo, grid, 0, channels * g.pixels());
    }

    /**
     * One output row of one column-matrix row: column entries {@code [col, col + outW)} of row {@code r = (c, i, j)}
     * for output row {@code oh}; those in {@code [col + lo, col + hi)} come from input pixels {@code x + t stride}
     * ({@code t < hi - lo}), the rest, and the whole run when {@code x < 0}, lie in the padding.
     */
    private interface Run {
        void at(int col, int x, int lo, int hi);
    }

    private static void eachRun(Conv2dGeometry g, Run run) {
        int oh = g.outH();
        int ow = g.outW();
        for (int c = 0; c < g.inChannels(); c++) {
            for (int i = 0; i < g.kernelH(); i++) {
                for (int j = 0; j < g.kernelW(); j++) {
                    int row = ((c * g.kernelH() + i) * g.kernelW() + j) * oh * ow;
                    int lo = firstInside(g.padW() - j * g.dilationW(), g.strideW(), ow);
                    int hi = Math.max(lo, endInside(g.width() - 1 + g.padW() - j * g.dilationW(), g.strideW(), ow));
                    for (int y = 0; y < oh; y++) {
                        int ih = y * g.strideH() - g.padH() + i * g.dilationH();
                        boolean inside = ih >= 0 && ih < g.height() && lo < hi;
                        run.at(row + y * ow, inside ? (c * g.height() + ih) * g.width() + lo * g.strideW() - g.padW()
                                + j * g.dilationW() : -1, lo, hi);
                    }
                }
            }
        }
    }

    /** {@code col = unfold(x[xo ..])} for one image; {@code col} holds at least {@code patch() * pixels()} values. */
    static void unfold(Conv2dGeometry g, Object x, int xo, Object col) {
        int ow = g.outW();
        eachRun(g, (to, from, lo, hi) -> {
            if (from < 0) {
                zero(col, to, to + ow);
            } else {
                zero(col, to, to + lo);
                copy(x, xo + from, g.strideW(), col, to + lo, hi - lo);
                zero(col, to + hi, to + ow);
            }
        });
    }

    /** {@code dx[dxo ..] += fold(col)} for one image: each column entry goes back to the pixel it came from. */
    static void foldAdd(Conv2dGeometry g, Object col, Object dx, int dxo) {
        eachRun(g, (from, to, lo, hi) -> {
            if (to >= 0) {
                add(col, from + lo, dx, dxo + to, g.strideW(), hi - lo);
            }
        });
    }

    /** The first output index {@code o} with {@code o stride - offset >= 0}, at least 0. */
    private static int firstInside(int offset, int stride, int count) {
        return Math.min(count, Math.max(0, Math.ceilDiv(offset, stride)));
    }

    /** One past the last output index {@code o} with {@code o stride <= limit}, at most {@code count}. */
    private static int endInside(int limit, int stride, int count) {
        return limit < 0 ? 0 : Math.min(count, Math.floorDiv(limit, stride) + 1);
    }

    /** {@code a[from .. to) = 0}. */
    static void zero(Object a, int from, int to) {
        if (from >= to) {
            return;
        }
        if (a instanceof float[] f) {
            Arrays.fill(f, from, to, 0f);
        } else {
            Arrays.fill((double[]) a, from, to, 0.0);
        }
    }

    /** {@code dst[to + t] = src[from + t stride]} for {@code t < n}. */
    private static void copy(Object src, int from, int stride, Object dst, int to, int n) {
        if (stride == 1) {
            System.arraycopy(src, from, dst, to, n);
        } else if (src instanceof float[] s) {
            float[] d = (float[]) dst;
            for (int t = 0; t < n; t++) {
                d[to + t] = s[from + t * stride];
            }
        } else {
            double[] s = (double[]) src;
            double[] d = (double[]) dst;
            for (int t = 0; t < n; t++) {
                d[to + t] = s[from + t * stride];
            }
        }
    }

    /** {@code dst[to + t stride] += src[from + t]} for {@code t < n}. */
    static void add(Object src, int from, Object dst, int to, int stride, int n) {
        if (stride == 1 && src instanceof float[] s) {
            Kernels.get().axpy(1f, s, from, (float[]) dst, to, n);
        } else if (src instanceof float[] s) {
            float[] d = (float[]) dst;
            for (int t = 0; t < n; t++) {
                d[to + t * stride] += s[from + t];
            }
        } else {
            double[] s = (double[]) src;
            double[] d = (double[]) dst;
            for (int t = 0; t < n; t++) {
                d[to + t * stride] += s[from + t];
            }
        }
    }
}

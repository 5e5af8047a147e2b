package org.jgrad.core;

import java.util.Arrays;
import org.jgrad.core.kernels.Kernels;

/**
 * Unfolding images into the column matrix of a convolution, and folding a column matrix back: the data movement
 * that turns a convolution into one matrix product over a group of images.
 *
 * <p>For images {@code x (C, H, W)} of a group, the column matrix {@code col (C kH kW, G outH outW)} holds in row
 * {@code r = (c kH + i) kW + j} and column {@code g P + oh outW + ow} ({@code P = outH outW}, image {@code g} of the
 * group) the pixel {@code xp[c, oh sH + i dH, ow sW + j dW]} of image g padded with {@code padH} zero rows and
 * {@code padW} zero columns on each side. Then {@code y = W col} with the weight viewed as {@code (C_out, C kH kW)}
 * gives every output pixel of the group in one product, and its columns are exactly the output pixels (no column
 * is computed and thrown away).
 *
 * <p>Each image is first copied into a zero-padded buffer (skipped without padding), so that every run of a row of
 * col, one output row of {@code outW} values, is a plain copy (strided for {@code sW > 1}) with no bounds tests;
 * the highest padded row a tap reads is {@code (outH - 1) sH + (kH - 1) dH <= H + 2 padH - 1} by the output size
 * formula. Folding back adds each run into a zeroed padded gradient, which is then cropped. Per pixel the terms are
 * added in row order of col ({@code (c, i, j)} ascending), whatever the vector width. Arrays are {@code float[]}
 * or {@code double[]}; one instance serves one thread (it holds the padded buffers).
 */
final class Im2col {
    private final Conv2dGeometry g;
    private final boolean pad;
    private final int hp;
    private final int wp;
    private final Object padded;
    private final Object gradient;

    Im2col(Conv2dGeometry g, DType dtype) {
        this.g = g;
        this.pad = g.padH() > 0 || g.padW() > 0;
        this.hp = g.height() + 2 * g.padH();
        this.wp = g.width() + 2 * g.padW();
        // 64 floats of slack: a masked vector run near the end stays inside the array (the Vector API's fast path)
        int size = pad ? g.inChannels() * hp * wp + 64 : 0;
        // only the inside of padded is ever written, so its border stays zero from here on
        this.padded = dtype == DType.FLOAT32 ? new float[size] : new double[size];
        this.gradient = dtype == DType.FLOAT32 ? new float[size] : new double[size];
    }

    /** Floats (or doubles) of one input image. */
    int imageSize() {
        return g.inChannels() * g.height() * g.width();
    }

    /** Where an image's pixel (c, h, w) is read: {@code array[base + c plane + h pitch + w]}. */
    private record Source(Object array, int base, int pitch, int plane) {
    }

    /** The image at {@code x[xo ..]} itself, or, with padding, its copy into the zero-bordered buffer. */
    private Source source(Object x, int xo) {
        if (!pad) {
            return new Source(x, xo, g.width(), g.height() * g.width());
        }
        for (int c = 0; c < g.inChannels(); c++) {
            for (int h = 0; h < g.height(); h++) {
                System.arraycopy(x, xo + (c * g.height() + h) * g.width(), padded, inside(c, h), g.width());
            }
        }
        return new Source(padded, 0, wp, hp * wp);
    }

    /**
     * Columns {@code [c0, c0 + P)} of {@code col}, whose rows are {@code ld} long, from the image at {@code x[xo ..]}.
     */
    void unfold(Object x, int xo, Object col, int ld, int c0) {
        Source s = source(x, xo);
        Object src = s.array();
        int base = s.base();
        int pitch = s.pitch();
        int plane = s.plane();
        int oh = g.outH();
        int ow = g.outW();
        int rowStep = g.strideH() * pitch;
        int r = 0;
        for (int c = 0; c < g.inChannels(); c++) {
            for (int i = 0; i < g.kernelH(); i++) {
                for (int j = 0; j < g.kernelW(); j++, r++) {
                    int from = base + c * plane + i * g.dilationH() * pitch + j * g.dilationW();
                    int to = r * ld + c0;
                    if (g.strideW() == 1 && src instanceof float[] fs) {
                        Kernels.get().copyBlock(fs, from, rowStep, (float[]) col, to, ow, oh, ow);
                    } else {
                        for (int y = 0; y < oh; y++) {
                            copy(src, from + y * rowStep, g.strideW(), col, to + y * ow, ow);
                        }
                    }
                }
            }
        }
    }

    /**
     * Rows {@code [r0, r0 + P)} of {@code colT (G P, C kH kW)}, the transpose of the column matrix (one row per
     * output pixel, {@code ld} long), from the image at {@code x[xo ..]}. With stride and dilation 1 along the
     * width, the kW taps of one kernel row are adjacent in both: each pixel's run is one short block copy.
     */
    void unfoldTransposed(Object x, int xo, Object colT, int ld, int r0) {
        Source s = source(x, xo);
        Object src = s.array();
        int base = s.base();
        int pitch = s.pitch();
        int plane = s.plane();
        int ow = g.outW();
        int kw = g.kernelW();
        int rows = g.inChannels() * g.kernelH();
        if (g.dilationW() == 1 && src instanceof float[] fs) {
            // the kW taps of kernel row (c, i) are adjacent: one run per (c, i), starting at starts[c kH + i]
            int[] starts = new int[rows];
            for (int c = 0; c < g.inChannels(); c++) {
                for (int i = 0; i < g.kernelH(); i++) {
                    starts[c * g.kernelH() + i] = c * plane + i * g.dilationH() * pitch;
                }
            }
            float[] fd = (float[]) colT;
            for (int y = 0; y < g.outH(); y++) {
                for (int t = 0; t < ow; t++) {
                    Kernels.get().copyRuns(fs, base + y * g.strideH() * pitch + t * g.strideW(), starts, rows, kw,
                            fd, (r0 + y * ow + t) * ld);
                }
            }
            return;
        }
        for (int c = 0; c < g.inChannels(); c++) {
            for (int i = 0; i < g.kernelH(); i++) {
                for (int y = 0; y < g.outH(); y++) {
                    int from = base + c * plane + (y * g.strideH() + i * g.dilationH()) * pitch;
                    for (int t = 0; t < ow; t++) {
                        copy(src, from + t * g.strideW(), g.dilationW(), colT, (r0 + y * ow + t) * ld
                                + (c * g.kernelH() + i) * kw, kw);
                    }
                }
            }
        }
    }

    /**
     * The image at {@code dx[dxo ..]} becomes {@code fold} of columns {@code [c0, c0 + P)} of {@code dcol} (rows
     * {@code ld} long): each column entry added into the pixel it was read from, pixels no tap reads 0. The image's
     * previous values are overwritten.
     */
    void fold(Object dcol, int ld, int c0, Object dx, int dxo) {
        Object dst = dx;
        int base = dxo;
        int pitch = g.width();
        int plane = g.height() * g.width();
        if (pad) {
            dst = gradient;
            base = 0;
            pitch = wp;
            plane = hp * wp;
            zero(gradient, 0, g.inChannels() * plane);
        } else {
            zero(dx, dxo, dxo + imageSize());
        }
        int oh = g.outH();
        int ow = g.outW();
        int rowStep = g.strideH() * pitch;
        int r = 0;
        for (int c = 0; c < g.inChannels(); c++) {
            for (int i = 0; i < g.kernelH(); i++) {
                for (int j = 0; j < g.kernelW(); j++, r++) {
                    int to = base + c * plane + i * g.dilationH() * pitch + j * g.dilationW();
                    int from = r * ld + c0;
                    if (g.strideW() == 1 && dst instanceof float[] fd) {
                        Kernels.get().addBlock((float[]) dcol, from, ow, fd, to, rowStep, oh, ow);
                    } else {
                        for (int y = 0; y < oh; y++) {
                            add(dcol, from + y * ow, dst, to + y * rowStep, g.strideW(), ow);
                        }
                    }
                }
            }
        }
        if (pad) {
            for (int c = 0; c < g.inChannels(); c++) {
                for (int h = 0; h < g.height(); h++) {
                    System.arraycopy(gradient, inside(c, h), dx, dxo + (c * g.height() + h) * g.width(), g.width());
                }
            }
        }
    }

    /** Where row {@code h} of channel {@code c} starts inside the padded image. */
    private int inside(int c, int h) {
        return (c * hp + h + g.padH()) * wp + g.padW();
    }

    /** {@code a[from .. to) = 0}. */
    static void zero(Object a, int from, int to) {
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
    private static void add(Object src, int from, Object dst, int to, int stride, int n) {
        if (src instanceof float[] s) {
            float[] d = (float[]) dst;
            if (stride == 1) {
                for (int t = 0; t < n; t++) {
                    d[to + t] += s[from + t];
                }
            } else {
                for (int t = 0; t < n; t++) {
                    d[to + t * stride] += s[from + t];
                }
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

package org.jgrad.core;

import java.util.Arrays;
import org.jgrad.core.kernels.ImageKernels;

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
 * float32 runs are whole vectors ({@link ImageKernels#copyRuns}), written in increasing order of address so that
 * each run overwrites the junk lanes of the one before;
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
        // one zero-bordered image per image of a group, and the slack after them that the vector kernels read into
        int size = g.groupSize() * paddedSize() + ImageKernels.SLACK;
        // only the inside of padded is ever written, so its border stays zero from here on
        this.padded = dtype == DType.FLOAT32 ? new float[size] : new double[size];
        int gradientSize = pad ? paddedSize() + ImageKernels.SLACK : 0;
        this.gradient = dtype == DType.FLOAT32 ? new float[gradientSize] : new double[gradientSize];
    }

    /** Floats (or doubles) of one input image. */
    int imageSize() {
        return g.inChannels() * g.height() * g.width();
    }

    /** Where an image's pixel (c, h, w) is read: {@code array[base + c plane + h pitch + w]}. */
    private record Source(Object array, int base, int pitch, int plane) {
    }

    /**
     * The image at {@code x[xo ..]} itself, or, with padding (or when {@code copy} asks for the slack after it), its
     * copy into slot {@code slot} of the zero-bordered buffer.
     */
    private Source source(Object x, int xo, int slot, boolean copy) {
        if (!pad && !copy) {
            return new Source(x, xo, g.width(), g.height() * g.width());
        }
        int base = slot * paddedSize();
        for (int c = 0; c < g.inChannels(); c++) {
            for (int h = 0; h < g.height(); h++) {
                System.arraycopy(x, xo + (c * g.height() + h) * g.width(), padded, base + inside(c, h), g.width());
            }
        }
        return new Source(padded, base, wp, hp * wp);
    }

    /** Floats of one zero-bordered image. */
    private int paddedSize() {
        return g.inChannels() * hp * wp;
    }

    /**
     * The column matrix {@code col (C kH kW, (n1 - n0) P)} of images {@code [n0, n1)} of x ({@link #imageSize()}
     * floats each), image {@code n} in columns {@code [(n - n0) P, (n - n0 + 1) P)}. col must hold
     * {@link ImageKernels#SLACK} floats past the matrix: float32 runs are whole-vector copies written in increasing
     * order of address (row by row of col, image by image within a row), each overwriting the junk lanes of the
     * one before.
     */
    void unfold(Object x, int n0, int n1, Object col) {
        int images = n1 - n0;
        int cols = images * g.pixels();
        Source[] sources = new Source[images];
        for (int n = n0; n < n1; n++) {
            sources[n - n0] = source(x, n * imageSize(), n - n0, false);
        }
        int oh = g.outH();
        int ow = g.outW();
        int r = 0;
        for (int c = 0; c < g.inChannels(); c++) {
            for (int i = 0; i < g.kernelH(); i++) {
                for (int j = 0; j < g.kernelW(); j++, r++) {
                    for (int n = 0; n < images; n++) {
                        Source s = sources[n];
                        int rowStep = g.strideH() * s.pitch();
                        int from = s.base() + c * s.plane() + i * g.dilationH() * s.pitch() + j * g.dilationW();
                        int to = r * cols + n * g.pixels();
                        if (g.strideW() == 1 && s.array() instanceof float[] fs) {
                            ImageKernels.get().copyRuns(fs, from, rowStep, (float[]) col, to, oh, ow);
                        } else {
                            for (int y = 0; y < oh; y++) {
                                copy(s.array(), from + y * rowStep, g.strideW(), col, to + y * ow, ow);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code y[yo ..] (C_out, outH, outW)}: the convolution of the image at {@code x[xo ..]} with {@code w (C_out,
     * C kH kW)}, plus {@code bias}, computed directly ({@link ImageKernels#correlate}), with no column matrix: for
     * stride 1 along the width and patches too shallow for the gemm to run well. Each element is the fma chain
     * the gemm would compute over one depth block (so {@code C kH kW <= }{@link #DIRECT_PATCH}), then the bias.
     */
    void correlate(float[] x, int xo, float[] w, float[] bias, float[] y, int yo) {
        Source s = source(x, xo, 0, true);
        int[] taps = new int[g.patch()];
        int q = 0;
        for (int c = 0; c < g.inChannels(); c++) {
            for (int i = 0; i < g.kernelH(); i++) {
                for (int j = 0; j < g.kernelW(); j++, q++) {
                    taps[q] = c * s.plane() + i * g.dilationH() * s.pitch() + j * g.dilationW();
                }
            }
        }
        ImageKernels.get().correlate((float[]) s.array(), s.base(), g.strideH() * s.pitch(), taps, g.patch(), w, bias,
                g.outChannels(), y, yo, g.outH(), g.outW());
    }

    /** The deepest patch {@link #correlate} takes: one depth block of the gemm ({@code MatrixProduct.KC}). */
    static final int DIRECT_PATCH = 384;

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
                        ImageKernels.get().addBlock((float[]) dcol, from, ow, fd, to, rowStep, oh, ow);
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

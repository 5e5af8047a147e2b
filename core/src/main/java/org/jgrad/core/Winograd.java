package org.jgrad.core;

import org.jgrad.core.kernels.ImageKernels;
import org.jgrad.core.kernels.Parallel;

/**
 * Winograd's minimal filtering (Lavin and Gray, "Fast Algorithms for Convolutional Neural Networks", 2015) for the
 * float32 convolutions of stride 1 with 3 x 3 or 5 x 5 kernels: {@code F(4 x 4, 3 x 3)} and {@code F(2 x 2, 5 x 5)},
 * both on 6 x 6 input tiles (interpolation points 0, 1, -1, 2, -2 and infinity). For one output tile
 * {@code Y (m x m)} of one output channel,
 *
 * <pre>
 * Y = A^T [ sum over c of (G g[o][c] G^T) . (B^T d[c] B) ] A        . elementwise, d[c] the tile's 6 x 6 input
 * </pre>
 *
 * so that the 36 elementwise positions become 36 small matrix products over the channels ({@link
 * ImageKernels#tileProducts}): 36 multiply-adds per tile and channel pair where the direct sum takes 25 m^2 (100
 * for the 5 x 5 kernel's 2 x 2 tile, 144 for the 3 x 3 kernel's 4 x 4). The input gradient is the same
 * correlation of dy with the kernel turned by 180 degrees and its channels swapped, padded by {@code k - 1 - pad};
 * the weight gradient is {@code dg = G^T [ sum over tiles of (B^T d B) . (A dY A^T) ] G}, the transforms of the
 * forward pass read backwards ({@link ImageKernels#tileGradients}).
 *
 * <p>Each image is transformed and multiplied on its own (its tiles, about 200 KB for the benchmark's second layer,
 * stay in L2), images split across threads. Every element is a fixed sequence of fma chains that does not depend
 * on the vector width, the thread count or the batch; the weight gradient's per-image sums are added image by image
 * within a thread's share and the shares in order, like {@link Convolution}'s. The sums differ from the direct ones
 * by rounding: about 1e-6 of the outputs' size for these points (G's 1/6, 1/12 and 1/24 are not exact in float).
 */
final class Winograd {
    /** One algorithm {@code F(m x m, r x r)} on {@code alpha x alpha} tiles, {@code alpha = m + r - 1}. */
    record Transform(int m, int r, float[] bt, float[] g, float[] at) {
        int alpha() {
            return m + r - 1;
        }
    }

    // B^T is the same for both: it depends only on the points
    private static final float[] BT = {
        4, 0, -5, 0, 1, 0,
        0, 4, 4, -1, -1, 0,
        0, -4, 4, 1, -1, 0,
        0, -2, -1, 2, 1, 0,
        0, 2, -1, -2, 1, 0,
        0, 4, 0, -5, 0, 1,
    };

    static final Transform F2_5 = new Transform(2, 5, BT, new float[] {
        1f / 4, 0, 0, 0, 0,
        1f / 6, 1f / 6, 1f / 6, 1f / 6, 1f / 6,
        1f / 6, -1f / 6, 1f / 6, -1f / 6, 1f / 6,
        1f / 24, 1f / 12, 1f / 6, 1f / 3, 2f / 3,
        1f / 24, -1f / 12, 1f / 6, -1f / 3, 2f / 3,
        0, 0, 0, 0, 1,
    }, new float[] {
        1, 1, 1, 1, 1, 0,
        0, 1, -1, 2, -2, 1,
    });

    static final Transform F4_3 = new Transform(4, 3, BT, new float[] {
        1f / 4, 0, 0,
        1f / 6, 1f / 6, 1f / 6,
        1f / 6, -1f / 6, 1f / 6,
        1f / 24, 1f / 12, 1f / 6,
        1f / 24, -1f / 12, 1f / 6,
        0, 0, 1,
    }, new float[] {
        1, 1, 1, 1, 1, 0,
        0, 1, -1, 2, -2, 0,
        0, 1, 1, 4, 4, 0,
        0, 1, -1, 8, -8, 1,
    });

    /** Fewer channels than this on either side run the column-matrix path: the tiles' transforms would dominate. */
    static final int MIN_CHANNELS = 8;

    private Winograd() {
    }

    /**
     * The transform for {@code g} in {@code dtype}, or null when the convolution is not one this class runs:
     * float32, stride and dilation 1, a 3 x 3 or 5 x 5 kernel, padding at most {@code k - 1} (so that the input
     * gradient is a convolution of the same kind), and at least {@link #MIN_CHANNELS} input and output channels.
     * {@link Convolution#setWinograd} (or the system property {@code jgrad.winograd=false}) turns it off.
     */
    static Transform choose(Conv2dGeometry g, DType dtype) {
        if (dtype != DType.FLOAT32 || !enabled || g.strideH() != 1 || g.strideW() != 1 || g.dilationH() != 1
                || g.dilationW() != 1 || g.kernelH() != g.kernelW() || g.padH() > g.kernelH() - 1
                || g.padW() > g.kernelW() - 1 || g.inChannels() < MIN_CHANNELS || g.outChannels() < MIN_CHANNELS) {
            return null;
        }
        return switch (g.kernelH()) {
            case 3 -> F4_3;
            case 5 -> F2_5;
            default -> null;
        };
    }

    /** The transforms' scratch: 36 vectors of up to 64 lanes. */
    private static final int SCRATCH = 36 * 64;

    static volatile boolean enabled = !"false".equals(System.getProperty("jgrad.winograd"));

    /**
     * {@code y = conv2d(x, w) + bias} (bias may be null) for x {@code (n, c, h, w)}, w {@code (o, c, r, r)}, y
     * {@code (n, o, h + 2 padH - r + 1, w + 2 padW - r + 1)}, overwritten.
     */
    static void correlate(ImageKernels k, Transform f, float[] x, int n, int c, int h, int w, float[] weight, int o,
            float[] bias, int padH, int padW, float[] y) {
        int r = f.r();
        int m = f.m();
        int alpha = f.alpha();
        int outH = h + 2 * padH - r + 1;
        int outW = w + 2 * padW - r + 1;
        Tiles tiles = Tiles.covering(m, r, outH, outW);
        float[] u = weightTransform(f, weight, o, c);
        int parts = Math.max(1, Math.min(n, Parallel.worthSplitting(2L * n * o * c * 36 * tiles.count())));
        Parallel.forEach(parts, part -> {
            int count = tiles.count();
            float[] padded = (float[]) ThreadBuffers.get(DType.FLOAT32, 0, tiles.inH() * tiles.inW() * c);
            float[] v = (float[]) ThreadBuffers.get(DType.FLOAT32, 1, alpha * alpha * count * c);
            float[] products = (float[]) ThreadBuffers.get(DType.FLOAT32, 2, alpha * alpha * count * o);
            float[] out = (float[]) ThreadBuffers.get(DType.FLOAT32, 3, tiles.outH() * tiles.outW() * o);
            float[] scratch = (float[]) ThreadBuffers.get(DType.FLOAT32, 4, SCRATCH);
            for (int i = Parallel.start(n, parts, part); i < Parallel.start(n, parts, part + 1); i++) {
                inputTiles(k, f, tiles, x, i * c * h * w, c, h, w, padH, padW, padded, v, scratch);
                k.tileProducts(v, u, products, alpha * alpha, count, c, o);
                for (int t = 0; t < count; t++) {
                    int ty = t / tiles.across();
                    int tx = t % tiles.across();
                    k.winogradOutput(m, products, t * o, alpha * count * o, count * o, out,
                            (ty * m * tiles.outW() + tx * m) * o, tiles.outW() * o, o, o, scratch);
                }
                // out is (outH, outW, o) with extra rows and columns past the map: y's planes take the map
                int base = i * o * outH * outW;
                for (int ch = 0; ch < o; ch++) {
                    float b = bias == null ? 0f : bias[ch];
                    for (int row = 0; row < outH; row++) {
                        int to = base + (ch * outH + row) * outW;
                        int from = row * tiles.outW() * o + ch;
                        for (int col = 0; col < outW; col++) {
                            y[to + col] = bias == null ? out[from + col * o] : out[from + col * o] + b;
                        }
                    }
                }
            }
        });
    }

    /**
     * {@code dx} of {@link #correlate} for dy {@code (n, o, outH, outW)}: the correlation of dy, padded by
     * {@code r - 1 - pad}, with the kernel turned by 180 degrees and its channels swapped, {@code w'[c][o][i][j] =
     * w[o][c][r - 1 - i][r - 1 - j]}.
     */
    static void inputGrad(ImageKernels k, Transform f, float[] dy, int n, int c, int h, int w, float[] weight, int o,
            int padH, int padW, float[] dx) {
        int r = f.r();
        float[] turned = new float[c * o * r * r];
        for (int oc = 0; oc < o; oc++) {
            for (int ic = 0; ic < c; ic++) {
                for (int i = 0; i < r; i++) {
                    for (int j = 0; j < r; j++) {
                        int from = ((oc * c + ic) * r + r - 1 - i) * r + r - 1 - j;
                        turned[((ic * o + oc) * r + i) * r + j] = weight[from];
                    }
                }
            }
        }
        int outH = h + 2 * padH - r + 1;
        int outW = w + 2 * padW - r + 1;
        correlate(k, f, dy, n, o, outH, outW, turned, c, null, r - 1 - padH, r - 1 - padW, dx);
    }

    /**
     * {@code dW (o, c, r, r)} of {@link #correlate} for dy {@code (n, o, outH, outW)} and x {@code (n, c, h, w)}:
     * per image, {@code dU[xi][c][o] = sum over tiles of V[xi][t][c] dM[xi][t][o]} with V the input's tiles
     * transformed as in the forward pass and {@code dM = A dY A^T} the output gradient's tiles; the images' dU added
     * in order within each thread's share, the shares in order; then {@code dW[o][c] = G^T dU[.][c][o] G}.
     */
    static float[] weightGrad(ImageKernels k, Transform f, float[] dy, float[] x, int n, int c, int h, int w, int o,
            int padH, int padW) {
        int r = f.r();
        int m = f.m();
        int alpha = f.alpha();
        int outH = h + 2 * padH - r + 1;
        int outW = w + 2 * padW - r + 1;
        Tiles tiles = Tiles.covering(m, r, outH, outW);
        int positions = alpha * alpha;
        int parts = Math.max(1, Math.min(n, Parallel.worthSplitting(2L * n * o * c * 36 * tiles.count())));
        float[][] sums = new float[parts][];
        Parallel.forEach(parts, part -> {
            int count = tiles.count();
            float[] padded = (float[]) ThreadBuffers.get(DType.FLOAT32, 0, tiles.inH() * tiles.inW() * c);
            float[] v = (float[]) ThreadBuffers.get(DType.FLOAT32, 1, positions * count * c);
            float[] dm = (float[]) ThreadBuffers.get(DType.FLOAT32, 2, positions * count * o);
            float[] grid = (float[]) ThreadBuffers.get(DType.FLOAT32, 3, tiles.outH() * tiles.outW() * o);
            float[] scratch = (float[]) ThreadBuffers.get(DType.FLOAT32, 4, SCRATCH);
            float[] one = (float[]) ThreadBuffers.get(DType.FLOAT32, 5, positions * c * o);
            float[] sum = null;
            for (int i = Parallel.start(n, parts, part); i < Parallel.start(n, parts, part + 1); i++) {
                inputTiles(k, f, tiles, x, i * c * h * w, c, h, w, padH, padW, padded, v, scratch);
                // dy's planes into (outH, outW, o), zero past the map
                java.util.Arrays.fill(grid, 0, tiles.outH() * tiles.outW() * o, 0f);
                int base = i * o * outH * outW;
                for (int ch = 0; ch < o; ch++) {
                    for (int row = 0; row < outH; row++) {
                        int from = base + (ch * outH + row) * outW;
                        int to = row * tiles.outW() * o + ch;
                        for (int col = 0; col < outW; col++) {
                            grid[to + col * o] = dy[from + col];
                        }
                    }
                }
                for (int t = 0; t < count; t++) {
                    int ty = t / tiles.across();
                    int tx = t % tiles.across();
                    k.winogradGradient(m, grid, (ty * m * tiles.outW() + tx * m) * o, tiles.outW() * o, o, dm,
                            t * o, alpha * count * o, count * o, o, scratch);
                }
                k.tileGradients(v, dm, one, positions, count, c, o);
                if (sum == null) {
                    sum = java.util.Arrays.copyOf(one, positions * c * o);
                } else {
                    for (int e = 0; e < positions * c * o; e++) {
                        sum[e] += one[e];
                    }
                }
            }
            sums[part] = sum;
        });
        float[] du = sums[0];
        for (int p = 1; p < parts; p++) {
            for (int e = 0; e < du.length; e++) {
                du[e] += sums[p][e];
            }
        }
        return weightGradient(f, du, o, c);
    }

    /**
     * The tiles of one output map, {@code down x across} of them, each {@code m x m} outputs reading an
     * {@code alpha x alpha} input tile; the padded input ({@code inH x inW}) and the tiled output ({@code outH x outW})
     * cover whole tiles.
     */
    private record Tiles(int m, int r, int down, int across) {
        static Tiles covering(int m, int r, int outH, int outW) {
            return new Tiles(m, r, Math.ceilDiv(outH, m), Math.ceilDiv(outW, m));
        }

        int count() {
            return down * across;
        }

        int outH() {
            return down * m;
        }

        int outW() {
            return across * m;
        }

        int inH() {
            return down * m + r - 1;
        }

        int inW() {
            return across * m + r - 1;
        }
    }

    /**
     * Image {@code x[xOff ..] (c, h, w)} zero-padded into {@code padded (inH, inW, c)} (channels last, so that a
     * tile's element is a run of c floats), then each tile's {@code B^T d B} into {@code v[xi][t][c]}.
     */
    private static void inputTiles(ImageKernels k, Transform f, Tiles tiles, float[] x, int xOff, int c, int h, int w,
            int padH, int padW, float[] padded, float[] v, float[] scratch) {
        int inH = tiles.inH();
        int inW = tiles.inW();
        java.util.Arrays.fill(padded, 0, inH * inW * c, 0f);
        for (int ch = 0; ch < c; ch++) {
            for (int row = 0; row < h; row++) {
                int from = xOff + (ch * h + row) * w;
                int to = ((row + padH) * inW + padW) * c + ch;
                for (int col = 0; col < w; col++) {
                    padded[to + col * c] = x[from + col];
                }
            }
        }
        int alpha = f.alpha();
        int m = f.m();
        int count = tiles.count();
        for (int t = 0; t < count; t++) {
            int ty = t / tiles.across();
            int tx = t % tiles.across();
            k.winogradInput(padded, (ty * m * inW + tx * m) * c, inW * c, c, v, t * c, alpha * count * c,
                    count * c, c, scratch);
        }
    }

    /** {@code u[xi][c][o] = (G g[o][c] G^T)[xi]}: G is {@code alpha x r}, g {@code (o, c, r, r)}. */
    private static float[] weightTransform(Transform f, float[] weight, int o, int c) {
        int r = f.r();
        int alpha = f.alpha();
        float[] g = f.g();
        float[] u = new float[alpha * alpha * c * o + ImageKernels.SLACK];
        float[] tmp = new float[alpha * r];
        for (int oc = 0; oc < o; oc++) {
            for (int ic = 0; ic < c; ic++) {
                int kernel = (oc * c + ic) * r * r;
                // tmp = G g (alpha x r), then G g G^T
                for (int i = 0; i < alpha; i++) {
                    for (int j = 0; j < r; j++) {
                        float acc = 0f;
                        for (int a = 0; a < r; a++) {
                            acc = Math.fma(g[i * r + a], weight[kernel + a * r + j], acc);
                        }
                        tmp[i * r + j] = acc;
                    }
                }
                for (int i = 0; i < alpha; i++) {
                    for (int j = 0; j < alpha; j++) {
                        float acc = 0f;
                        for (int b = 0; b < r; b++) {
                            acc = Math.fma(tmp[i * r + b], g[j * r + b], acc);
                        }
                        u[((i * alpha + j) * c + ic) * o + oc] = acc;
                    }
                }
            }
        }
        return u;
    }

    /** {@code dW[o][c] = G^T dU[.][c][o] G} ({@code r x r}) from {@code du[xi][c][o]}. */
    private static float[] weightGradient(Transform f, float[] du, int o, int c) {
        int r = f.r();
        int alpha = f.alpha();
        float[] g = f.g();
        float[] dw = new float[o * c * r * r];
        float[] tmp = new float[r * alpha];
        for (int oc = 0; oc < o; oc++) {
            for (int ic = 0; ic < c; ic++) {
                // tmp = G^T dU (r x alpha), then tmp G
                for (int i = 0; i < r; i++) {
                    for (int j = 0; j < alpha; j++) {
                        float acc = 0f;
                        for (int a = 0; a < alpha; a++) {
                            acc = Math.fma(g[a * r + i], du[((a * alpha + j) * c + ic) * o + oc], acc);
                        }
                        tmp[i * alpha + j] = acc;
                    }
                }
                int kernel = (oc * c + ic) * r * r;
                for (int i = 0; i < r; i++) {
                    for (int j = 0; j < r; j++) {
                        float acc = 0f;
                        for (int b = 0; b < alpha; b++) {
                            acc = Math.fma(tmp[i * alpha + b], g[b * r + j], acc);
                        }
                        dw[kernel + i * r + j] = acc;
                    }
                }
            }
        }
        return dw;
    }
}

package org.jgrad.core;

import org.jgrad.core.kernels.ImageKernels;
import org.jgrad.core.kernels.Kernels;
import org.jgrad.core.kernels.Parallel;

/**
 * Winograd's minimal filtering (Lavin and Gray, "Fast Algorithms for Convolutional Neural Networks", 2015) for the
 * float32 convolutions of stride 1 with 5 x 5 kernels: {@code F(2 x 2, 5 x 5)} on 6 x 6 input tiles, interpolation
 * points 0, 1, -1, 2, -2 and infinity. For one 2 x 2 output tile {@code Y} of one output channel,
 *
 * <pre>
 * Y = A^T [ sum over c of (G g[o][c] G^T) . (B^T d[c] B) ] A        . elementwise, d[c] the tile's 6 x 6 input
 *
 * B^T = [4 0 -5 0 1 0; 0 4 4 -1 -1 0; 0 -4 4 1 -1 0; 0 -2 -1 2 1 0; 0 2 -1 -2 1 0; 0 4 0 -5 0 1]
 * A^T = [1 1 1 1 1 0; 0 1 -1 2 -2 1]
 * G   = [1/4 0 0 0 0; 1/6 1/6 1/6 1/6 1/6; 1/6 -1/6 1/6 -1/6 1/6; 1/24 1/12 1/6 1/3 2/3; 1/24 -1/12 1/6 -1/3 2/3;
 *        0 0 0 0 1]
 * </pre>
 *
 * (Toom-Cook on those points, checked in exact fractions and in float32 against the direct sum), so that the 36
 * elementwise positions become 36 small matrix products over the channels ({@link ImageKernels#tileProducts}): 36
 * multiply-adds per tile and channel pair where the direct sum takes 100. The input gradient is the same
 * correlation of dy with the kernel turned by 180 degrees and its channels swapped, padded by {@code 4 - pad}; the
 * weight gradient is {@code dg = G^T [ sum over tiles of (B^T d B) . (A dY A^T) ] G}, the transforms of the forward
 * pass read backwards ({@link ImageKernels#tileGradients}). The kernels apply B^T and A^T in fewer operations than
 * the matrices ({@link ImageKernels#winogradInput}).
 *
 * <p>The same on 8 x 8 tiles, {@code F(4 x 4, 5 x 5)} ({@link #F4_5}: points 0, 1, -1, 2, -2, 1/2, -1/2 and
 * infinity; B^T and A^T in {@link ImageKernels#winogradInput8}): 64 products for 16 outputs, 4 multiply-adds per
 * output and channel pair where F(2 x 2, 5 x 5) takes 9. {@link #choose} takes it where it needs fewer products
 * (the benchmark's 14 x 14 maps: 16 tiles against 49, 0.58 of the products). Its transforms cost about as much per
 * image as the smaller tiles' once the tiles' buffers have an odd pitch ({@code Layout.rows}). The cnn's second
 * layer, one thread, 64 images (a harness calling the public entry points, six rounds of 40 calls): forward
 * 1.33-1.43 ms against 1.83-1.94, input gradient 1.45-1.53 against 1.99-2.17, weight gradient 1.17-1.26 against
 * 1.58-1.75.
 *
 * <p>A 3 x 3 kernel's {@code F(4 x 4, 3 x 3)} was built and measured too (same points and B^T): about even with the
 * column-matrix path in the forward pass and the input gradient, 10-40% slower in the weight gradient (its products
 * are four times smaller than the direct ones, but the transforms cost as much as for 5 x 5), so it was left out.
 *
 * <p>Every element is a fixed sequence of fma chains that does not depend on the vector width, the thread count
 * or the batch (the weight gradient's sums follow the thread split, like {@link Convolution}'s). The sums differ
 * from the direct ones by rounding: a few 1e-6 of the largest output against a few 1e-7 (G's 1/6, 1/12 and 1/24 are
 * not exact in float, and B^T's 4 and 5 grow the values it mixes), for either tile size.
 */
final class Winograd {
    /** One algorithm {@code F(m x m, r x r)} on {@code alpha x alpha} tiles, {@code alpha = m + r - 1}; G row-major. */
    record Transform(int m, int r, float[] g) {
        int alpha() {
            return m + r - 1;
        }
    }

    static final Transform F2_5 = new Transform(2, 5, new float[] {
        1f / 4, 0, 0, 0, 0,
        1f / 6, 1f / 6, 1f / 6, 1f / 6, 1f / 6,
        1f / 6, -1f / 6, 1f / 6, -1f / 6, 1f / 6,
        1f / 24, 1f / 12, 1f / 6, 1f / 3, 2f / 3,
        1f / 24, -1f / 12, 1f / 6, -1f / 3, 2f / 3,
        0, 0, 0, 0, 1,
    });

    /**
     * {@code F(4 x 4, 5 x 5)} on 8 x 8 tiles: points 0, 1, -1, 2, -2, 1/2, -1/2 and infinity (Toom-Cook, as for
     * {@link #F2_5}; B^T and A^T in {@link ImageKernels#winogradInput8} and {@link ImageKernels#winogradOutput8}). 64
     * products for a tile of 16 outputs, where F(2 x 2, 5 x 5) takes 36 for 4: on the benchmark's 14 x 14 maps (16
     * tiles of 4 x 4 against 49 of 2 x 2) 0.58 of the products, with transforms of about the same cost. Its float32
     * rounding measured alike (random 16-channel tiles against a float64 sum, 200 of them: median error 3.1e-6 of
     * the tile's largest output against 1.3e-6, largest 1.3e-5 for both).
     */
    static final Transform F4_5 = new Transform(4, 5, new float[] {
        1, 0, 0, 0, 0,
        -2f / 9, -2f / 9, -2f / 9, -2f / 9, -2f / 9,
        -2f / 9, 2f / 9, -2f / 9, 2f / 9, -2f / 9,
        1f / 90, 1f / 45, 2f / 45, 4f / 45, 8f / 45,
        1f / 90, -1f / 45, 2f / 45, -4f / 45, 8f / 45,
        32f / 45, 16f / 45, 8f / 45, 4f / 45, 2f / 45,
        32f / 45, -16f / 45, 8f / 45, -4f / 45, 2f / 45,
        0, 0, 0, 0, 1,
    });

    /** Fewer channels than this on either side run the column-matrix path: the tiles' transforms would dominate. */
    static final int MIN_CHANNELS = 8;

    private Winograd() {
    }

    /**
     * The transform for {@code g} in {@code dtype}, or null when the convolution is not one this class runs:
     * float32, stride and dilation 1, a 5 x 5 kernel, padding at most 4 (so that the input gradient is a convolution
     * of the same kind), and at least {@link #MIN_CHANNELS} input and output channels.
     * {@link Convolution#setWinograd} (or the system property {@code jgrad.winograd=false}) turns it off.
     */
    static Transform choose(Conv2dGeometry g, DType dtype) {
        boolean covered = dtype == DType.FLOAT32 && enabled && g.strideH() == 1 && g.strideW() == 1
                && g.dilationH() == 1 && g.dilationW() == 1 && g.kernelH() == 5 && g.kernelW() == 5 && g.padH() <= 4
                && g.padW() <= 4 && g.inChannels() >= MIN_CHANNELS && g.outChannels() >= MIN_CHANNELS;
        if (!covered) {
            return null;
        }
        Transform only = forced;
        if (only != null) {
            return only;
        }
        int outH = g.outH();
        int outW = g.outW();
        long small = 36L * Math.ceilDiv(outH, 2) * Math.ceilDiv(outW, 2);
        long large = 64L * Math.ceilDiv(outH, 4) * Math.ceilDiv(outW, 4);
        return large < small ? F4_5 : F2_5;
    }

    /** For tests: the transform {@link #choose} gives every convolution it covers, or null to choose by the map. */
    static volatile Transform forced;

    /** The transforms' scratch: 64 vectors of up to 64 lanes. */
    private static final int SCRATCH = 64 * 64;

    /**
     * {@link ThreadBuffers} slots past the five the tiles use, for arrays each call used to make anew (with the
     * weight gradient's sums, {@link #partSums}, two thirds of what the cnn's steady state allocated): the weights'
     * transform {@code u} (or the gradient's {@code dwt}) and the kernels laid out for it on the calling thread, and
     * {@link #sandwich}'s products on every thread. None is live across another's use of its slot.
     */
    private static final int TRANSFORM_SLOT = 6;
    private static final int KERNELS_SLOT = 7;
    private static final int SANDWICH_SLOT = 8;

    /** Whether {@link #choose} may pick the tiles ({@link Convolution#setWinograd}). */
    static volatile boolean enabled = !"false".equals(System.getProperty("jgrad.winograd"));

    /**
     * {@code y = conv2d(x, w) + bias} (bias may be null) for x {@code (n, c, h, w)}, w {@code (o, c, r, r)}, y
     * {@code (n, o, h + 2 padH - r + 1, w + 2 padW - r + 1)}, overwritten.
     */
    static void correlate(ImageKernels k, Transform f, float[] x, int n, int c, int h, int w, float[] weight, int o,
            float[] bias, int padH, int padW, float[] y) {
        int positions = f.alpha() * f.alpha();
        Layout at = new Layout(f, n, c, o, h, w, padH, padW, k.lanes());
        int ol = at.outLanes();
        float[] u = weightTransform(f, weight, o, c, ol);
        Parallel.forEach(at.parts(), part -> {
            int rows = at.rows();
            int count = at.tiles().count();
            float[] padded = at.padded();
            float[] v = (float[]) ThreadBuffers.get(DType.FLOAT32, 1, positions * rows * at.inLanes());
            float[] products = (float[]) ThreadBuffers.get(DType.FLOAT32, 2, positions * rows * ol);
            float[] out = (float[]) ThreadBuffers.get(DType.FLOAT32, 3, at.outPlane() * ol);
            float[] scratch = (float[]) ThreadBuffers.get(DType.FLOAT32, 4, SCRATCH);
            int end = at.firstGroup(part + 1);
            for (int g = at.firstGroup(part); g < end; g++) {
                int n0 = g * at.group();
                int n1 = Math.min(n, n0 + at.group());
                for (int i = n0; i < n1; i++) {
                    inputTiles(k, at, x, i, (i - n0) * count, padded, v, scratch);
                }
                k.tileProducts(v, k.lanes(), u, products, positions, rows, (n1 - n0) * count, c, ol);
                for (int i = n0; i < n1; i++) {
                    for (int t = 0; t < count; t++) {
                        int row = (i - n0) * count + t;
                        output(k, f, products, row * ol, f.alpha() * rows * ol, rows * ol, out,
                                at.outTile(t) * ol, at.tiles().outW() * ol, ol, ol, scratch);
                    }
                    // out is (outH, outW, lanes) with extra rows and columns past the map: y's planes take the map
                    int outH = at.outH();
                    int outW = at.outW();
                    k.transpose(out, 0, ol, at.tiles().outW() * ol, y, i * o * outH * outW, outH * outW, outW,
                            outW, o, outH, bias, scratch);
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
     * {@code dU[xi][c][o] = sum over tiles of V[xi][t][c] dM[xi][t][o]} with V the input's tiles transformed as in
     * the forward pass and {@code dM = A dY A^T} the output gradient's tiles, each group's tiles in blocks of
     * {@link ImageKernels#GRADIENT_BLOCK} added to the sum in order within each thread's share, the shares' sums
     * added in order; then {@code dW[o][c] = G^T dU[.][c][o] G}.
     */
    static float[] weightGrad(ImageKernels k, Transform f, float[] dy, float[] x, int n, int c, int h, int w, int o,
            int padH, int padW) {
        int alpha = f.alpha();
        int positions = alpha * alpha;
        Layout at = new Layout(f, n, c, o, h, w, padH, padW, k.lanes());
        int ol = at.outLanes();
        int parts = at.parts();
        // each part's sum of dU in an array of the calling thread's (a thread may run several parts): its first
        // positions * c * ol values are written by the part's first tileGradients (add false)
        int size = positions * c * ol;
        float[][] sums = partSums(parts, size + ImageKernels.SLACK);
        Parallel.forEach(parts, part -> {
            int rows = at.rows();
            int count = at.tiles().count();
            float[] padded = at.padded();
            float[] v = (float[]) ThreadBuffers.get(DType.FLOAT32, 1, positions * rows * at.inLanes());
            float[] dm = (float[]) ThreadBuffers.get(DType.FLOAT32, 2, positions * rows * ol);
            float[] grid = (float[]) ThreadBuffers.get(DType.FLOAT32, 3, at.outPlane() * ol);
            float[] scratch = (float[]) ThreadBuffers.get(DType.FLOAT32, 4, SCRATCH);
            float[] sum = sums[part];
            // the slack past the values zero, as in the new array each part had before
            java.util.Arrays.fill(sum, size, size + ImageKernels.SLACK, 0f);
            boolean empty = true;
            int end = at.firstGroup(part + 1);
            for (int g = at.firstGroup(part); g < end; g++) {
                int n0 = g * at.group();
                int n1 = Math.min(n, n0 + at.group());
                for (int i = n0; i < n1; i++) {
                    int first = (i - n0) * count;
                    inputTiles(k, at, x, i, first, padded, v, scratch);
                    // dy's planes into (outH, outW, lanes), zero past the map and in the extra lanes
                    java.util.Arrays.fill(grid, 0, at.outPlane() * ol, 0f);
                    k.transpose(dy, i * o * at.outH() * at.outW(), at.outH() * at.outW(), at.outW(), grid, 0, ol,
                            at.tiles().outW() * ol, o, at.outW(), at.outH(), null, scratch);
                    for (int t = 0; t < count; t++) {
                        gradient(k, f, grid, at.outTile(t) * ol, at.tiles().outW() * ol, ol, dm,
                                (first + t) * ol, alpha * rows * ol, rows * ol, ol, scratch);
                    }
                }
                k.tileGradients(v, k.lanes(), dm, sum, positions, rows, (n1 - n0) * count, c, ol, !empty);
                empty = false;
            }
        });
        float[] du = sums[0];
        for (int p = 1; p < parts; p++) {
            Convolution.addInto(sums[p], du, size);
        }
        return weightGradient(f, du, o, c, ol);
    }

    /** The calling thread's arrays for {@link #weightGrad}'s parts, one per part, each of at least {@code size}. */
    private static float[][] partSums(int parts, int size) {
        float[][] kept = PART_SUMS.get();
        if (kept.length < parts) {
            kept = java.util.Arrays.copyOf(kept, parts);
            PART_SUMS.set(kept);
        }
        for (int p = 0; p < parts; p++) {
            if (kept[p] == null || kept[p].length < size) {
                kept[p] = new float[size];
            }
        }
        return kept;
    }

    private static final ThreadLocal<float[][]> PART_SUMS = ThreadLocal.withInitial(() -> new float[0][]);

    /** Rows a group of images aims at in each product (see {@link Layout}). */
    static final int GROUP_ROWS = 32;

    /**
     * How one call lays out its work: the tiles of a map; images in groups whose tiles together make at least
     * {@link #GROUP_ROWS} rows of each product (1 of the benchmark's 49-tile maps, 8 of a 4-tile map's),
     * the groups split across threads; and the channels of every buffer padded to a whole number of vectors
     * ({@code lanes}, from the kernels), so that the kernels never take a partial vector. The extra lanes hold
     * zeros or values no one reads, and each real lane's operations are those of the scalar kernels; the group size
     * follows the geometry alone, never the width.
     */
    private record Layout(Transform f, int n, int c, int o, int h, int w, int padH, int padW, Tiles tiles, int group,
            int inLanes, int outLanes) {
        Layout(Transform f, int n, int c, int o, int h, int w, int padH, int padW, int lanes) {
            this(f, n, c, o, h, w, padH, padW, tiles(f, h, w, padH, padW), group(tiles(f, h, w, padH, padW), n),
                    roundUp(c, lanes), roundUp(o, lanes));
        }

        private static Tiles tiles(Transform f, int h, int w, int padH, int padW) {
            return Tiles.covering(f.m(), f.r(), h + 2 * padH - f.r() + 1, w + 2 * padW - f.r() + 1);
        }

        private static int group(Tiles tiles, int n) {
            return Math.max(1, Math.min(n, Math.ceilDiv(GROUP_ROWS, tiles.count())));
        }

        private static int roundUp(int a, int lanes) {
            return Math.ceilDiv(a, lanes) * lanes;
        }

        int outH() {
            return h + 2 * padH - f.r() + 1;
        }

        int outW() {
            return w + 2 * padW - f.r() + 1;
        }

        /**
         * Rows of one group's products: its tiles, rounded up to an odd number. This is the pitch of every
         * transform position's block in the tiles' buffers, and a tile's values sit one pitch apart: with an even
         * pitch such as 32 rows of 32 floats (4 KB) they all fell in the same L1 sets, and F(4 x 4, 5 x 5)'s
         * output-gradient transform ran six times slower than F(2 x 2, 5 x 5)'s (49 rows). The row past the tiles
         * is never read.
         */
        int rows() {
            return group * tiles.count() | 1;
        }

        int groups() {
            return Math.ceilDiv(n, group);
        }

        int parts() {
            long work = 2L * n * o * c * f.alpha() * f.alpha() * tiles.count();
            return Math.max(1, Math.min(groups(), Parallel.worthSplitting(work)));
        }

        int firstGroup(int part) {
            return Parallel.start(groups(), parts(), part);
        }

        /** Pixels of the tiled output map. */
        int outPlane() {
            return tiles.outH() * tiles.outW();
        }

        /** The pixel of the tiled output map where tile {@code t} starts. */
        int outTile(int t) {
            return (t / tiles.across() * tiles.outW() + t % tiles.across()) * f.m();
        }

        /** This thread's buffer for one zero-padded image, channels last. */
        float[] padded() {
            return (float[]) ThreadBuffers.get(DType.FLOAT32, 0, tiles.inH() * tiles.inW() * inLanes);
        }
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
     * Image {@code i} of x zero-padded into {@code padded (inH, inW, lanes)} (channels last, so that a tile's element
     * is a run of channels), then each tile's {@code B^T d B} into rows {@code first ..} of v, laid out as
     * {@link ImageKernels#tileIndex} with runs of the kernels' vector width: {@code v[xi][run][row][k.lanes()]}.
     */
    private static void inputTiles(ImageKernels k, Layout at, float[] x, int i, int first, float[] padded, float[] v,
            float[] scratch) {
        Tiles tiles = at.tiles();
        int c = at.c();
        int h = at.h();
        int w = at.w();
        int lanes = at.inLanes();
        int inW = tiles.inW();
        java.util.Arrays.fill(padded, 0, tiles.inH() * inW * lanes, 0f);
        k.transpose(x, i * c * h * w, h * w, w, padded, (at.padH() * inW + at.padW()) * lanes, lanes, inW * lanes, c,
                w, h, null, scratch);
        int m = at.f().m();
        int rows = at.rows();
        int block = k.lanes();
        // a position's rows: lanes / block runs of rows * block floats
        int position = rows * lanes;
        for (int t = 0; t < tiles.count(); t++) {
            int ty = t / tiles.across();
            int tx = t % tiles.across();
            for (int run = 0; run < lanes / block; run++) {
                input(k, at.f(), padded, (ty * m * inW + tx * m) * lanes + run * block, inW * lanes, lanes, v,
                        (run * rows + first + t) * block, at.f().alpha() * position, position, block, scratch);
            }
        }
    }

    /** {@code f}'s input transform of one tile ({@link ImageKernels#winogradInput} or its 8 x 8 form). */
    private static void input(ImageKernels k, Transform f, float[] in, int inOff, int inRow, int inCol, float[] out,
            int outOff, int outRow, int outCol, int lanes, float[] scratch) {
        if (f.alpha() == 8) {
            k.winogradInput8(in, inOff, inRow, inCol, out, outOff, outRow, outCol, lanes, scratch);
        } else {
            k.winogradInput(in, inOff, inRow, inCol, out, outOff, outRow, outCol, lanes, scratch);
        }
    }

    /** {@code f}'s output transform of one tile ({@link ImageKernels#winogradOutput} or its 8 x 8 form). */
    private static void output(ImageKernels k, Transform f, float[] in, int inOff, int inRow, int inCol, float[] out,
            int outOff, int outRow, int outCol, int lanes, float[] scratch) {
        if (f.alpha() == 8) {
            k.winogradOutput8(in, inOff, inRow, inCol, out, outOff, outRow, outCol, lanes, scratch);
        } else {
            k.winogradOutput(in, inOff, inRow, inCol, out, outOff, outRow, outCol, lanes, scratch);
        }
    }

    /** {@code f}'s output-gradient transform of one tile ({@link ImageKernels#winogradGradient} or its 8 x 8 form). */
    private static void gradient(ImageKernels k, Transform f, float[] in, int inOff, int inRow, int inCol, float[] out,
            int outOff, int outRow, int outCol, int lanes, float[] scratch) {
        if (f.alpha() == 8) {
            k.winogradGradient8(in, inOff, inRow, inCol, out, outOff, outRow, outCol, lanes, scratch);
        } else {
            k.winogradGradient(in, inOff, inRow, inCol, out, outOff, outRow, outCol, lanes, scratch);
        }
    }

    /**
     * {@code u[xi][c][oc] = (G g[oc][c] G^T)[xi]} for {@code oc < o}, rows of {@code cols} (zeros past o): G is
     * {@code alpha x r}, g {@code (o, c, r, r)}. The input channels are split across threads
     * ({@link #forInputChannels}).
     */
    private static float[] weightTransform(Transform f, float[] weight, int o, int c, int cols) {
        int r = f.r();
        int alpha = f.alpha();
        float[] g = f.g();
        int run = c * cols;
        // the caller's slots, read by every thread of the correlation that follows; sandwich adds into u
        float[] u = (float[]) ThreadBuffers.get(DType.FLOAT32, TRANSFORM_SLOT, alpha * alpha * run
                + ImageKernels.SLACK);
        java.util.Arrays.fill(u, 0, alpha * alpha * run + ImageKernels.SLACK, 0f);
        // the kernels as wt[a][j][ic][oc] (zeros for oc from o to cols), so that for each tap (a, j) all channel
        // pairs are one run of c * cols values, as u has them for each position, and every step of sandwich is one
        // axpy (Kernels.axpy: fma(alpha, x, y) element by element, the same chain as one pair at a time). Loops of
        // Math.fma over the 32 output channels of one input channel, as before, ran scalar: F(4 x 4, 5 x 5)'s
        // transform took 130 us a call, 4-5% of a one-thread cnn batch
        float[] wt = (float[]) ThreadBuffers.get(DType.FLOAT32, KERNELS_SLOT, r * r * run);
        java.util.Arrays.fill(wt, 0, r * r * run, 0f);
        for (int oc = 0; oc < o; oc++) {
            for (int ic = 0; ic < c; ic++) {
                for (int tap = 0; tap < r * r; tap++) {
                    wt[(tap * c + ic) * cols + oc] = weight[(oc * c + ic) * r * r + tap];
                }
            }
        }
        Kernels kernels = Kernels.get();
        // u = G wt G^T: G (alpha x r) is g[i * r + a]
        forInputChannels(f, o, c, (c0, c1) -> sandwich(kernels, g, alpha, r, r, 1, wt, u, run, c0 * cols,
                (c1 - c0) * cols));
        return u;
    }

    /** A range {@code [c0, c1)} of channels. */
    private interface ChannelRange {
        void run(int c0, int c1);
    }

    /**
     * Runs {@code body} over the input channels in ranges split across threads: the weight transforms are small
     * (about 330 multiply-adds per channel pair for 2 x 2 tiles, 520 for 4 x 4), but on one thread they held the
     * other one idle at every call (10% of a two-thread cnn epoch's wall time in JFR, when they still ran one channel
     * at a time). Every element is computed the same way whatever the split.
     */
    private static void forInputChannels(Transform f, int o, int c, ChannelRange body) {
        long work = 2L * f.alpha() * (f.r() + f.alpha()) * f.r() * o * c;
        int parts = Math.max(1, Math.min(c, Parallel.worthSplitting(work, MIN_TRANSFORM_WORK)));
        Parallel.forEach(parts, part -> body.run(Parallel.start(c, parts, part), Parallel.start(c, parts, part + 1)));
    }

    /** The least work of a weight transform worth a thread hand-off (about 30 us of it). */
    private static final long MIN_TRANSFORM_WORK = 1L << 16;

    /**
     * {@code dW[o][c] = G^T dU[.][c][o] G} ({@code r x r}) from {@code du[xi][c][o]}, rows of {@code cols}; the
     * input channels split across threads as in {@link #weightTransform}, and each step one axpy over a run of
     * channel pairs, as there.
     */
    private static float[] weightGradient(Transform f, float[] du, int o, int c, int cols) {
        int r = f.r();
        int alpha = f.alpha();
        float[] g = f.g();
        int run = c * cols;
        // dW as dwt[i][j][ic][oc] (oc up to cols), then put back in (o, c, r, r) order
        float[] dwt = (float[]) ThreadBuffers.get(DType.FLOAT32, TRANSFORM_SLOT, r * r * run);
        java.util.Arrays.fill(dwt, 0, r * r * run, 0f);
        Kernels kernels = Kernels.get();
        // dwt = G^T du G: G^T (r x alpha) is g[a * r + i]
        forInputChannels(f, o, c, (c0, c1) -> sandwich(kernels, g, r, alpha, 1, r, du, dwt, run, c0 * cols,
                (c1 - c0) * cols));
        float[] dw = new float[o * c * r * r];
        for (int oc = 0; oc < o; oc++) {
            for (int ic = 0; ic < c; ic++) {
                for (int tap = 0; tap < r * r; tap++) {
                    dw[(oc * c + ic) * r * r + tap] = dwt[(tap * c + ic) * cols + oc];
                }
            }
        }
        return dw;
    }

    /**
     * {@code dst = M src M^T} for the runs {@code [from, from + len)} of each of its elements, where M is
     * {@code p x q} with {@code M(i, a) = m[i mRow + a mCol]} (G or G^T read from the same array), src holds q x q
     * elements and dst p x p, each a run of channel pairs {@code run} floats after the one before it. Both products
     * are chains of axpys from 0 over a and then over b in order: {@code tmp[i][j] = sum_a M(i, a) src[a][j]}, then
     * {@code dst[i][j'] = sum_b M(j', b) tmp[i][b]}.
     */
    private static void sandwich(Kernels kernels, float[] m, int p, int q, int mRow, int mCol, float[] src,
            float[] dst, int run, int from, int len) {
        float[] tmp = (float[]) ThreadBuffers.get(DType.FLOAT32, SANDWICH_SLOT, p * q * len);
        java.util.Arrays.fill(tmp, 0, p * q * len, 0f);
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < q; j++) {
                for (int a = 0; a < q; a++) {
                    kernels.axpy(m[i * mRow + a * mCol], src, (a * q + j) * run + from, tmp, (i * q + j) * len, len);
                }
            }
        }
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                for (int b = 0; b < q; b++) {
                    kernels.axpy(m[j * mRow + b * mCol], tmp, (i * q + b) * len, dst, (i * p + j) * run + from, len);
                }
            }
        }
    }
}

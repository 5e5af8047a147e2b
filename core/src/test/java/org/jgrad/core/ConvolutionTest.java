package org.jgrad.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.jgrad.core.kernels.Kernels;
import org.jgrad.core.kernels.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Convolution} against the definition, computed here by direct float64 loops over every output pixel and
 * kernel tap: {@code y[n,o,oh,ow] = b[o] + sum_{c,i,j} w[o,c,i,j] x[n, c, oh s - p + i d, ow s - p + j d]} (taps
 * outside x read 0); {@code dx} and {@code dW} by the same loops sending {@code dy} back along each product. The
 * geometries cross the gemm kernel's register tile (1, 3, 17, 33 output channels; 5 to 400 patch rows), strides
 * and dilations above 1 (a stride along the width takes {@link Im2col}'s general unfolding, the others its
 * whole-vector runs), padding wider than the kernel's reach, none at all, 1 x 1 kernels, one input channel (the
 * direct correlation of float32, {@link Im2col#correlate}: across 4-channel blocks and vector lengths), batches of
 * several groups of images with a short last group ({@link Conv2dGeometry#groupSize()}), split across two threads,
 * and the benchmark's second layer, which float32 runs with {@link Winograd}'s tiles. float32 runs the kernels of
 * {@link Kernels#get()} (vector or scalar, at any width chosen for the run).
 */
class ConvolutionTest {
    // N, C, H, W, C_out, kH, kW, sH, sW, pH, pW, dH, dW
    private static final int[][] GEOMETRIES = {
        {1, 1, 5, 5, 1, 3, 3, 1, 1, 0, 0, 1, 1},
        {2, 3, 7, 6, 4, 3, 2, 1, 2, 1, 0, 1, 1},
        {1, 2, 9, 8, 5, 3, 3, 2, 2, 1, 1, 2, 2},
        {3, 4, 6, 6, 17, 1, 1, 1, 1, 0, 0, 1, 1},
        {2, 1, 4, 4, 3, 2, 2, 3, 1, 3, 2, 1, 1},
        {1, 16, 14, 14, 33, 5, 5, 1, 1, 2, 2, 1, 1},
        {9, 1, 28, 28, 16, 5, 5, 1, 1, 2, 2, 1, 1},
        {2, 2, 11, 5, 3, 4, 1, 2, 1, 0, 0, 3, 1},
        {2, 3, 9, 7, 4, 3, 2, 1, 1, 2, 1, 2, 3}, // stride 1 with dilation: the runs skip rows and columns
        {1, 2, 3, 9, 2, 3, 3, 1, 1, 3, 0, 1, 1}, // padding wider than the kernel reaches in one direction only
        // the benchmark's second layer over 5 images: groups of 2 (196 pixels each), the last one short, and with
        // two threads one part of one group and one of two
        {5, 16, 14, 14, 32, 5, 5, 1, 1, 2, 2, 1, 1},
        // 25 pixels per image: groups of 16 images, 40 = 16 + 16 + 8
        {40, 2, 5, 5, 3, 3, 3, 1, 1, 1, 1, 1, 1},
        // no padding: the unfolding's whole-vector runs read x itself up to its last element
        {3, 2, 6, 7, 4, 5, 5, 1, 1, 0, 0, 1, 1},
        // one input channel, stride 1 along the width: the direct correlation (Im2col.correlate) for float32.
        // 33 columns (past twice 16), 5 output channels (a block of 4 and one), one image
        {1, 1, 9, 33, 5, 3, 3, 1, 1, 1, 1, 1, 1},
        // output rows two input rows apart, padding only along the width, dilated columns, 6 channels
        {3, 1, 10, 17, 6, 5, 3, 2, 1, 0, 2, 1, 2},
        // dilated rows, fewer output channels than a block of 4, padding past the kernel's reach
        {2, 1, 7, 5, 3, 2, 2, 1, 1, 2, 2, 3, 1},
    };

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (DType dtype : DType.values()) {
            for (int threads : new int[] {1, 2}) {
                for (int[] g : GEOMETRIES) {
                    out.add(Arguments.of(dtype, threads, g));
                }
            }
        }
        return out.stream();
    }

    static NDArray random(DType dtype, Shape shape, long seed) {
        Random r = new Random(seed);
        NDArray a = NDArray.zeros(dtype, shape);
        for (int i = 0; i < a.size(); i++) {
            a.set(i, r.nextGaussian());
        }
        return a;
    }

    /** Calls {@code tap(n, o, oh, ow, c, i, j, xIndex, yIndex, wIndex)} for every product of the definition. */
    private interface Tap {
        void at(int xi, int yi, int wi);
    }

    private static void eachTap(Conv2dGeometry g, Tap tap) {
        for (int n = 0; n < g.batch(); n++) {
            for (int o = 0; o < g.outChannels(); o++) {
                for (int oh = 0; oh < g.outH(); oh++) {
                    for (int ow = 0; ow < g.outW(); ow++) {
                        int yi = ((n * g.outChannels() + o) * g.outH() + oh) * g.outW() + ow;
                        for (int c = 0; c < g.inChannels(); c++) {
                            for (int i = 0; i < g.kernelH(); i++) {
                                for (int j = 0; j < g.kernelW(); j++) {
                                    int h = oh * g.strideH() - g.padH() + i * g.dilationH();
                                    int w = ow * g.strideW() - g.padW() + j * g.dilationW();
                                    if (h >= 0 && h < g.height() && w >= 0 && w < g.width()) {
                                        tap.at(((n * g.inChannels() + c) * g.height() + h) * g.width() + w, yi,
                                                ((o * g.inChannels() + c) * g.kernelH() + i) * g.kernelW() + j);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} threads {1} {2}")
    @MethodSource("cases")
    void agreesWithTheDefinition(DType dtype, int threads, int[] s) {
        Conv2dGeometry g = new Conv2dGeometry(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10],
                s[11], s[12]);
        int[] stride = {g.strideH(), g.strideW()};
        int[] pad = {g.padH(), g.padW()};
        int[] dil = {g.dilationH(), g.dilationW()};
        NDArray x = random(dtype, g.inputShape(), 1);
        NDArray w = random(dtype, g.weightShape(), 2);
        NDArray b = random(dtype, Shape.of(g.outChannels()), 3);
        NDArray dy = random(dtype, g.outputShape(), 4);
        double[] y = new double[g.outputShape().size()];
        double[] dx = new double[x.size()];
        double[] dw = new double[w.size()];
        double[] db = new double[b.size()];
        for (int i = 0; i < y.length; i++) {
            int o = i / g.pixels() % g.outChannels();
            y[i] = b.get(o);
            db[o] += dy.get(i);
        }
        eachTap(g, (xi, yi, wi) -> {
            y[yi] += w.get(wi) * x.get(xi);
            dx[xi] += w.get(wi) * dy.get(yi);
            dw[wi] += x.get(xi) * dy.get(yi);
        });
        int before = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            assertClose(Convolution.conv2d(x, w, b, stride, pad, dil), y, dtype, "y");
            assertClose(Convolution.conv2dInputGrad(dy, w, x.shape(), stride, pad, dil), dx, dtype, "dx");
            assertClose(Convolution.conv2dWeightGrad(dy, x, w.shape(), stride, pad, dil), dw, dtype, "dW");
            assertClose(Convolution.conv2dBiasGrad(dy), db, dtype, "db");
            assertThat(Convolution.conv2d(x, w, null, stride, pad, dil).get(0)).isCloseTo(y[0] - b.get(0),
                    within(dtype == DType.FLOAT64 ? 1e-9 : 1e-3));
        } finally {
            Parallel.setThreads(before);
        }
    }

    /**
     * float32 on one thread, bit for bit against the order the kernels promise, computed here in plain float
     * arithmetic: each gemm element an fma chain from 0 over each depth block of {@code ceil(k / ceil(k / 384))}
     * terms, the blocks added left to right; the bias added after; dx's column entries added into a zero pixel in
     * row order {@code (c, i, j)}; dW one product per group of {@link Conv2dGeometry#groupSize()} images over the
     * group's pixels (image by image, pixel by pixel), the groups added in order, or, where
     * {@link Convolution#directWeightGrad(Conv2dGeometry, DType)} takes it (stride and dilation 1, few taps), one
     * chain per output column over the images and rows, the columns added in double. None of this depends on the vector
     * width, so passing at 128, 256 and 512 bits and with the scalar kernels (the build runs this class at each) means
     * a seeded run gives the same bits on all of them. Zeros are compared as equal whatever their sign.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("float32Cases")
    void float32FollowsTheDocumentedOrderBitForBit(int[] s) {
        Conv2dGeometry g = new Conv2dGeometry(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10],
                s[11], s[12]);
        int[] stride = {g.strideH(), g.strideW()};
        int[] pad = {g.padH(), g.padW()};
        int[] dil = {g.dilationH(), g.dilationW()};
        NDArray x = random(DType.FLOAT32, g.inputShape(), 1);
        NDArray w = random(DType.FLOAT32, g.weightShape(), 2);
        NDArray b = random(DType.FLOAT32, Shape.of(g.outChannels()), 3);
        NDArray dy = random(DType.FLOAT32, g.outputShape(), 4);
        int p = g.patch();
        int co = g.outChannels();
        int pixels = g.pixels();
        // col[n][r][q]: the input value tap r meets at output pixel q of image n (0 in the padding)
        float[][][] col = new float[g.batch()][p][pixels];
        int[][][] from = new int[g.batch()][p][pixels];
        for (int n = 0; n < g.batch(); n++) {
            for (int r = 0; r < p; r++) {
                int c = r / (g.kernelH() * g.kernelW());
                int i = r / g.kernelW() % g.kernelH();
                int j = r % g.kernelW();
                for (int q = 0; q < pixels; q++) {
                    int h = q / g.outW() * g.strideH() - g.padH() + i * g.dilationH();
                    int v = q % g.outW() * g.strideW() - g.padW() + j * g.dilationW();
                    boolean inside = h >= 0 && h < g.height() && v >= 0 && v < g.width();
                    from[n][r][q] = inside ? ((n * g.inChannels() + c) * g.height() + h) * g.width() + v : -1;
                    col[n][r][q] = inside ? x.floats()[from[n][r][q]] : 0f;
                }
            }
        }
        float[] y = new float[g.outputShape().size()];
        float[] dx = new float[x.size()];
        for (int n = 0; n < g.batch(); n++) {
            for (int o = 0; o < co; o++) {
                for (int q = 0; q < pixels; q++) {
                    int on = n;
                    int oo = o;
                    int oq = q;
                    y[(n * co + o) * pixels + q] = chain(p, t -> w.floats()[oo * p + t], t -> col[on][t][oq])
                            + b.floats()[o];
                }
            }
            for (int r = 0; r < p; r++) {
                for (int q = 0; q < pixels; q++) {
                    int on = n;
                    int or = r;
                    int oq = q;
                    float d = chain(co, o -> w.floats()[o * p + or], o -> dy.floats()[(on * co + o) * pixels + oq]);
                    if (from[n][r][q] >= 0) {
                        dx[from[n][r][q]] += d;
                    }
                }
            }
        }
        float[] dw = new float[w.size()];
        if (Convolution.directWeightGrad(g, DType.FLOAT32)) {
            // the direct weight gradient: per output column x one chain over the images and output rows in order,
            // the columns' chains added left to right in double
            for (int o = 0; o < co; o++) {
                for (int r = 0; r < p; r++) {
                    double sum = 0;
                    for (int ox = 0; ox < g.outW(); ox++) {
                        float acc = 0f;
                        for (int n = 0; n < g.batch(); n++) {
                            for (int oy = 0; oy < g.outH(); oy++) {
                                int q = oy * g.outW() + ox;
                                acc = Math.fma(dy.floats()[(n * co + o) * pixels + q], col[n][r][q], acc);
                            }
                        }
                        sum += acc;
                    }
                    dw[o * p + r] = (float) sum;
                }
            }
        } else {
            int size = g.groupSize();
            for (int n0 = 0; n0 < g.batch(); n0 += size) {
                int group = Math.min(size, g.batch() - n0);
                int first = n0;
                for (int o = 0; o < co; o++) {
                    for (int r = 0; r < p; r++) {
                        int oo = o;
                        int or = r;
                        float d = chain(group * pixels, t -> dy.floats()[((first + t / pixels) * co + oo) * pixels
                                + t % pixels], t -> col[first + t / pixels][or][t % pixels]);
                        dw[o * p + r] = n0 == 0 ? d : dw[o * p + r] + d;
                    }
                }
            }
        }
        int before = Parallel.threads();
        Parallel.setThreads(1);
        try {
            assertSameFloats(Convolution.conv2d(x, w, b, stride, pad, dil), y, "y");
            assertSameFloats(Convolution.conv2dInputGrad(dy, w, x.shape(), stride, pad, dil), dx, "dx");
            assertSameFloats(Convolution.conv2dWeightGrad(dy, x, w.shape(), stride, pad, dil), dw, "dW");
            if (Convolution.directWeightGrad(g, DType.FLOAT32)) {
                // the direct dW splits output channels across threads: the same bits on two
                Parallel.setThreads(2);
                assertSameFloats(Convolution.conv2dWeightGrad(dy, x, w.shape(), stride, pad, dil), dw, "dW, 2 threads");
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    /** The geometries of the column-matrix path: Winograd's tiles follow another order ({@link WinogradTest}). */
    static Stream<int[]> float32Cases() {
        return Stream.of(GEOMETRIES).filter(s -> Winograd.choose(new Conv2dGeometry(s[0], s[1], s[2], s[3], s[4], s[5],
                s[6], s[7], s[8], s[9], s[10], s[11], s[12]), DType.FLOAT32) == null);
    }

    /** One element of a gemm: {@code sum_t a(t) b(t)} as fma chains over the depth blocks, added left to right. */
    private static float chain(int k, java.util.function.IntToDoubleFunction a, java.util.function.IntToDoubleFunction b) {
        int blocks = (k + 383) / 384;
        int depth = (k + blocks - 1) / blocks;
        float total = 0f;
        for (int start = 0; start < k; start += depth) {
            float acc = 0f;
            for (int t = start; t < Math.min(k, start + depth); t++) {
                acc = Math.fma((float) a.applyAsDouble(t), (float) b.applyAsDouble(t), acc);
            }
            total = start == 0 ? acc : total + acc;
        }
        return total;
    }

    private static void assertSameFloats(NDArray got, float[] expected, String what) {
        float[] f = got.floats();
        assertThat(f.length).as(what + " size").isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            // + 0f turns -0 into +0: the sign of a zero sum is not part of the promise
            assertThat(Float.floatToIntBits(f[i] + 0f)).as("%s element %d: %s against %s", what, i, f[i], expected[i])
                    .isEqualTo(Float.floatToIntBits(expected[i] + 0f));
        }
    }

    private static void assertClose(NDArray got, double[] expected, DType dtype, String what) {
        assertThat(got.size()).as(what + " size").isEqualTo(expected.length);
        assertThat(got.dtype()).isEqualTo(dtype);
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        // float32 sums of up to 800 products of unit normals: relative error about 1e-6 per term's size
        double tol = dtype == DType.FLOAT64 ? 1e-10 * (1 + scale) : 2e-5 * (1 + scale);
        for (int i = 0; i < expected.length; i++) {
            assertThat(got.get(i)).as("%s element %d", what, i).isCloseTo(expected[i], within(tol));
        }
    }

    @Test
    void outputSizeFollowsPyTorchsFormula() {
        // floor((28 + 2*2 - 1*(5-1) - 1) / 1) + 1 = 28; floor((7 + 2*1 - 2*(3-1) - 1) / 2) + 1 = 3
        assertThat(Conv2dGeometry.of(Shape.of(1, 1, 28, 28), Shape.of(16, 1, 5, 5), new int[] {1, 1},
                new int[] {2, 2}, new int[] {1, 1}).outputShape()).isEqualTo(Shape.of(1, 16, 28, 28));
        assertThat(Conv2dGeometry.of(Shape.of(2, 3, 7, 7), Shape.of(4, 3, 3, 3), new int[] {2, 2},
                new int[] {1, 1}, new int[] {2, 2}).outputShape()).isEqualTo(Shape.of(2, 4, 3, 3));
    }

    @Test
    void errorsNameTheShapes() {
        int[] one = {1, 1};
        int[] zero = {0, 0};
        NDArray x = NDArray.zeros(DType.FLOAT32, Shape.of(1, 3, 5, 5));
        assertThatThrownBy(() -> Convolution.conv2d(x, NDArray.zeros(DType.FLOAT32, Shape.of(4, 2, 3, 3)), null, one,
                zero, one)).hasMessage("conv2d: input (1, 3, 5, 5) has 3 channels, but weight (4, 2, 3, 3) expects 2");
        assertThatThrownBy(() -> Convolution.conv2d(x, NDArray.zeros(DType.FLOAT32, Shape.of(4, 3, 7, 3)), null, one,
                zero, one)).hasMessageContaining("larger than the padded input (5x5)");
        assertThatThrownBy(() -> Convolution.conv2d(x.reshape(Shape.of(3, 5, 5)), NDArray.zeros(DType.FLOAT32,
                Shape.of(4, 3, 3, 3)), null, one, zero, one)).hasMessageContaining("got input (3, 5, 5)");
        assertThatThrownBy(() -> Convolution.conv2d(x, NDArray.zeros(DType.FLOAT32, Shape.of(4, 3, 3, 3)),
                NDArray.zeros(DType.FLOAT32, Shape.of(3)), one, zero, one))
                .hasMessage("conv2d: expected bias float32 (4,), got float32 (3,)");
        assertThatThrownBy(() -> Convolution.conv2dInputGrad(NDArray.zeros(DType.FLOAT32, Shape.of(1, 4, 2, 2)),
                NDArray.zeros(DType.FLOAT32, Shape.of(4, 3, 3, 3)), x.shape(), one, zero, one))
                .hasMessage("conv2dInputGrad: expected dy of shape (1, 4, 3, 3), got (1, 4, 2, 2)");
    }
}

package org.jgrad.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jgrad.core.kernels.ImageKernels;
import org.jgrad.core.kernels.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Winograd}'s float32 convolutions, through {@link Convolution}'s public entry points, against the
 * definition computed here in float64 loops over every output pixel and tap ({@code y = b + sum w x}, dx and dW by
 * the same loops sending dy back), and bit for bit against themselves on the scalar kernels, the reference of every
 * width, for both transforms ({@code F(2 x 2, 5 x 5)} and {@code F(4 x 4, 5 x 5)}, whichever the map would get) (the build runs this class at 128, 256 and 512 bits and with the scalar kernels). Geometries: the benchmark's
 * second layer (16 -> 32 channels, 5 x 5, padding 2, 14 x 14), maps that are not whole tiles (7 x 9, 5 x 6), padding
 * 0 and the largest allowed (4), unequal paddings, maps smaller than the kernel's reach, channel counts that are
 * not multiples of any vector length (9, 12, 13, 17, 20, 33), several groups of images with a short last one
 * ({@link Winograd}'s layout), on one thread and two.
 */
class WinogradTest {
    // N, C, H, W, C_out, k, padH, padW
    private static final int[][] GEOMETRIES = {
        {2, 16, 14, 14, 32, 5, 2, 2},
        {3, 8, 7, 9, 9, 5, 2, 1},
        {1, 13, 5, 6, 8, 5, 0, 4},
        {2, 8, 10, 11, 17, 5, 1, 3},
        {1, 20, 6, 5, 8, 5, 0, 2},
        {3, 9, 4, 5, 33, 5, 4, 2},
        // 4 tiles an image: groups of 8 images, the last one of 2, split across two threads
        {10, 8, 4, 4, 12, 5, 2, 2},
        // products deeper than a vector's run of channels (20 in, 40 out) and 48 columns: two and a half vectors at
        // 512 bits
        {2, 20, 6, 6, 40, 5, 2, 2},
    };

    /** Both transforms, whichever {@link Winograd#choose} would pick for the map. */
    private static final Winograd.Transform[] TRANSFORMS = {Winograd.F2_5, Winograd.F4_5};

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Winograd.Transform f : TRANSFORMS) {
            for (int threads : new int[] {1, 2}) {
                for (int[] g : GEOMETRIES) {
                    out.add(Arguments.of(name(f), threads, g));
                }
            }
        }
        return out.stream();
    }

    private static String name(Winograd.Transform f) {
        return "F(" + f.m() + ", " + f.r() + ")";
    }

    private static Winograd.Transform transform(String name) {
        return Stream.of(TRANSFORMS).filter(f -> name(f).equals(name)).findFirst().orElseThrow();
    }

    private static Conv2dGeometry geometry(int[] s) {
        return new Conv2dGeometry(s[0], s[1], s[2], s[3], s[4], s[5], s[5], 1, 1, s[6], s[7], 1, 1);
    }

    /** {@code n} standard normals from {@code seed}, as {@link ConvolutionTest#random} draws them. */
    private static float[] random(int n, long seed) {
        return ConvolutionTest.random(DType.FLOAT32, Shape.of(n), seed).floats();
    }

    @ParameterizedTest(name = "{0} threads {1} {2}")
    @MethodSource("cases")
    void agreesWithTheDefinition(String transform, int threads, int[] s) {
        Conv2dGeometry g = geometry(s);
        Winograd.Transform f = transform(transform);
        int n = g.batch();
        int c = g.inChannels();
        int co = g.outChannels();
        int k = g.kernelH();
        int h = g.height();
        int w = g.width();
        int outH = g.outH();
        int outW = g.outW();
        float[] x = random(n * c * h * w, 1);
        float[] wt = random(co * c * k * k, 2);
        float[] b = random(co, 3);
        float[] dy = random(n * co * outH * outW, 4);
        double[] y = new double[dy.length];
        double[] dx = new double[x.length];
        double[] dw = new double[wt.length];
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < co; o++) {
                for (int oh = 0; oh < outH; oh++) {
                    for (int ow = 0; ow < outW; ow++) {
                        int yi = ((i * co + o) * outH + oh) * outW + ow;
                        y[yi] = b[o];
                        for (int ch = 0; ch < c; ch++) {
                            for (int p = 0; p < k; p++) {
                                for (int q = 0; q < k; q++) {
                                    int row = oh - g.padH() + p;
                                    int col = ow - g.padW() + q;
                                    if (row >= 0 && row < h && col >= 0 && col < w) {
                                        int xi = ((i * c + ch) * h + row) * w + col;
                                        int wi = ((o * c + ch) * k + p) * k + q;
                                        y[yi] += (double) wt[wi] * x[xi];
                                        dx[xi] += (double) wt[wi] * dy[yi];
                                        dw[wi] += (double) x[xi] * dy[yi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        NDArray xs = NDArray.of(x, g.inputShape());
        NDArray ws = NDArray.of(wt, g.weightShape());
        NDArray dys = NDArray.of(dy, g.outputShape());
        int[] one = {1, 1};
        int[] pad = {g.padH(), g.padW()};
        int before = Parallel.threads();
        Parallel.setThreads(threads);
        Winograd.forced = f;
        try {
            assertThat(Winograd.choose(g, DType.FLOAT32)).as("runs on Winograd's tiles").isSameAs(f);
            assertClose(Convolution.conv2d(xs, ws, NDArray.of(b, Shape.of(co)), one, pad, one), y, "y");
            assertClose(Convolution.conv2dInputGrad(dys, ws, g.inputShape(), one, pad, one), dx, "dx");
            assertClose(Convolution.conv2dWeightGrad(dys, xs, g.weightShape(), one, pad, one), dw, "dW");
        } finally {
            Winograd.forced = null;
            Parallel.setThreads(before);
        }
    }

    /**
     * Within float32 rounding of the sums' size: each element against {@code 1e-5} of the largest reference value
     * (about 20 units in the last place; the tiles' transforms add a few on top of the direct sum's rounding).
     */
    private static void assertClose(NDArray got, double[] expected, String what) {
        assertThat(got.size()).as(what + " size").isEqualTo(expected.length);
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(got.get(i) - expected[i]));
        }
        assertThat(worst).as("%s: largest error against a largest value of %s", what, scale).isLessThan(1e-5 * scale);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("transformsAndGeometries")
    void givesTheScalarKernelsBitsAtThisWidth(String transform, int[] s) {
        Conv2dGeometry g = geometry(s);
        Winograd.Transform f = transform(transform);
        int n = g.batch();
        int c = g.inChannels();
        int co = g.outChannels();
        float[] x = random(g.inputShape().size(), 5);
        float[] wt = random(g.weightShape().size(), 6);
        float[] b = random(co, 7);
        float[] dy = random(g.outputShape().size(), 8);
        float[][] got = new float[2][];
        float[][] gotDx = new float[2][];
        float[][] gotDw = new float[2][];
        ImageKernels[] kernels = {ImageKernels.get(), ImageKernels.scalar()};
        for (int i = 0; i < 2; i++) {
            got[i] = new float[dy.length];
            gotDx[i] = new float[x.length];
            Winograd.correlate(kernels[i], f, x, n, c, g.height(), g.width(), wt, co, b, g.padH(), g.padW(), got[i]);
            Winograd.inputGrad(kernels[i], f, dy, n, c, g.height(), g.width(), wt, co, g.padH(), g.padW(), gotDx[i]);
            gotDw[i] = Winograd.weightGrad(kernels[i], f, dy, x, n, c, g.height(), g.width(), co, g.padH(), g.padW());
        }
        assertSameBits(got[0], got[1], kernels[0] + " y");
        assertSameBits(gotDx[0], gotDx[1], kernels[0] + " dx");
        assertSameBits(gotDw[0], gotDw[1], kernels[0] + " dW");
    }

    static Stream<Arguments> transformsAndGeometries() {
        return Stream.of(TRANSFORMS).flatMap(f -> Stream.of(GEOMETRIES).map(g -> Arguments.of(name(f), g)));
    }

    @ParameterizedTest
    @MethodSource("transformNames")
    void theForwardAndInputGradientDoNotDependOnTheThreads(String transform) {
        Conv2dGeometry g = geometry(GEOMETRIES[0]);
        Winograd.Transform f = transform(transform);
        float[] x = random(g.inputShape().size(), 9);
        float[] wt = random(g.weightShape().size(), 10);
        float[][] y = new float[2][g.outputShape().size()];
        float[][] dx = new float[2][x.length];
        int before = Parallel.threads();
        try {
            for (int t = 0; t < 2; t++) {
                Parallel.setThreads(t + 1);
                Winograd.correlate(ImageKernels.get(), f, x, g.batch(), g.inChannels(), g.height(), g.width(), wt,
                        g.outChannels(), null, g.padH(), g.padW(), y[t]);
                Winograd.inputGrad(ImageKernels.get(), f, y[t], g.batch(), g.inChannels(), g.height(), g.width(), wt,
                        g.outChannels(), g.padH(), g.padW(), dx[t]);
            }
        } finally {
            Parallel.setThreads(before);
        }
        assertSameBits(y[0], y[1], "y");
        assertSameBits(dx[0], dx[1], "dx");
    }

    static Stream<String> transformNames() {
        return Stream.of(TRANSFORMS).map(WinogradTest::name);
    }

    /** A NaN in x reaches every output whose window holds it (and may reach its tile's other outputs). */
    @ParameterizedTest
    @MethodSource("transformNames")
    void nanInTheInputReachesEveryOutputThatReadsIt(String transform) {
        Conv2dGeometry g = geometry(GEOMETRIES[0]);
        float[] x = random(g.inputShape().size(), 11);
        int row = 6;
        int col = 9;
        x[(3 * g.height() + row) * g.width() + col] = Float.NaN; // image 0, channel 3
        NDArray y;
        Winograd.forced = transform(transform);
        try {
            y = Convolution.conv2d(NDArray.of(x, g.inputShape()), NDArray.of(random(g.weightShape().size(), 12),
                    g.weightShape()), null, new int[] {1, 1}, new int[] {2, 2}, new int[] {1, 1});
        } finally {
            Winograd.forced = null;
        }
        for (int o = 0; o < g.outChannels(); o++) {
            for (int oh = row - 2; oh <= row + 2; oh++) {
                for (int ow = col - 2; ow <= col + 2; ow++) {
                    assertThat(y.get((o * g.outH() + oh) * g.outW() + ow)).as("channel %d (%d, %d)", o, oh, ow)
                            .isNaN();
                }
            }
        }
        // the second image does not read it
        for (int i = g.outChannels() * g.pixels(); i < y.size(); i++) {
            assertThat(y.get(i)).isNotNaN();
        }
    }

    @Test
    void runsOnlyTheConvolutionsItCovers() {
        // 14 x 14 outputs: 16 tiles of 4 x 4 (64 products each) against 49 of 2 x 2 (36 each)
        assertThat(Winograd.choose(geometry(GEOMETRIES[0]), DType.FLOAT32)).isSameAs(Winograd.F4_5);
        // 2 x 2 outputs: one tile either way, 36 products against 64; 1 x 10: 5 tiles of 36 against 3 of 64
        assertThat(Winograd.choose(geometry(new int[] {1, 16, 2, 2, 32, 5, 2, 2}), DType.FLOAT32))
                .isSameAs(Winograd.F2_5);
        assertThat(Winograd.choose(geometry(new int[] {1, 13, 5, 6, 8, 5, 0, 4}), DType.FLOAT32))
                .isSameAs(Winograd.F2_5);
        assertThat(Winograd.choose(geometry(GEOMETRIES[0]), DType.FLOAT64)).as("float64").isNull();
        Conv2dGeometry[] others = {
            new Conv2dGeometry(1, 16, 14, 14, 32, 5, 5, 2, 1, 2, 2, 1, 1), // stride 2
            new Conv2dGeometry(1, 16, 14, 14, 32, 5, 5, 1, 1, 2, 2, 1, 2), // dilation 2
            new Conv2dGeometry(1, 16, 14, 14, 32, 7, 7, 1, 1, 3, 3, 1, 1), // 7 x 7
            new Conv2dGeometry(1, 16, 14, 14, 32, 3, 5, 1, 1, 1, 2, 1, 1), // 3 x 5
            new Conv2dGeometry(1, 16, 14, 14, 32, 3, 3, 1, 1, 1, 1, 1, 1), // 3 x 3
            new Conv2dGeometry(1, 16, 14, 14, 32, 5, 5, 1, 1, 5, 2, 1, 1), // padding past 4
            new Conv2dGeometry(1, 4, 14, 14, 32, 5, 5, 1, 1, 2, 2, 1, 1), // 4 channels in
            new Conv2dGeometry(1, 16, 14, 14, 4, 5, 5, 1, 1, 2, 2, 1, 1), // 4 channels out
        };
        for (Conv2dGeometry g : others) {
            assertThat(Winograd.choose(g, DType.FLOAT32)).as("%s", g).isNull();
        }
    }

    private static void assertSameBits(float[] a, float[] b, String what) {
        assertThat(a.length).isEqualTo(b.length);
        for (int i = 0; i < a.length; i++) {
            assertThat(Float.floatToRawIntBits(a[i])).as("%s element %d: %s against %s", what, i, a[i], b[i])
                    .isEqualTo(Float.floatToRawIntBits(b[i]));
        }
    }
}

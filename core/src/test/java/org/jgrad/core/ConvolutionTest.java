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
 * and dilations above 1 (stride 1 runs {@link GridColumns}, other strides {@link Im2col}), padding wider than the kernel's reach, 1 x 1 kernels, and a batch large enough to be split
 * across two threads. float32 runs the kernels of {@link Kernels#get()} (vector or scalar, at any width chosen for
 * the run).
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
        {2, 3, 9, 7, 4, 3, 2, 1, 1, 2, 1, 2, 3}, // stride 1 with dilation: GridColumns' runs skip rows and columns
        {1, 2, 3, 9, 2, 3, 3, 1, 1, 3, 0, 1, 1}, // padding wider than the kernel reaches in one direction only
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

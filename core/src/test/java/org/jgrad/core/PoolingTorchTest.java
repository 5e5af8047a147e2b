package org.jgrad.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * {@link Pooling} against PyTorch 1.13: max pooling of rounded values (ties in most windows) with one NaN, for
 * disjoint, overlapping-and-padded and stride-1 windows, checking the maxima, the arg-max indices (PyTorch counts
 * them inside each (n, c) plane; ours are flat, so the plane's offset is added) and the gradient; average pooling
 * (padding counted in the divisor) for three kernel, stride and padding settings. Printed by (torch 1.13.0):
 *
 * <pre>
 * import torch, math
 * F = torch.nn.functional
 * def vals(n, a, b):
 *     return torch.tensor([math.sin(a * i + b) for i in range(n)], dtype=torch.float64)
 * def show(name, t):
 *     print(name, "{" + ", ".join("%.10g" % v for v in t.detach().flatten().tolist()) + "}")
 * x = torch.round(3 * vals(2 * 25, 0.7, 0.3)).reshape(2, 1, 5, 5)
 * x[0, 0, 1, 0] = float("nan")
 * for k, s, p in ((2, 2, 0), (3, 2, 1), (2, 1, 0)):
 *     xx = x.clone().requires_grad_()
 *     y, idx = F.max_pool2d(xx, k, s, p, return_indices=True)
 *     gy = vals(y.numel(), 0.9, 1.1).reshape(y.shape)
 *     y.backward(gy)
 *     print("max", k, s, p, tuple(y.shape)); show("y", y); show("idx", idx); show("dx", xx.grad)
 * xa = vals(2 * 6 * 5, 0.7, 0.3).reshape(1, 2, 6, 5)
 * for k, s, p in ((2, 2, 0), (3, 2, 1), ((3, 2), (1, 2), (1, 0))):
 *     xx = xa.clone().requires_grad_()
 *     y = F.avg_pool2d(xx, k, s, p)
 *     gy = vals(y.numel(), 0.9, 1.1).reshape(y.shape)
 *     y.backward(gy)
 *     print("avg", k, s, p, tuple(y.shape)); show("y", y); show("dx", xx.grad)
 * </pre>
 */
class PoolingTorchTest {
    // case 0: max 2 2 0 (2, 1, 2, 2)
    private static final double[] P0_Y = {
        Double.NaN, 3, 3, 2, 2, 3, 1, 3
    };
    private static final double[] P0_IDX = {
        5, 2, 10, 12, 5, 3, 11, 12
    };
    private static final double[] P0_DX = {
        0, 0, 0.9092974268, 0, 0, 0.8912073601, 0, 0, 0, 0, 0.2392493292, 0, -0.6118578909, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, -0.6312666379, 0, -0.9999232576, 0, 0, 0, 0, 0, 0.2151199881, 0.8987080958, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0
    };
    // case 1: max 3 2 1 (2, 1, 3, 3)
    private static final double[] P1_Y = {
        Double.NaN, 3, 2, Double.NaN, 3, 3, 3, 2, 3, 2, 3, 3, 2, 3, 3, 3, 3, 2
    };
    private static final double[] P1_IDX = {
        5, 1, 3, 5, 11, 19, 20, 21, 19, 5, 3, 3, 5, 12, 13, 21, 21, 23
    };
    private static final double[] P1_DX = {
        0, 0.9092974268, 0, 0.2392493292, 0, 0.2793494691, 0, 0, 0, 0, 0, -0.9999232576, 0, 0, 0, 0, 0, 0, 0,
        0.2709051959, 0.2151199881, 0.8987080958, 0, 0, 0, 0, 0, 0, -1.625060855, 0, -0.3952471981, 0, 0, 0, 0, 0,
        0, 0.2315098251, 0.9059547423, 0, 0, 0, 0, 0, 0, 0, 1.101258654, 0, -0.6381066823, 0
    };
    // case 2: max 2 1 0 (2, 1, 4, 4)
    private static final double[] P2_Y = {
        Double.NaN, 3, 3, 2, Double.NaN, 3, 2, 1, 3, 3, 2, 3, 3, 2, 1, 3, 2, 1, 3, 3, 2, 3, 3, 3, 1, 3, 3, 3, 3, 3,
        3, 2
    };
    private static final double[] P2_IDX = {
        5, 1, 2, 3, 5, 11, 12, 9, 10, 11, 12, 19, 20, 21, 18, 19, 5, 2, 3, 3, 5, 12, 12, 13, 11, 12, 12, 13, 21, 21,
        22, 23
    };
    private static final double[] P2_DX = {
        0, 0.9092974268, 0.2392493292, -0.6118578909, 0, -0.1087158975, 0, 0, 0, 0.8987080958, 0.9021718338,
        -0.4083767238, -0.4099506608, 0, 0, 0, 0, 0, 0.9059547423, -0.1051990344, -0.6181371122, 0.2315098251, 0, 0,
        0, 0, 0, -0.6381066823, -1.604607253, 0, 0.4543016899, 0, 0, 0, 0, 0, -0.6509623057, 0.2094692574,
        0.4540751972, 0, 0, 0, 0, 0, 0, 0, 1.798950706, 0.1734521552, -0.6636338842, 0
    };
    // case 3: avg 2 2 0 (1, 2, 3, 2)
    private static final double[] P3_Y = {
        -0.1130992043, 0.1024491676, -0.004148384376, 0.1642474531, 0.1068442516, 0.1452038827, 0.1652486287,
        0.05469161594, 0.1423183758, -0.06273961762, 0.04933965998, -0.1492906943
    };
    private static final double[] P3_DX = {
        0.22280184, 0.22280184, 0.2273243567, 0.2273243567, 0, 0.22280184, 0.22280184, 0.2273243567, 0.2273243567,
        0, 0.0598123323, 0.0598123323, -0.1529644727, -0.1529644727, 0, 0.0598123323, 0.0598123323, -0.1529644727,
        -0.1529644727, 0, -0.2499808144, -0.2499808144, -0.1578166595, -0.1578166595, 0, -0.2499808144,
        -0.2499808144, -0.1578166595, -0.1578166595, 0, 0.05377999702, 0.05377999702, 0.224677024, 0.224677024, 0,
        0.05377999702, 0.05377999702, 0.224677024, 0.224677024, 0, 0.2255429584, 0.2255429584, 0.05572247853,
        0.05572247853, 0, 0.2255429584, 0.2255429584, 0.05572247853, 0.05572247853, 0, -0.1562676622, -0.1562676622,
        -0.2499975516, -0.2499975516, 0, -0.1562676622, -0.1562676622, -0.2499975516, -0.2499975516, 0
    };
    // case 4: avg 3 2 1 (1, 2, 3, 3)
    private static final double[] P4_Y = {
        -0.05026631302, 0.03041528196, 0.07274539352, -0.178442394, -0.1626628393, 0.0582228588, -0.1587790443,
        -0.001953807245, 0.1573350402, 0.07344383498, 0.06321927872, -0.02672024195, 0.06685519234, 0.2427756389,
        0.1125734626, 0.1617699252, 0.206341323, -0.009268849665
    };
    private static final double[] P4_DX = {
        0.09902304001, 0.2000560874, 0.1010330474, 0.1276163062, 0.0265832588, 0.0310388299, 0.02096929315,
        -0.01006953675, -0.05362701549, -0.04355747874, -0.0679842101, -0.1790867943, -0.1111025842, -0.1812433217,
        -0.07014073754, -0.04408198921, -0.05532811829, -0.01124612908, 0.01885444824, 0.03010057732, 0.0239022209,
        0.123758676, 0.09985645509, 0.20009777, 0.1002413149, 0.0239022209, 0.123758676, 0.09985645509, 0.20009777,
        0.1002413149, 0.02476554601, -0.04468674831, -0.06945229432, -0.1805623173, -0.111110023, -0.04391635535,
        -0.08764533577, -0.04372898042, -0.05417736534, -0.01044838492, -0.06868190136, -0.04295858746,
        0.0257233139, 0.1263849519, 0.100661638, 0.03073933999, 0.07940348522, 0.04866414523, 0.07842504078,
        0.02976089555, 0.09942124135, 0.1223620727, 0.02294083133, -0.04795991116, -0.07090074248, 0.09942124135,
        0.1223620727, 0.02294083133, -0.04795991116, -0.07090074248
    };
    // case 5: avg (3, 2) (1, 2) (1, 0) (1, 2, 6, 2)
    private static final double[] P5_Y = {
        -0.07539946952, 0.06829944508, 0.2312330084, 0.1829235543, -0.267663591, -0.100056918, 0.2700777112,
        0.004474385646, -0.2381685664, 0.0916767813, 0.07122950108, 0.09680258848, 0.1101657525, 0.03646107729,
        -0.004717111549, -0.2701149442, 0.1002827885, 0.2676143095, -0.1831038643, -0.2311034753, 0.2426548879,
        0.1652224803, 0.03289310665, -0.09952712951
    };
    private static final double[] P5_DX = {
        0.1884094482, 0.1884094482, 0.04957325598, 0.04957325598, 0, 0.02175557195, 0.02175557195, -0.05563785033,
        -0.05563785033, 0, -0.09092565671, -0.09092565671, -0.05740273883, -0.05740273883, 0, 0.01956142738,
        0.01956142738, 0.08172189534, 0.08172189534, 0, 0.08203686216, 0.08203686216, 0.02026796723, 0.02026796723,
        0, 0.04618353081, 0.04618353081, -0.1295167154, -0.1295167154, 0, 0.04796960501, 0.04796960501,
        0.1877168329, 0.1877168329, 0, 0.082380852, 0.082380852, 0.08136571915, 0.08136571915, 0, 0.0187746322,
        0.0187746322, -0.0580247221, -0.0580247221, 0, -0.09091212353, -0.09091212353, -0.05499904234,
        -0.05499904234, 0, 0.0225362176, 0.0225362176, 0.08301651735, 0.08301651735, 0, 0.1891652894, 0.1891652894,
        0.1838219878, 0.1838219878, 0
    };
    private static final int[][] MAX_SETTINGS = {{2, 2, 2, 2, 0, 0}, {3, 3, 2, 2, 1, 1}, {2, 2, 1, 1, 0, 0}};
    private static final double[][][] MAX_EXPECTED = {
        {P0_Y, P0_IDX, P0_DX}, {P1_Y, P1_IDX, P1_DX}, {P2_Y, P2_IDX, P2_DX},
    };
    private static final int[][] AVG_SETTINGS = {{2, 2, 2, 2, 0, 0}, {3, 3, 2, 2, 1, 1}, {3, 2, 1, 2, 1, 0}};
    private static final double[][][] AVG_EXPECTED = {{P3_Y, P3_DX}, {P4_Y, P4_DX}, {P5_Y, P5_DX}};

    private static int[] pair(int[] s, int at) {
        return new int[] {s[at], s[at + 1]};
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void maxPoolingMatchesPyTorch(DType dtype) {
        NDArray x = ConvolutionTorchTest.sines(DType.FLOAT64, Shape.of(2, 1, 5, 5), 0.7, 0.3);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, Math.rint(3 * x.get(i)));
        }
        x.set(5, Double.NaN);
        x = x.to(dtype);
        for (int c = 0; c < MAX_SETTINGS.length; c++) {
            int[] s = MAX_SETTINGS[c];
            Pooling.MaxResult r = Pooling.maxPool2d(x, pair(s, 0), pair(s, 2), pair(s, 4));
            int perPlane = r.output().size() / 2;
            for (int i = 0; i < r.output().size(); i++) {
                assertThat(Double.valueOf(r.output().get(i))).as("case %d y %d", c, i)
                        .isEqualTo(Double.valueOf(MAX_EXPECTED[c][0][i]));
                assertThat(r.indices()[i]).as("case %d index %d", c, i)
                        .isEqualTo((int) MAX_EXPECTED[c][1][i] + (i / perPlane) * 25);
            }
            NDArray dy = ConvolutionTorchTest.sines(dtype, r.output().shape(), 0.9, 1.1);
            NDArray dx = Pooling.maxPool2dBackward(dy, r.indices(), x.shape());
            assertValues(dx, MAX_EXPECTED[c][2], dtype, "case " + c + " dx");
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void averagePoolingMatchesPyTorch(DType dtype) {
        NDArray x = ConvolutionTorchTest.sines(dtype, Shape.of(1, 2, 6, 5), 0.7, 0.3);
        for (int c = 0; c < AVG_SETTINGS.length; c++) {
            int[] s = AVG_SETTINGS[c];
            NDArray y = Pooling.avgPool2d(x, pair(s, 0), pair(s, 2), pair(s, 4));
            assertValues(y, AVG_EXPECTED[c][0], dtype, "case " + c + " y");
            NDArray dy = ConvolutionTorchTest.sines(dtype, y.shape(), 0.9, 1.1);
            assertValues(Pooling.avgPool2dBackward(dy, x.shape(), pair(s, 0), pair(s, 2), pair(s, 4)),
                    AVG_EXPECTED[c][1], dtype, "case " + c + " dx");
        }
    }

    private static void assertValues(NDArray got, double[] expected, DType dtype, String what) {
        assertThat(got.size()).as(what + " size").isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(got.get(i)).as("%s %d", what, i).isCloseTo(expected[i],
                    within(dtype == DType.FLOAT64 ? 1e-9 : 1e-6));
        }
    }

    @Test
    void allMinusInfinityWindowPointsAtItsFirstPixel() {
        // PyTorch starts each window at index (h0, w0) with max -inf and replaces it only by a larger value or NaN
        NDArray x = NDArray.full(DType.FLOAT32, Shape.of(1, 1, 2, 4), Double.NEGATIVE_INFINITY);
        Pooling.MaxResult r = Pooling.maxPool2d(x, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0});
        assertThat(r.indices()).containsExactly(0, 2);
        assertThat(r.output().get(1)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void paddingOverHalfTheKernelIsRefused() {
        NDArray x = NDArray.zeros(DType.FLOAT32, Shape.of(1, 1, 4, 4));
        assertThatThrownBy(() -> Pooling.maxPool2d(x, new int[] {2, 2}, new int[] {2, 2}, new int[] {2, 0}))
                .hasMessage("pool2d: padding (2, 0) should be at most half of the kernel (2, 2)");
        assertThatThrownBy(() -> Pooling.avgPool2d(x.reshape(Shape.of(4, 4)), new int[] {2, 2}, new int[] {2, 2},
                new int[] {0, 0})).hasMessage("pool2d: expected input (N, C, H, W), got (4, 4)");
    }
}

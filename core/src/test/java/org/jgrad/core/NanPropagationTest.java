package org.jgrad.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.jgrad.core.kernels.Kernels;
import org.jgrad.core.kernels.ScalarKernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * NaN propagates through max, min, maximum, minimum, relu and clamp in both dtypes, so that a diverging run
 * cannot hide behind them (issue 14). Expected values are PyTorch 1.13's, from:
 *
 * <pre>
 * import torch
 * for dt in (torch.float32, torch.float64):
 *     x = torch.tensor([1.0, float('nan'), 3.0], dtype=dt)
 *     print(x.max().item(), x.max(0).values.item(), x.max(0).indices.item(), x.min().item(), x.min(0).indices.item())
 *     print(torch.relu(x).tolist(), torch.clamp(x, -1, 2).tolist())
 *     y = torch.tensor([2.0, 0.0, float('nan')], dtype=dt)
 *     print(torch.maximum(x, y).tolist(), torch.minimum(x, y).tolist())
 * # both dtypes: nan nan 1 nan 1 / [1.0, nan, 3.0] [1.0, nan, 2.0] / [2.0, nan, nan] [1.0, nan, nan]
 * </pre>
 */
class NanPropagationTest {
    private static NDArray of(DType dtype, double... v) {
        NDArray a = NDArray.zeros(dtype, Shape.of(v.length));
        for (int i = 0; i < v.length; i++) {
            a.set(i, v[i]);
        }
        return a;
    }

    private static double[] values(NDArray a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i);
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void maxAndMinOfOneTwoThreeWithANanAreNan(DType dtype) {
        NDArray x = of(dtype, 1, Double.NaN, 3);
        assertThat(Reductions.argMax(x)).isEqualTo(1);
        assertThat(Reductions.argMin(x)).isEqualTo(1);
        assertThat(Reductions.max(x, 0, false).item()).isNaN();
        assertThat(Reductions.min(x, 0, false).item()).isNaN();
        assertThat(Reductions.argMax(x, 0)).containsExactly(1);
        // NaN first, last, or absent
        assertThat(Reductions.argMax(of(dtype, Double.NaN, 5, 7))).isZero();
        assertThat(Reductions.argMin(of(dtype, 5, 7, Double.NaN))).isEqualTo(2);
        assertThat(Reductions.argMax(of(dtype, 5, 7, 7, -1))).isEqualTo(1);
        assertThat(Reductions.argMin(of(dtype, 5, -1, 7, -1))).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void maxAlongADimensionIsNanOnlyWhereTheSliceHoldsANan(DType dtype) {
        // rows [1, NaN, 3] and [4, 6, 5]: row maxima NaN and 6; column minima 1, NaN, 3
        NDArray x = of(dtype, 1, Double.NaN, 3, 4, 6, 5).reshape(Shape.of(2, 3));
        double[] rowMax = values(Reductions.max(x, 1, false));
        assertThat(rowMax[0]).isNaN();
        assertThat(rowMax[1]).isEqualTo(6);
        double[] colMin = values(Reductions.min(x, 0, false));
        assertThat(colMin[0]).isEqualTo(1);
        assertThat(colMin[1]).isNaN();
        assertThat(colMin[2]).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void maximumMinimumReluAndClampPropagateNan(DType dtype) {
        NDArray x = of(dtype, 1, Double.NaN, 3);
        NDArray y = of(dtype, 2, 0, Double.NaN);
        assertThat(values(Elementwise.binary(BinaryOp.MAXIMUM, x, y))).containsExactly(2, Double.NaN, Double.NaN);
        assertThat(values(Elementwise.binary(BinaryOp.MINIMUM, x, y))).containsExactly(1, Double.NaN, Double.NaN);
        assertThat(values(Elementwise.relu(of(dtype, 1, Double.NaN, -3)))).containsExactly(1, Double.NaN, 0);
        assertThat(values(Elementwise.clamp(x, -1, 2))).containsExactly(1, Double.NaN, 2);
    }

    @Test
    void reluKernelsKeepNanInTheVectorBodyAndTheTail() {
        // 37 values: whole vectors at every width and a tail; a NaN in each part
        int n = 37;
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i % 3 == 0 ? Float.NaN : i % 3 == 1 ? -i : i;
        }
        for (Kernels k : new Kernels[] {Kernels.get(), new ScalarKernels()}) {
            float[] out = new float[n];
            k.relu(a, 0, out, 0, n);
            for (int i = 0; i < n; i++) {
                float expected = i % 3 == 0 ? Float.NaN : i % 3 == 1 ? 0f : i;
                assertThat(Float.valueOf(out[i])).as("%s relu(%s)", k.name(), a[i]).isEqualTo(Float.valueOf(expected));
            }
        }
    }
}

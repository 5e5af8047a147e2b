package org.jgrad.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.jgrad.core.kernels.Kernels;
import org.jgrad.core.kernels.ScalarKernels;
import org.junit.jupiter.api.Test;

/**
 * float32 sums accurate to about 1e-6 relative at any length, on the kernels this JVM runs and on the scalar ones
 * (issue 14: 1e7 times 0.1f summed to 998,501.25 on the vector kernels and 1,087,937 on the scalar ones). The
 * expected values are float64 sums written here: 0.1f is 0.100000001490116..., so n of them sum to
 * n * 0.100000001490116 (1e7: 1,000,000.0149; PyTorch 1.13 gives 999,999.4375 for
 * {@code torch.full((10_000_000,), 0.1).sum()}).
 */
class AccurateSumsTest {
    private static final double TENTH = 0.1f;

    private static float[] tenths(int n) {
        float[] x = new float[n];
        Arrays.fill(x, 0.1f);
        return x;
    }

    @Test
    void tenMillionTenthsSumToAMillionOnBothKernels() {
        float[] x = tenths(10_000_000);
        double exact = 10_000_000 * TENTH;
        for (Kernels k : new Kernels[] {Kernels.get(), new ScalarKernels()}) {
            assertThat((double) k.sum(x, 0, x.length)).as(k.name()).isCloseTo(exact, within(1e-6 * exact));
        }
        NDArray a = NDArray.of(x, Shape.of(x.length));
        assertThat(Reductions.sum(a).item()).isCloseTo(exact, within(1e-6 * exact));
        assertThat(Reductions.mean(a).item()).isCloseTo(TENTH, within(1e-6 * TENTH));
    }

    @Test
    void aMillionTenthsOnTheScalarKernels() {
        // issue 14: 0.96% off before
        float[] x = tenths(1_000_000);
        double exact = 1_000_000 * TENTH;
        assertThat((double) new ScalarKernels().sum(x, 0, x.length)).isCloseTo(exact, within(1e-6 * exact));
    }

    @Test
    void randomSignsAndLengthsAgreeWithFloat64Relative() {
        Random r = new Random(14);
        for (int n : new int[] {65, 4097, 300_001, 3_000_017}) {
            float[] x = new float[n];
            double sum = 0;
            double abs = 0;
            for (int i = 0; i < n; i++) {
                x[i] = (float) (1 + r.nextGaussian());  // mean 1: the sum grows with n, as a drifting one would
                sum += x[i];
                abs += Math.abs(x[i]);
            }
            for (Kernels k : new Kernels[] {Kernels.get(), new ScalarKernels()}) {
                assertThat((double) k.sum(x, 0, n)).as("%s n=%d", k.name(), n).isCloseTo(sum, within(1e-6 * abs));
            }
        }
    }

    @Test
    void sumsAlongADimensionAndBackToABroadcastShapeAreAccurate() {
        // (200000, 3) of 0.1f: each column sums to 200000 * 0.1f, down rows (inner = 3) and along rows
        int rows = 200_000;
        NDArray x = NDArray.of(tenths(rows * 3), Shape.of(rows, 3));
        double column = rows * TENTH;
        for (float v : Reductions.sum(x, 0, false).floats()) {
            assertThat((double) v).isCloseTo(column, within(1e-6 * column));
        }
        for (float v : Reductions.sumTo(x, Shape.of(3)).floats()) {
            assertThat((double) v).isCloseTo(column, within(1e-6 * column));
        }
        for (float v : Reductions.mean(x, 0, true).floats()) {
            assertThat((double) v).isCloseTo(TENTH, within(1e-6 * TENTH));
        }
        // a (rows, 1, 3) gradient summed to (1, 2, 3)... broadcast from (1, 1, 3): the generic path
        NDArray g = NDArray.of(tenths(rows * 2 * 3), Shape.of(rows, 2, 3));
        for (float v : Reductions.sumTo(g, Shape.of(2, 1)).floats()) {
            assertThat((double) v).isCloseTo(rows * 3 * TENTH, within(1e-6 * rows * 3 * TENTH));
        }
        NDArray wide = NDArray.of(tenths(3 * 1_000_000), Shape.of(3, 1_000_000));
        for (float v : Reductions.sum(wide, 1, false).floats()) {
            assertThat((double) v).isCloseTo(1_000_000 * TENTH, within(1e-6 * 1_000_000 * TENTH));
        }
    }

    @Test
    void logSoftmaxOverSixtyFiveThousandValuesMatchesFloat64() {
        // issue 14: off by 2.6e-5 on the scalar kernels. log softmax_i = (x_i - m) - log(sum_j e^(x_j - m)), built
        // from core's operations as autograd's LogSoftmax builds it, against the same formula in float64
        int n = 65_537;
        Random r = new Random(65_537);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        NDArray x = NDArray.of(v, Shape.of(1, n));
        NDArray shifted = Elementwise.sub(x, Reductions.max(x, 1, true));
        NDArray logSum = Elementwise.log(Reductions.sum(Elementwise.exp(shifted), 1, true));
        float[] got = Elementwise.sub(shifted, logSum).floats();
        double m = Double.NEGATIVE_INFINITY;
        for (float f : v) {
            m = Math.max(m, f);
        }
        double s = 0;
        for (float f : v) {
            s += Math.exp(f - m);
        }
        double ls = Math.log(s);
        for (int i = 0; i < n; i++) {
            double expected = v[i] - m - ls;
            // |expected| < 16, where a float32 ulp is 9.5e-7: three roundings (x - m, the log, the difference) and
            // the sum's error stay below 3e-6; the drifting sum was 2.6e-5 off
            assertThat((double) got[i]).as("element %d", i).isCloseTo(expected, within(3e-6));
        }
    }
}

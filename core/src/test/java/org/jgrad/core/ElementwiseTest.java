package org.jgrad.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.jgrad.core.kernels.Parallel;
import org.junit.jupiter.api.Test;

class ElementwiseTest {

    private static NDArray f32(Shape s, float... v) {
        return NDArray.of(v, s);
    }

    @Test
    void sameShapeScalarAndRowBroadcastGiveHandComputedValues() {
        NDArray x = f32(Shape.of(2, 3), 1, 2, 3, 4, 5, 6);
        assertThat(Elementwise.add(x, x).floats()).containsExactly(2, 4, 6, 8, 10, 12);
        assertThat(Elementwise.sub(x, f32(Shape.SCALAR, 1)).floats()).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(Elementwise.mul(x, f32(Shape.of(3), 10, 0, -1)).floats()).containsExactly(10, 0, -3, 40, 0, -6);
        // a column (2, 1) against (2, 3): the generic path
        assertThat(Elementwise.div(x, f32(Shape.of(2, 1), 1, 2)).floats()).containsExactly(1, 2, 3, 2, 2.5f, 3);
        // operand on the left broadcast
        assertThat(Elementwise.sub(f32(Shape.of(3), 1, 1, 1), x).floats()).containsExactly(0, -1, -2, -3, -4, -5);
    }

    @Test
    void float64RunsTheGenericLoopWithTheSameResults() {
        NDArray x = NDArray.of(new double[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3));
        NDArray b = NDArray.of(new double[] {10, 0, -1}, Shape.of(3));
        assertThat(Elementwise.mul(x, b).doubles()).containsExactly(10, 0, -3, 40, 0, -6);
        assertThat(Elementwise.exp(NDArray.of(new double[] {0, 1}, Shape.of(2))).doubles())
                .containsExactly(1.0, Math.E);
    }

    @Test
    void unaryOpsMatchTheirDefinitions() {
        NDArray z = f32(Shape.of(4), -2, 0, 0.5f, 3);
        float[] s = Elementwise.sigmoid(z).floats();
        float[] r = Elementwise.relu(z).floats();
        for (int i = 0; i < 4; i++) {
            double zi = z.get(i);
            assertThat((double) s[i]).isCloseTo(1 / (1 + Math.exp(-zi)), within(1e-7));
            assertThat((double) r[i]).isEqualTo(Math.max(zi, 0));
        }
        assertThat(Elementwise.neg(z).floats()).containsExactly(2, -0f, -0.5f, -3);
    }

    @Test
    void sigmoidSaturatesWithoutNaN() {
        float[] s = Elementwise.sigmoid(f32(Shape.of(2), -1e4f, 1e4f)).floats();
        assertThat(s).containsExactly(0f, 1f);
    }

    @Test
    void mixingDtypesIsAnErrorNamingBoth() {
        NDArray a = NDArray.zeros(DType.FLOAT32, Shape.of(2));
        NDArray b = NDArray.zeros(DType.FLOAT64, Shape.of(2));
        assertThatThrownBy(() -> Elementwise.add(NDArray.zeros(DType.FLOAT32, Shape.of(3, 4)),
                NDArray.zeros(DType.FLOAT32, Shape.of(5)))).hasMessageStartingWith("add: cannot broadcast shapes (3, 4) and (5,)");
        assertThatThrownBy(() -> Elementwise.add(a, b)).hasMessageContaining("float32")
                .hasMessageContaining("float64");
    }

    /**
     * Big float32 arrays are split across threads ({@link Elementwise#inRanges}): at two threads every element is
     * the same bits as on one, with a length that is not a multiple of any vector width, and the exact ops equal
     * their definitions element by element.
     */
    @Test
    void bigArraysSplitAcrossThreadsGiveTheSameBitsAsOneThread() {
        int n = 300_001;
        Random r = new Random(11);
        float[] a = new float[n];
        float[] b = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * 3);
            b[i] = (float) r.nextGaussian();
        }
        a[n - 1] = Float.NaN;
        NDArray x = NDArray.of(a, Shape.of(n));
        NDArray y = NDArray.of(b, Shape.of(n));
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[][] one = results(x, y);
            Parallel.setThreads(2);
            // the precondition: at two threads this length is split in two
            assertThat(Parallel.worthSplitting(4L * n)).isEqualTo(2);
            float[][] two = results(x, y);
            for (int op = 0; op < one.length; op++) {
                for (int i = 0; i < n; i++) {
                    assertThat(Float.floatToRawIntBits(two[op][i])).as("op %d element %d", op, i)
                            .isEqualTo(Float.floatToRawIntBits(one[op][i]));
                }
            }
            for (int i = 0; i < n - 1; i++) {
                assertThat(two[0][i]).isEqualTo(Math.max(a[i], 0f));
                assertThat(two[1][i]).isEqualTo(a[i] + b[i]);
                assertThat(two[2][i]).isEqualTo(a[i] * b[i]);
                assertThat(two[5][i]).isEqualTo(a[i] > 0 ? b[i] : 0f);
            }
            // the NaN in the last element, in the last range's scalar tail
            for (int op = 0; op < 5; op++) {
                assertThat(two[op][n - 1]).as("op %d", op).isNaN();
            }
            assertThat(two[5][n - 1]).isEqualTo(0f);
        } finally {
            Parallel.setThreads(before);
        }
    }

    /** relu, add, mul, exp, sigmoid and relu's backward of x (and y). */
    private static float[][] results(NDArray x, NDArray y) {
        return new float[][] {Elementwise.relu(x).floats(), Elementwise.add(x, y).floats(),
            Elementwise.mul(x, y).floats(), Elementwise.exp(x).floats(), Elementwise.sigmoid(x).floats(),
            ArrayOps.reluBackward(y, x).floats()};
    }
}

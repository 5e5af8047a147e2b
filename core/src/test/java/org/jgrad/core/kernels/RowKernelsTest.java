package org.jgrad.core.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code dots} and {@code axpys}, the row kernels of the fused logistic step, at the width this JVM runs
 * ({@code -Djgrad.vectorBits}, set by the build's width executions): against naive float64 loops, and bit for bit
 * against the scalar kernels and against their one-row forms ({@code dot}, {@code axpy}). Lengths sit around the
 * 64-lane chunk (63, 64, 65), one vector, logreg-wide's 1000 and logreg-minibatch's 784 (partial last chunks), past
 * a 4096-element block, and below one vector; rows odd and even. Each case runs on arrays that end exactly where
 * the data ends (the partial chunk is copied) and on arrays with room after it (read in place).
 */
class RowKernelsTest {
    private static final Kernels SCALAR = new ScalarKernels();
    private static final Kernels VECTOR = new VectorKernels();
    private static final int OFFSET = 3;

    /** {@code OFFSET} values, then n values, then {@code room} values, of mixed magnitudes (so order shows in bits). */
    private static float[] random(int n, int room, long seed) {
        Random r = new Random(seed);
        float[] v = new float[OFFSET + n + room];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * Math.exp(2 * r.nextGaussian()));
        }
        return v;
    }

    /** The float64 dot product of a's n values and row j of b, and the sum of the products' magnitudes. */
    private static double[] dotAndSize(float[] a, float[] b, int n, int j) {
        double dot = 0;
        double size = 0;
        for (int i = 0; i < n; i++) {
            double p = (double) a[OFFSET + i] * b[OFFSET + j * n + i];
            dot += p;
            size += Math.abs(p);
        }
        return new double[] {dot, size};
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "5, 2", "15, 3", "63, 2", "64, 5", "65, 4", "100, 7", "784, 3", "1000, 9", "4097, 2",
        "12289, 3", "12288, 4", "6144, 3", "128, 6", "4096, 3"})
    void dotsAgreeWithDoubleSumsAndWithDot(int n, int rows) {
        for (int room : new int[] {0, 64}) {
            float[] a = random(n, room, 31L * n + room);
            float[] b = random(rows * n, room, 17L * n + rows);
            float[] cv = new float[rows + 2];
            float[] cs = new float[rows + 2];
            cv[0] = 42f;
            VECTOR.dots(a, OFFSET, b, OFFSET, rows, n, cv, 1);
            SCALAR.dots(a, OFFSET, b, OFFSET, rows, n, cs, 1);
            assertThat(cv[0]).as("c before co").isEqualTo(42f);
            assertThat(cv[rows + 1]).as("c after the rows").isZero();
            for (int j = 0; j < rows; j++) {
                double[] exact = dotAndSize(a, b, n, j);
                double dot = exact[0];
                double size = exact[1];
                String what = "n=" + n + " row " + j + " room " + room;
                // float32 lanes of at most n / 64 + 1 terms each, then a 64-leaf tree: within a few ulps of sum |p|
                assertThat((double) cv[1 + j]).as(what).isCloseTo(dot, within(1.2e-7 * (n / 64 + 8) * size));
                assertThat(Float.floatToRawIntBits(cv[1 + j])).as(what + ": same bits as the scalar kernel")
                        .isEqualTo(Float.floatToRawIntBits(cs[1 + j]));
                assertThat(Float.floatToRawIntBits(cv[1 + j])).as(what + ": same bits as one dot")
                        .isEqualTo(Float.floatToRawIntBits(VECTOR.dot(a, OFFSET, b, OFFSET + j * n, n)));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "7, 3", "16, 4", "17, 5", "63, 8", "1000, 9", "1023, 4", "12288, 6", "1000, 19",
        "12300, 11"})
    void axpysAgreeWithDoubleSumsAndWithAxpyRowByRow(int n, int rows) {
        for (int room : new int[] {0, 64}) {
            float[] alpha = random(rows, 0, rows);
            float[] x = random(rows * n, room, 5L * n + rows);
            float[] y0 = random(n, room, 7L * n);
            float[] yv = y0.clone();
            float[] ys = y0.clone();
            float[] yOne = y0.clone();
            VECTOR.axpys(alpha, OFFSET, x, OFFSET, rows, n, yv, OFFSET);
            SCALAR.axpys(alpha, OFFSET, x, OFFSET, rows, n, ys, OFFSET);
            for (int r = 0; r < rows; r++) {
                VECTOR.axpy(alpha[OFFSET + r], x, OFFSET + r * n, yOne, OFFSET, n);
            }
            for (int i = 0; i < y0.length; i++) {
                boolean inside = i >= OFFSET && i < OFFSET + n;
                double expected = y0[i];
                double size = Math.abs(expected);
                for (int r = 0; inside && r < rows; r++) {
                    double t = (double) alpha[OFFSET + r] * x[OFFSET + r * n + i - OFFSET];
                    expected += t;
                    size += Math.abs(t);
                }
                String what = "n=" + n + " rows " + rows + " room " + room + " element " + i;
                // one rounding per row: within rows ulps of the sum of magnitudes; outside [OFFSET, OFFSET + n) untouched
                assertThat((double) yv[i]).as(what).isCloseTo(expected, within(1.2e-7 * (rows + 1) * size));
                assertThat(Float.floatToRawIntBits(yv[i])).as(what + ": same bits as the scalar kernel")
                        .isEqualTo(Float.floatToRawIntBits(ys[i]));
                assertThat(Float.floatToRawIntBits(yv[i])).as(what + ": same bits as one axpy per row")
                        .isEqualTo(Float.floatToRawIntBits(yOne[i]));
            }
        }
    }

    /**
     * The last, partial chunk of 64 read in place (the accumulators stay in registers, four 16-lane vectors at 512
     * bits and eight 8-lane ones at 256, and the chunk's lanes at or past the end are blended back): every split of
     * the chunk across the vectors (t = n mod 64 just below, at and above each vector boundary of either width, and
     * 0), with 0, 1, 12 (logreg-minibatch's 784) and 15 whole chunks before it. What follows the data is NaN and
     * infinity: a lane past the end that saw any operation would turn the dot into NaN. Room after b of 0 (the last
     * row's chunk is copied), 30 (for short rows, only the first rows have room: the rest take the general path), 64
     * and 200. Expected values: the float64 sum of the products, and the scalar kernel's bits (Summation's order).
     */
    @ParameterizedTest
    @CsvSource({"0, 1", "0, 7", "0, 8", "0, 9", "0, 15", "0, 16", "0, 17", "0, 23", "0, 24", "0, 25", "0, 31",
        "0, 32", "0, 33", "0, 39", "0, 40", "0, 41", "0, 47", "0, 48", "0, 49", "0, 55", "0, 56", "0, 57", "0, 63",
        "1, 0", "1, 1", "1, 8", "1, 16", "1, 33", "1, 48", "1, 57", "1, 63", "12, 16", "15, 0", "15, 40", "15, 49"})
    void partialLastChunksReadInPlaceLeaveTheLanesPastTheEndAlone(int chunks, int t) {
        int n = 64 * chunks + t;
        int rows = 3;
        for (int room : new int[] {0, 30, 64, 200}) {
            float[] a = random(n, room, 11L * n + room);
            float[] b = random(rows * n, room, 13L * n + room);
            for (int i = OFFSET + n; i < a.length; i++) {
                a[i] = i % 2 == 0 ? Float.NaN : Float.POSITIVE_INFINITY;
            }
            for (int i = OFFSET + rows * n; i < b.length; i++) {
                b[i] = i % 2 == 0 ? Float.NEGATIVE_INFINITY : Float.NaN;
            }
            float[] cv = new float[rows];
            VECTOR.dots(a, OFFSET, b, OFFSET, rows, n, cv, 0);
            float[] cs = new float[rows];
            SCALAR.dots(a, OFFSET, b, OFFSET, rows, n, cs, 0);
            for (int j = 0; j < rows; j++) {
                double[] exact = dotAndSize(a, b, n, j);
                double dot = exact[0];
                double size = exact[1];
                String what = "n=" + n + " row " + j + " room " + room;
                float one = VECTOR.dot(a, OFFSET, b, OFFSET + j * n, n);
                assertThat((double) one).as(what).isCloseTo(dot, within(1.2e-7 * (n / 64 + 8) * size));
                assertThat(Float.floatToRawIntBits(one)).as(what + ": dot, the scalar kernel's bits")
                        .isEqualTo(Float.floatToRawIntBits(SCALAR.dot(a, OFFSET, b, OFFSET + j * n, n)));
                assertThat(Float.floatToRawIntBits(cv[j])).as(what + ": dots, the scalar kernel's bits")
                        .isEqualTo(Float.floatToRawIntBits(cs[j]));
            }
        }
    }

    /** A NaN or an infinity inside the data reaches the dot product on every path (in place or copied). */
    @ParameterizedTest
    @CsvSource({"1000, 0", "1000, 999", "1000, 975", "64, 63", "17, 16", "130, 129"})
    void nanAndInfinityInsideTheDataPropagate(int n, int at) {
        for (int room : new int[] {0, 64}) {
            float[] a = random(n, room, n);
            float[] b = random(n, room, n + 1);
            b[OFFSET + at] = Float.NaN;
            assertThat(VECTOR.dot(a, OFFSET, b, OFFSET, n)).as("NaN at %d, room %d", at, room).isNaN();
            b[OFFSET + at] = Float.POSITIVE_INFINITY;
            a[OFFSET + at] = Math.abs(a[OFFSET + at]) + 1;
            // every other product is finite, so the sum is +infinity
            assertThat(VECTOR.dot(a, OFFSET, b, OFFSET, n)).as("+inf at %d, room %d", at, room)
                    .isEqualTo(Float.POSITIVE_INFINITY);
        }
    }
}

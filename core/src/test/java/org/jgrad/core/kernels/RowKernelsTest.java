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

    @ParameterizedTest
    @CsvSource({"1, 1", "5, 2", "15, 3", "63, 2", "64, 5", "65, 4", "100, 7", "784, 3", "1000, 9", "4097, 2",
        "12289, 3"})
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
                double dot = 0;
                double size = 0;
                for (int i = 0; i < n; i++) {
                    double p = (double) a[OFFSET + i] * b[OFFSET + j * n + i];
                    dot += p;
                    size += Math.abs(p);
                }
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
    @CsvSource({"1, 1", "7, 3", "16, 4", "17, 5", "63, 8", "1000, 9", "1023, 4", "12288, 6"})
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
}

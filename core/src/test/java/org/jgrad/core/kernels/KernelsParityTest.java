package org.jgrad.core.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Vector API kernels against the scalar ones, on lengths around the vector width (8 lanes on AVX2) and its
 * multiples, at an offset so that rows inside a larger array are exercised too.
 */
class KernelsParityTest {
    private static final Kernels SCALAR = new ScalarKernels();
    private static final Kernels VECTOR = new VectorKernels();
    private static final int OFFSET = 3;

    private static float[] random(int n, long seed, float low, float high) {
        Random r = new Random(seed);
        float[] a = new float[n + OFFSET];
        for (int i = 0; i < a.length; i++) {
            a[i] = low + (high - low) * r.nextFloat();
        }
        return a;
    }

    interface Unary {
        void run(Kernels k, float[] a, float[] out, int n);
    }

    interface Binary {
        void run(Kernels k, float[] a, float[] b, float[] out, int n);
    }

    private static void assertUnary(int n, Unary op, float low, float high, double relTol) {
        float[] a = random(n, n, low, high);
        float[] s = new float[n + OFFSET];
        float[] v = new float[n + OFFSET];
        op.run(SCALAR, a, s, n);
        op.run(VECTOR, a, v, n);
        for (int i = 0; i < n + OFFSET; i++) {
            assertThat((double) v[i]).as("element %d of %d", i, n).isCloseTo(s[i], within(relTol * (1 + Math.abs(s[i]))));
        }
    }

    private static void assertBinary(int n, Binary op) {
        float[] a = random(n, n, -3, 3);
        float[] b = random(n, n + 1000, 0.5f, 3);
        float[] s = new float[n + OFFSET];
        float[] v = new float[n + OFFSET];
        op.run(SCALAR, a, b, s, n);
        op.run(VECTOR, a, b, v, n);
        assertThat(v).containsExactly(s);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 8, 9, 15, 16, 17, 31, 1000, 1023})
    void elementwiseBinaryKernelsAgreeExactly(int n) {
        assertBinary(n, (k, a, b, o, len) -> k.add(a, OFFSET, b, OFFSET, o, OFFSET, len));
        assertBinary(n, (k, a, b, o, len) -> k.sub(a, OFFSET, b, OFFSET, o, OFFSET, len));
        assertBinary(n, (k, a, b, o, len) -> k.mul(a, OFFSET, b, OFFSET, o, OFFSET, len));
        assertBinary(n, (k, a, b, o, len) -> k.div(a, OFFSET, b, OFFSET, o, OFFSET, len));
        assertBinary(n, (k, a, b, o, len) -> k.addScalar(a, OFFSET, 2.5f, o, OFFSET, len));
        assertBinary(n, (k, a, b, o, len) -> k.mulScalar(a, OFFSET, -1.5f, o, OFFSET, len));
        assertBinary(n, (k, a, b, o, len) -> k.relu(a, OFFSET, o, OFFSET, len));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 8, 9, 15, 16, 17, 31, 1000, 1023})
    void reluBackwardPassesTheGradientWhereTheInputIsPositive(int n) {
        float[] x = random(n, n, -3, 3);
        float[] dz = random(n, n + 1000, 0.5f, 3);
        for (Kernels k : new Kernels[] {SCALAR, VECTOR}) {
            float[] out = new float[n + OFFSET];
            k.reluBackward(dz, OFFSET, x, OFFSET, out, OFFSET, n);
            for (int i = 0; i < n; i++) {
                // d relu(x)/dx = [x > 0]
                assertThat(out[OFFSET + i]).as(k.name()).isEqualTo(x[OFFSET + i] > 0 ? dz[OFFSET + i] : 0f);
            }
            assertThat(out[0]).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 8, 9, 15, 16, 17, 31, 1000, 1023})
    void transcendentalKernelsAgreeWithinAFewUlps(int n) {
        assertUnary(n, (k, a, o, len) -> k.exp(a, OFFSET, o, OFFSET, len), -20, 20, 1e-6);
        assertUnary(n, (k, a, o, len) -> k.log(a, OFFSET, o, OFFSET, len), 1e-3f, 1e3f, 1e-6);
        assertUnary(n, (k, a, o, len) -> k.sigmoid(a, OFFSET, o, OFFSET, len), -100, 100, 1e-6);
    }

    @org.junit.jupiter.api.Test
    void vectorExpHandlesTheEdgesAndStaysWithinTwoUlpsOverTheWholeRange() {
        // IEEE 754 exp: exp(0) = 1, exp(+inf) = +inf, exp(-inf) = 0, NaN stays NaN; exp(x) > Float.MAX_VALUE
        // (3.4028235e38) from x = 88.7228..., and rounds to 0 below about -103.97
        float[] edges = {0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 88.73f, -104f, 1f};
        float[] out = new float[edges.length];
        VECTOR.exp(edges, 0, out, 0, edges.length);
        assertThat(out[0]).isEqualTo(1f);
        assertThat(out[1]).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(out[2]).isZero();
        assertThat(out[3]).isNaN();
        assertThat(out[4]).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(out[5]).isZero();
        assertThat((double) out[6]).isCloseTo(Math.E, within(2.0 * Math.ulp((float) Math.E)));
        int n = 100_003;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = -87f + 175f * i / n; // normal results only: the ulp below is the result's
        }
        float[] e = new float[n];
        VECTOR.exp(x, 0, e, 0, n);
        for (int i = 0; i < n; i++) {
            float ref = (float) Math.exp(x[i]);
            assertThat((double) e[i]).as("exp(%s)", x[i]).isCloseTo(ref, within(2.0 * Math.ulp(ref)));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 8, 9, 15, 16, 17, 31, 1000, 1023})
    void reductionsAgreeWithADoubleSum(int n) {
        float[] a = random(n, n, -1, 1);
        float[] b = random(n, 7 * n + 1, -1, 1);
        double sum = 0;
        double dot = 0;
        for (int i = 0; i < n; i++) {
            sum += a[OFFSET + i];
            dot += (double) a[OFFSET + i] * b[OFFSET + i];
        }
        for (Kernels k : new Kernels[] {SCALAR, VECTOR}) {
            assertThat((double) k.sum(a, OFFSET, n)).as(k.name()).isCloseTo(sum, within(1e-5 * (n + 1)));
            assertThat((double) k.dot(a, OFFSET, b, OFFSET, n)).as(k.name()).isCloseTo(dot, within(1e-5 * (n + 1)));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 8, 9, 15, 16, 17, 31, 1000, 1023})
    void dotsOfOneRowAgainstSeveralAgreeWithDoubleSums(int n) {
        int rows = 7; // a group of four and three single rows
        float[] a = random(n, 3 * n + 2, -1, 1);
        float[] b = random(rows * n, 11 * n + 5, -1, 1);
        for (Kernels k : new Kernels[] {SCALAR, VECTOR}) {
            float[] c = new float[rows + 2];
            c[0] = 42f;
            k.dots(a, OFFSET, b, OFFSET, rows, n, c, 1);
            assertThat(c[0]).as("%s: c before co", k.name()).isEqualTo(42f);
            assertThat(c[rows + 1]).as("%s: c after the rows", k.name()).isZero();
            for (int j = 0; j < rows; j++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += (double) a[OFFSET + i] * b[OFFSET + j * n + i];
                }
                assertThat((double) c[1 + j]).as("%s row %d", k.name(), j).isCloseTo(dot, within(1e-5 * (n + 1)));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 8, 9, 15, 16, 17, 31, 1000, 1023})
    void axpyAndFillAgree(int n) {
        float[] x = random(n, n, -1, 1);
        float[] ys = random(n, n + 5, -1, 1);
        float[] yv = ys.clone();
        float[] expected = ys.clone();
        for (int i = 0; i < n; i++) {
            expected[OFFSET + i] = ys[OFFSET + i] + 0.75f * x[OFFSET + i];
        }
        SCALAR.axpy(0.75f, x, OFFSET, ys, OFFSET, n);
        VECTOR.axpy(0.75f, x, OFFSET, yv, OFFSET, n);
        for (int i = 0; i < n + OFFSET; i++) {
            assertThat((double) ys[i]).isCloseTo(expected[i], within(1e-6));
            assertThat((double) yv[i]).isCloseTo(expected[i], within(1e-6));
        }
        VECTOR.fill(yv, OFFSET, 4f, n);
        for (int i = 0; i < n; i++) {
            assertThat(yv[OFFSET + i]).isEqualTo(4f);
        }
        assertThat(yv[0]).isEqualTo(ys[0]);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 9, 17, 33})
    void matmulInAllFourTransposeFormsMatchesANaiveDoubleProduct(int size) {
        int m = size;
        int k = size + 3;
        int n = Math.max(1, size - 1);
        Random r = new Random(size);
        double[][] a = new double[m][k];
        double[][] b = new double[k][n];
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextGaussian();
            }
        }
        for (double[] row : b) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextGaussian();
            }
        }
        Function<Boolean, float[]> storeA = t -> store(a, t);
        Function<Boolean, float[]> storeB = t -> store(b, t);
        for (Kernels kern : new Kernels[] {SCALAR, VECTOR}) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    float[] c = new float[m * n];
                    kern.matmul(storeA.apply(ta), ta, storeB.apply(tb), tb, c, m, k, n);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double expected = 0;
                            for (int p = 0; p < k; p++) {
                                expected += a[i][p] * b[p][j];
                            }
                            assertThat((double) c[i * n + j]).as("%s transA=%s transB=%s (%d,%d)", kern.name(), ta,
                                    tb, i, j).isCloseTo(expected, within(1e-4 * (1 + Math.abs(expected))));
                        }
                    }
                }
            }
        }
    }

    /** Row-major storage of a matrix, or of its transpose. */
    private static float[] store(double[][] x, boolean transposed) {
        int rows = x.length;
        int cols = x[0].length;
        float[] out = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[transposed ? j * rows + i : i * cols + j] = (float) x[i][j];
            }
        }
        return out;
    }
}

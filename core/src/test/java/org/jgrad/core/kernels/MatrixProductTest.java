package org.jgrad.core.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The matrix product in both kernel implementations, every transpose combination, against a naive float64
 * product written here. Sizes cross the packed kernel's edges: its register tiles (1, 5, 7, 17, 33; more in
 * {@link #TILE_EDGES}), its cache blocks (145, 257), and the matrix-vector shapes (n = 1).
 */
class MatrixProductTest {
    private static final int[][] SIZES = {
        {1, 1, 1}, {1, 7, 1}, {5, 1, 3}, {7, 9, 17}, {6, 16, 16}, {13, 5, 1}, {33, 257, 31}, {145, 20, 18},
        {17, 300, 1}, {2, 3, 70}, {40, 31, 130}, {0, 3, 4}, {3, 0, 4},
        {9, 800, 1030}, // three depth blocks and two column blocks in VectorGemm
        {20, 256, 10}, // mlp's output layer: with B transposed, rows of dot products (groups of four and the rest)
        {150, 70, 33}, // two row blocks in VectorGemm, the second a whole strip and a part strip
    };

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Kernels k : List.of(new ScalarKernels(), new VectorKernels())) {
            for (int[] s : SIZES) {
                for (int t = 0; t < 4; t++) {
                    out.add(Arguments.of(k.name(), k, s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0));
                }
            }
        }
        return out.stream();
    }

    static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    /** C[i][j] = sum_p op(A)[i][p] op(B)[p][j] in float64, indexing the stored layouts directly. */
    static double[] naive(float[] a, boolean ta, float[] b, boolean tb, int m, int k, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    @ParameterizedTest(name = "{0} ({2}x{3})@({3}x{4}) transA={5} transB={6}")
    @MethodSource("cases")
    void matchesFloat64Reference(String name, Kernels kernels, int m, int k, int n, boolean ta, boolean tb) {
        float[] a = random(m * k, 11);
        float[] b = random(k * n, 12);
        float[] c = random(m * n, 13); // garbage that must be overwritten
        kernels.matmul(a, ta, b, tb, c, m, k, n);
        double[] expected = naive(a, ta, b, tb, m, k, n);
        for (int i = 0; i < m * n; i++) {
            // each term is a product of two N(0,1) floats: rounding error about sqrt(k) * 2^-24 * |terms|
            assertThat((double) c[i]).as("C[%d]", i).isCloseTo(expected[i], within(1e-5 * (k + 1)));
        }
    }

    /**
     * Shapes around the register tiles of {@link VectorGemm} (m x k x n): 8 x 2L at 512 bits with its 4-row last
     * strip, 4 x 2L below (2L = 32, 16 or 8 columns), m and n smaller than one tile, one more than a tile and one
     * short of it, k short of, at and past the 8-step register transpose and across depth blocks (385 = 193 + 192),
     * and m past the row blocks (96 rows at 512 bits, 144 below) with a 4-row and a 5-row remainder. Depths past
     * one pass of the packed kernel at 512 bits (three blocks of at most 384): 1200 = 4 x 300 (a pass of three
     * blocks, then one) and 1537 = 5 x 308 - 3 (a pass of three blocks, then two, the last one short), with a 4-row
     * strip (12 = 8 + 4).
     */
    private static final int[][] TILE_EDGES = {
        {1, 1, 1}, {3, 7, 5}, {4, 8, 8}, {5, 9, 16}, {7, 15, 17}, {8, 16, 31}, {9, 17, 32}, {12, 23, 33},
        {13, 385, 47}, {4, 3, 64}, {20, 40, 65}, {292, 24, 40}, {293, 9, 20}, {36, 2, 100},
        {100, 24, 40}, {101, 9, 20}, {12, 1200, 47}, {13, 1537, 33},
        // a last column strip packed from rows of a transposed B by whole 8 x 8 transposes and a rest: conv1's
        // weight gradient (16 x 25, depth the batch's pixels), and 57 = 32 + 25 (512 bits) = 48 + 9 (256 bits)
        {16, 800, 25}, {9, 100, 57},
        // the 12-row tile at 512 bits: a block of whole strips, then a last strip of 8, 4 or 9-11 rows (padded), a
        // second block of rows (140 = 128 + 12), depths with and without a rest of 16 steps
        {12, 48, 32}, {20, 33, 40}, {16, 17, 33}, {23, 64, 20}, {128, 40, 64}, {140, 31, 33}, {35, 1153, 17},
    };

    static Stream<Arguments> tileEdges() {
        List<Arguments> out = new ArrayList<>();
        for (int[] s : TILE_EDGES) {
            for (int t = 0; t < 4; t++) {
                out.add(Arguments.of(s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0));
            }
        }
        return out.stream();
    }

    /**
     * One rectangle of C through {@link Kernels#gemmTile}: inside it the float64 product (to rounding) and exactly
     * the scalar kernels' bits, outside it C untouched. The rectangle starts past row and column 0, so that the
     * packed blocks start inside A and B, and ends one short of m and n where there is room.
     */
    @ParameterizedTest(name = "({0}x{1})@({1}x{2}) transA={3} transB={4}")
    @MethodSource("tileEdges")
    void tileEdgesMatchFloat64AndTheScalarBits(int m, int k, int n, boolean ta, boolean tb) {
        float[] a = random(m * k, 21);
        float[] b = random(k * n, 22);
        double[] expected = naive(a, ta, b, tb, m, k, n);
        int[][] rectangles = {{0, m, 0, n}, {m / 3, Math.max(m / 3 + 1, m - 1), n / 4, Math.max(n / 4 + 1, n - 1)}};
        for (int[] r : rectangles) {
            float[] cv = new float[m * n];
            float[] cs = new float[m * n];
            java.util.Arrays.fill(cv, Float.NaN);
            java.util.Arrays.fill(cs, Float.NaN);
            MatrixProduct pv = new MatrixProduct(a, ta, b, tb, cv, m, k, n);
            new VectorKernels().gemmTile(pv, r[0], r[1], r[2], r[3]);
            new ScalarKernels().gemmTile(new MatrixProduct(a, ta, b, tb, cs, m, k, n), r[0], r[1], r[2], r[3]);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int at = i * n + j;
                    if (i < r[0] || i >= r[1] || j < r[2] || j >= r[3]) {
                        assertThat(cv[at]).as("C[%d, %d] outside %s", i, j, java.util.Arrays.toString(r)).isNaN();
                        continue;
                    }
                    assertThat((double) cv[at]).as("C[%d, %d]", i, j).isCloseTo(expected[at], within(1e-5 * (k + 1)));
                    assertThat(Float.floatToRawIntBits(cv[at])).as("bits of C[%d, %d]", i, j)
                            .isEqualTo(Float.floatToRawIntBits(cs[at]));
                }
            }
        }
    }

    @Test
    void twoThreadsGiveTheSameValuesAsOne() {
        int[][] shapes = {{300, 200, 180}, {50, 300, 400}, {2000, 300, 1}, {400, 3000, 1}};
        for (Kernels kernels : List.of(new ScalarKernels(), new VectorKernels())) {
            for (int[] s : shapes) {
                for (boolean ta : new boolean[] {false, true}) {
                    int m = s[0];
                    int k = s[1];
                    int n = s[2];
                    float[][] c = onOneAndTwoThreads(kernels, random(m * k, 1), ta, random(k * n, 2), m, k, n);
                    float[] one = c[0];
                    float[] two = c[1];
                    // each element is computed by the same loop either way; only the Vector API's lane-reduction
                    // order may differ between the interpreter and compiled code, hence a rounding-sized tolerance
                    for (int i = 0; i < m * n; i++) {
                        assertThat(two[i]).as("%s %s transA=%s C[%d]", kernels.name(), java.util.Arrays.toString(s),
                                ta, i).isCloseTo(one[i], within(1e-4f * (1 + Math.abs(one[i]))));
                    }
                }
            }
        }
    }

    /**
     * A product just over {@link MatrixProduct#C_IN_CACHE} (600 x 500 = 300,000 floats of C) with a depth between the
     * two block limits (420: one block of {@link MatrixProduct#KC_LARGE}, two of {@link MatrixProduct#KC}). Split
     * across two threads, each part (300 x 500) is under the limit; had a part picked its depth blocks by its own
     * size, its elements would be other sums than one thread's.
     */
    @Test
    void aLargeProductKeepsItsBitsOnTwoThreads() {
        int m = 600;
        int k = 420;
        int n = 500;
        float[] a = random(m * k, 5);
        float[] b = random(k * n, 6);
        assertThat(new MatrixProduct(a, false, b, false, new float[m * n], m, k, n).depthBlock()).isEqualTo(420);
        assertThat(new MatrixProduct(a, false, b, false, new float[300 * n], 300, k, n).depthBlock()).isEqualTo(210);
        for (Kernels kernels : List.of(new ScalarKernels(), new VectorKernels())) {
            float[][] c = onOneAndTwoThreads(kernels, a, false, b, m, k, n);
            assertThat(java.util.Arrays.mismatch(c[0], c[1])).as("%s: first element that differs", kernels.name())
                    .isEqualTo(-1);
        }
    }

    /** {@code op(A) B} on one thread and on two (checked to split it): the two results. */
    private static float[][] onOneAndTwoThreads(Kernels kernels, float[] a, boolean ta, float[] b, int m, int k,
            int n) {
        float[] one = new float[m * n];
        float[] two = new float[m * n];
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            kernels.matmul(a, ta, b, false, one, m, k, n);
            Parallel.setThreads(2);
            assertThat(Parallel.worthSplitting(2L * m * k * n)).isEqualTo(2);
            kernels.matmul(a, ta, b, false, two, m, k, n);
        } finally {
            Parallel.setThreads(before);
        }
        return new float[][] {one, two};
    }

    @Test
    void tooSmallArraysAreNamed() {
        assertThatThrownBy(() -> new MatrixProduct(new float[5], false, new float[6], false, new float[4], 2, 3, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("matmul: (2x3) @ (3x2) needs arrays of 6, 6 and 4 floats, got 5, 6 and 4");
    }

    @Test
    void parallelForEachRunsEveryPartOnce() {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(2);
            int[] hits = new int[7];
            Parallel.forEach(7, part -> hits[part]++);
            assertThat(hits).containsOnly(1);
            assertThat(Parallel.start(10, 3, 0)).isZero();
            assertThat(Parallel.start(10, 3, 3)).isEqualTo(10);
        } finally {
            Parallel.setThreads(before);
        }
        assertThatThrownBy(() -> Parallel.setThreads(0)).hasMessage("threads: expected a number >= 1, got 0");
    }
}

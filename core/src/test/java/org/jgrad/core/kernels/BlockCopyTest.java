package org.jgrad.core.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The data-movement kernels of the convolution's unfolding ({@link Kernels#copyBlock}, {@link Kernels#addBlock},
 * {@link Kernels#copyRuns}), vector and scalar, at the width this JVM runs (the build repeats this class at 128,
 * 256 and 512 bits), against plain loops written here from the Javadoc formulas. Every destination starts as a
 * sentinel, so a write outside the block (a whole-vector store whose extra lanes were not overwritten, or a tail
 * past the row) shows. Run lengths cross the vector lengths 4, 8 and 16: 1, 5 (a 5 x 5 kernel's row), 8, 14 (the
 * benchmark's 14 x 14 maps), 16, 17 and 33.
 */
class BlockCopyTest {
    private static final float SENTINEL = -12345.5f;

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static float[] sentinels(int n) {
        float[] d = new float[n];
        java.util.Arrays.fill(d, SENTINEL);
        return d;
    }

    @ParameterizedTest(name = "rows {0} n {1}")
    @CsvSource({"1, 1", "3, 5", "14, 14", "2, 16", "5, 17", "4, 33", "7, 8"})
    void copyAndAddBlocksMoveExactlyTheBlock(int rows, int n) {
        int sStep = n + 4;
        int dStep = n + 3;
        // the block ends at the very end of s: a tail read past it would throw or take the slow path
        float[] s = random(2 + (rows - 1) * sStep + n, 31L * rows + n);
        for (Kernels k : new Kernels[] {new VectorKernels(), new ScalarKernels()}) {
            float[] copy = sentinels(1 + rows * dStep);
            float[] sum = random(copy.length, 7);
            float[] expectedCopy = copy.clone();
            float[] expectedSum = sum.clone();
            for (int r = 0; r < rows; r++) {
                for (int t = 0; t < n; t++) {
                    expectedCopy[1 + r * dStep + t] = s[2 + r * sStep + t];
                    expectedSum[1 + r * dStep + t] += s[2 + r * sStep + t];
                }
            }
            k.copyBlock(s, 2, sStep, copy, 1, dStep, rows, n);
            k.addBlock(s, 2, sStep, sum, 1, dStep, rows, n);
            assertThat(copy).as("%s copyBlock", k.name()).containsExactly(expectedCopy);
            assertThat(sum).as("%s addBlock", k.name()).containsExactly(expectedSum);
        }
    }

    @ParameterizedTest(name = "runs {0} n {1}")
    @CsvSource({"1, 5", "80, 5", "5, 5", "3, 1", "16, 8", "4, 14", "2, 17", "3, 33", "25, 3"})
    void copyRunsGathersTheRunsIntoOneRow(int runs, int n) {
        int[] starts = new int[runs];
        Random r = new Random(runs * 7L + n);
        for (int i = 0; i < runs; i++) {
            starts[i] = r.nextInt(40);
        }
        // one run may end at the last element of s, so loads near the end are exercised
        starts[runs - 1] = 40;
        float[] s = random(3 + 40 + n, n);
        for (Kernels k : new Kernels[] {new VectorKernels(), new ScalarKernels()}) {
            float[] d = sentinels(2 + runs * n + 20);
            float[] expected = d.clone();
            for (int i = 0; i < runs; i++) {
                for (int t = 0; t < n; t++) {
                    expected[2 + i * n + t] = s[3 + starts[i] + t];
                }
            }
            k.copyRuns(s, 3, starts, runs, n, d, 2);
            assertThat(d).as("%s copyRuns", k.name()).containsExactly(expected);
        }
    }
}

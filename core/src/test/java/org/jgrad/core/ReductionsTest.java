package org.jgrad.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.jgrad.core.kernels.Parallel;
import org.junit.jupiter.api.Test;

class ReductionsTest {
    private final NDArray x = NDArray.of(new float[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3));

    @Test
    void sumAndMeanOfAllElements() {
        assertThat(Reductions.sum(x).item()).isEqualTo(21.0);
        assertThat(Reductions.mean(x).item()).isEqualTo(3.5);
    }

    @Test
    void sumAlongEachDimension() {
        assertThat(Reductions.sum(x, 0, false).floats()).containsExactly(5, 7, 9);
        assertThat(Reductions.sum(x, 1, false).floats()).containsExactly(6, 15);
        assertThat(Reductions.sum(x, 1, true).shape()).isEqualTo(Shape.of(2, 1));
        assertThat(Reductions.mean(x, 0, true).floats()).containsExactly(2.5f, 3.5f, 4.5f);
    }

    @Test
    void sumAlongTheMiddleOfThreeDimensionsInBothDtypes() {
        // x[i, j, k] = 100 i + 10 j + k over (2, 3, 2); sum over j: 3 * (100 i + k) + 10 * (0 + 1 + 2)
        float[] v = new float[12];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 2; k++) {
                    v[i * 6 + j * 2 + k] = 100 * i + 10 * j + k;
                }
            }
        }
        NDArray a = NDArray.of(v, Shape.of(2, 3, 2));
        float[] expected = {30, 33, 330, 333};
        assertThat(Reductions.sum(a, 1, false).floats()).containsExactly(expected);
        assertThat(Reductions.sum(a.to(DType.FLOAT64), 1, false).doubles()).containsExactly(30, 33, 330, 333);
    }

    @Test
    void sumToUndoesEachKindOfBroadcast() {
        assertThat(Reductions.sumTo(x, Shape.of(3)).floats()).containsExactly(5, 7, 9);
        assertThat(Reductions.sumTo(x, Shape.of(1, 3)).floats()).containsExactly(5, 7, 9);
        assertThat(Reductions.sumTo(x, Shape.of(2, 1)).floats()).containsExactly(6, 15);
        assertThat(Reductions.sumTo(x, Shape.SCALAR).item()).isEqualTo(21.0);
        assertThat(Reductions.sumTo(x, Shape.of(2, 3))).isSameAs(x);
    }

    /**
     * A sum over the first dimension of a big array (a conv bias's gradient: 64 maps of 16 x 28 x 28) splits its
     * columns across threads: the same bits at two threads as at one, each column within float32 rounding of its
     * float64 sum, a NaN confined to its column.
     */
    @Test
    void bigColumnSumsSplitAcrossThreadsGiveTheSameBits() {
        int rows = 64;
        int width = 16 * 28 * 28 + 5;
        float[] v = new float[rows * width];
        Random r = new Random(5);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        v[7 * width + 300] = Float.NaN;
        NDArray a = NDArray.of(v, Shape.of(rows, width));
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[] one = Reductions.sum(a, 0, false).floats();
            Parallel.setThreads(2);
            assertThat(Parallel.worthSplitting(4L * rows * width)).isEqualTo(2);
            float[] two = Reductions.sum(a, 0, false).floats();
            for (int j = 0; j < width; j++) {
                assertThat(Float.floatToRawIntBits(two[j])).as("column %d", j)
                        .isEqualTo(Float.floatToRawIntBits(one[j]));
                double exact = 0;
                double magnitude = 0;
                for (int i = 0; i < rows; i++) {
                    exact += v[i * width + j];
                    magnitude += Math.abs(v[i * width + j]);
                }
                if (j == 300) {
                    assertThat(two[j]).isNaN();
                } else {
                    // a float32 sum of 64 terms: within (64 - 1) ulp(1) / 2 of their magnitude, and the float rounding
                    assertThat((double) two[j]).isCloseTo(exact,
                            org.assertj.core.api.Assertions.within(63 * 0x1p-24 * magnitude + Math.ulp((float) exact)));
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    /**
     * A bias gradient's column sums do not depend on how many columns sit beside them: the sums of a few columns
     * alone (short rows, added in a plain loop) have the bits of the same columns' sums inside a wider array (added
     * by the kernels), for widths below, at and above 32, with a NaN confined to its column.
     */
    @Test
    void shortRowsSumToTheBitsOfTheSameColumnsInAWideArray() {
        int rows = 300;
        int wide = 40;
        float[] v = new float[rows * wide];
        Random r = new Random(9);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * Math.exp(4 * r.nextGaussian()));
        }
        v[17 * wide + 2] = Float.NaN;
        float[] all = Reductions.sumTo(NDArray.of(v, Shape.of(rows, wide)), Shape.of(wide)).floats();
        for (int width : new int[] {1, 3, 10, 31, 32, 33}) {
            float[] part = new float[rows * width];
            for (int i = 0; i < rows; i++) {
                System.arraycopy(v, i * wide, part, i * width, width);
            }
            float[] sums = Reductions.sumTo(NDArray.of(part, Shape.of(rows, width)), Shape.of(width)).floats();
            for (int j = 0; j < width; j++) {
                assertThat(Float.floatToRawIntBits(sums[j])).as("width %d, column %d: %s against %s", width, j,
                        sums[j], all[j]).isEqualTo(Float.floatToRawIntBits(all[j]));
            }
            if (width > 2) {
                assertThat(sums[2]).isNaN();
                assertThat(sums[1]).isNotNaN();
            }
        }
    }

    /**
     * Column sums wider than {@link Reductions#COLUMN_CHUNK} run a chunk of columns at a time: every column has the
     * bits of the same column summed beside a column of zeros (the plain loop), across chunk boundaries, with more
     * rows than one float32 block and a NaN confined to its column.
     */
    @Test
    void wideColumnSumsInChunksGiveTheBitsOfEachColumnAlone() {
        int rows = 150;
        int width = 2 * Reductions.COLUMN_CHUNK + 37;
        float[] v = new float[rows * width];
        Random r = new Random(13);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * Math.exp(3 * r.nextGaussian()));
        }
        v[70 * width + Reductions.COLUMN_CHUNK] = Float.NaN;
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[] all = Reductions.sumTo(NDArray.of(v, Shape.of(rows, width)), Shape.of(width)).floats();
            // column j beside a column of zeros: two columns, added in the plain loop (one alone is a whole sum)
            for (int j = 0; j < width; j++) {
                float[] pair = new float[2 * rows];
                for (int i = 0; i < rows; i++) {
                    pair[2 * i] = v[i * width + j];
                }
                float alone = Reductions.sumTo(NDArray.of(pair, Shape.of(rows, 2)), Shape.of(2)).floats()[0];
                assertThat(Float.floatToRawIntBits(all[j])).as("column %d: %s against %s", j, all[j], alone)
                        .isEqualTo(Float.floatToRawIntBits(alone));
            }
            assertThat(all[Reductions.COLUMN_CHUNK]).isNaN();
            assertThat(all[Reductions.COLUMN_CHUNK - 1]).isNotNaN();
            assertThat(all[Reductions.COLUMN_CHUNK + 1]).isNotNaN();
        } finally {
            Parallel.setThreads(before);
        }
    }
}

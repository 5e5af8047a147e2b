package org.jgrad.core.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Kernels#gatherRows} on the vector kernel (at the width this run forces: 128, 256 or 512 bits) and on the
 * scalar kernel: every output row is the source row its index names, for row widths below, at and past a vector
 * and not a multiple of it, for counts that are and are not multiples of the eight and the four rows copied side by
 * side, with repeated indices, from an offset into the index, into the output from its start and from an offset;
 * nothing before that offset or past the {@code count} rows is written.
 */
class RowGatherTest {
    private static final Kernels SCALAR = new ScalarKernels();
    private static final Kernels VECTOR = new VectorKernels();

    @ParameterizedTest
    @CsvSource({"1, 5", "3, 9", "7, 4", "8, 8", "15, 6", "16, 13", "17, 5", "31, 11", "32, 4", "33, 7", "64, 9",
        "100, 12", "784, 10", "785, 3", "16, 0", "784, 1", "784, 64", "33, 15", "17, 20", "785, 27", "16, 8"})
    void everyRowIsTheRowItsIndexNames(int width, int count) {
        int m = 37;
        float[] src = new float[m * width];
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < width; c++) {
                src[r * width + c] = r * 10000 + c;
            }
        }
        Random random = new Random(31L * width + count);
        int from = 2;
        int[] rows = new int[from + count + 1];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = random.nextInt(m);
        }
        if (count > 1) {
            rows[from + 1] = rows[from]; // a repeated index
        }
        for (Kernels kernels : new Kernels[] {VECTOR, SCALAR}) {
            for (int to : new int[] {0, 3}) {
                float[] out = new float[to + (count + 1) * width];
                java.util.Arrays.fill(out, -1f);
                kernels.gatherRows(src, rows, from, count, width, out, to);
                for (int i = 0; i < count; i++) {
                    for (int c = 0; c < width; c++) {
                        assertThat(out[to + i * width + c]).as("%s into %d: row %d, column %d", kernels.name(), to, i,
                                c).isEqualTo(rows[from + i] * 10000f + c);
                    }
                }
                for (int c = 0; c < to; c++) {
                    assertThat(out[c]).as("%s: before the rows", kernels.name()).isEqualTo(-1f);
                }
                for (int c = 0; c < width; c++) {
                    assertThat(out[to + count * width + c]).as("%s: past the rows", kernels.name()).isEqualTo(-1f);
                }
            }
        }
    }
}

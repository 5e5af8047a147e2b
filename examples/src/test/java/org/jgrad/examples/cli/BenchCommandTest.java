package org.jgrad.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void listNamesEveryWorkloadOfTheReferenceScript() {
        String[] r = run("bench", "--list");
        assertThat(r[0]).isEqualTo("0");
        for (String name : new String[] {"logreg-digits", "logreg-cat", "logreg-wide", "logreg-big",
            "logreg-minibatch", "mlp", "cnn", "sgemm-1024", "sgemm-2048"}) {
            assertThat(r[1]).containsPattern("(?m)^" + name + " ");
        }
    }

    @Test
    void anUnknownWorkloadIsAUsageError() {
        String[] r = run("bench", "logreg-huge");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("unknown workload 'logreg-huge', expected one of logreg-digits, logreg-cat");
    }

    @Test
    void gatherCopiesTheChosenRowsInOrder() {
        // row r of src holds r*10, r*10 + 1, r*10 + 2
        float[] v = new float[5 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i / 3) * 10 + i % 3;
        }
        NDArray dst = NDArray.of(new float[2 * 3], Shape.of(2, 3));
        BenchCommand.gather(NDArray.of(v, Shape.of(5, 3)), new int[] {9, 4, 1, 7}, 1, dst);
        assertThat(dst.floats()).containsExactly(40, 41, 42, 10, 11, 12);
    }

    @Test
    void aChunkOfBatchesGatheredOnTwoThreadsHoldsEachBatchsRows() {
        // row r of X holds r*10, r*10 + 1; y[r] = r. Seven batches of three rows from a permutation of 25 rows,
        // gathered in one chunk of batches 1..7 (the last one short) with the batches split over two threads
        int rows = 25;
        float[] xv = new float[rows * 2];
        float[] yv = new float[rows];
        for (int r = 0; r < rows; r++) {
            xv[2 * r] = r * 10;
            xv[2 * r + 1] = r * 10 + 1;
            yv[r] = r;
        }
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = (i * 7 + 3) % rows;
        }
        BenchCommand.Batch[] buffers = new BenchCommand.Batch[8];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = BenchCommand.Batch.of(i == 7 ? 1 : 3, 2);
        }
        int before = org.jgrad.core.kernels.Parallel.threads();
        org.jgrad.core.kernels.Parallel.setThreads(2);
        try {
            BenchCommand.gatherChunk(NDArray.of(xv, Shape.of(rows, 2)), NDArray.of(yv, Shape.of(rows, 1)), order, 1,
                    7, 3, b -> buffers[b]);
        } finally {
            org.jgrad.core.kernels.Parallel.setThreads(before);
        }
        assertThat(buffers[0].x().floats()).as("batch 0 is not in the chunk").containsOnly(0f);
        for (int b = 1; b <= 7; b++) {
            float[] x = buffers[b].x().floats();
            float[] y = buffers[b].y().floats();
            for (int i = 0; i < y.length; i++) {
                int row = order[b * 3 + i];
                assertThat(y[i]).as("batch %d, row %d", b, i).isEqualTo(row);
                assertThat(x[2 * i]).isEqualTo(row * 10);
                assertThat(x[2 * i + 1]).isEqualTo(row * 10 + 1);
            }
        }
    }
}

package org.jgrad.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void theBatchRingHandsOverEveryBatchWholeAndInOrder() throws InterruptedException {
        // the gathering thread writes batch number b into every value of its buffer, with uneven pauses on both
        // sides; the training side must see each batch complete, and never a buffer already refilled
        BatchRing ring = new BatchRing(4, 8, 16);
        int batches = 20_000;
        java.util.Random pauses = new java.util.Random(7);
        ring.reset();
        Thread gatherer = Thread.ofPlatform().start(() -> ring.produce(batches, b -> {
            float[] x = ring.slot(b).x().floats();
            for (int i = 0; i < x.length; i++) {
                x[i] = b;
                if (i % 37 == b % 37) {
                    Thread.onSpinWait();
                }
            }
        }));
        int wrong = 0;
        for (int b = 0; b < batches; b++) {
            ring.await(b);
            float[] x = ring.slot(b).x().floats();
            for (int spin = pauses.nextInt(50); spin > 0; spin--) {
                Thread.onSpinWait();
            }
            for (float value : x) {
                if (value != b) {
                    wrong++;
                }
            }
            ring.release(b);
        }
        gatherer.join();
        assertThat(wrong).as("values not from the batch being trained on").isZero();
    }

    @Test
    void aFailedGatherStopsTheTrainingSideInsteadOfHangingIt() throws InterruptedException {
        BatchRing ring = new BatchRing(2, 1, 1);
        ring.reset();
        Thread gatherer = Thread.ofPlatform().start(() -> ring.produce(10, b -> {
            if (b == 3) {
                throw new IndexOutOfBoundsException("row 70000 is out of range for 60000 rows");
            }
        }));
        for (int b = 0; b < 3; b++) {
            ring.await(b);
            ring.release(b);
        }
        assertThatThrownBy(() -> ring.await(3)).isInstanceOf(IllegalStateException.class)
                .hasMessage("gathering batch 3 failed")
                .hasRootCauseMessage("row 70000 is out of range for 60000 rows");
        gatherer.join();
    }
}

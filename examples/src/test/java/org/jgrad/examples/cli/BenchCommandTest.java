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
    void peakIsListedButRunsOnlyWhenNamed() {
        String[] list = run("bench", "--list");
        assertThat(list[1]).containsPattern("(?m)^peak +the machine's limit: GFLOP/s of independent FMAs");
        String[] r = run("bench", "peak");
        assertThat(r[0]).isEqualTo("0");
        // the line's form (the value itself is a measurement, not checked here; FmaPeakTest checks the loop's sum)
        assertThat(r[1]).containsPattern("(?m)^workload=peak engine=jgrad ms=[0-9.]+ unit=iter gflops=[0-9.]+$");
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
}

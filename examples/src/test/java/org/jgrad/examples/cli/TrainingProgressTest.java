package org.jgrad.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TrainingProgressTest {

    /** Runs 100 iterations of a run whose clock advances {@code nanosPerCall} each time it is read. */
    private static String[] run(PrintStream bar, long nanosPerCall, boolean[] showed) {
        StringWriter out = new StringWriter();
        AtomicLong clock = new AtomicLong();
        try (TrainingProgress p = new TrainingProgress(new PrintWriter(out), 100, 25, bar,
                () -> clock.getAndAdd(nanosPerCall))) {
            for (int i = 0; i < 100; i++) {
                p.epoch(i, 1.0 / (i + 1));
            }
            showed[0] = p.showedBar();
            assertThat(p.costs()).hasSize(100).startsWith(1.0, 0.5);
        }
        return out.toString().lines().toArray(String[]::new);
    }

    private static final String[] LINES = {"Cost after iteration 0: 1.0000", "Cost after iteration 25: 0.0385",
        "Cost after iteration 50: 0.0196", "Cost after iteration 75: 0.0132"};

    @Test
    void aSlowRunOnATerminalShowsABarAndStillPrintsTheSameLines() {
        ByteArrayOutputStream bar = new ByteArrayOutputStream();
        boolean[] showed = new boolean[1];
        // 100 ms per iteration: 10 s expected, more than the 2 s threshold
        String[] lines = run(new PrintStream(bar, true), 100_000_000L, showed);
        assertThat(showed[0]).isTrue();
        assertThat(lines).containsExactly(LINES);
        assertThat(bar.toString()).contains("train");
    }

    @Test
    void aFastRunOrNoTerminalHasNoBar() {
        boolean[] showed = new boolean[1];
        // 1 ms per iteration: 0.1 s expected
        assertThat(run(new PrintStream(new ByteArrayOutputStream()), 1_000_000L, showed)).containsExactly(LINES);
        assertThat(showed[0]).isFalse();
        assertThat(run(null, 100_000_000L, showed)).containsExactly(LINES);
        assertThat(showed[0]).isFalse();
    }
}

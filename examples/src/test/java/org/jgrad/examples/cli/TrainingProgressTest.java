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

    @Test
    void aMiniBatchRunCountsBatchesAndNamesTheEpochOnTheBar() {
        ByteArrayOutputStream bar = new ByteArrayOutputStream();
        StringWriter out = new StringWriter();
        AtomicLong clock = new AtomicLong();
        // 3 epochs of 50 batches, 100 ms per clock read: 15 s expected, so a bar
        try (TrainingProgress p = new TrainingProgress(new PrintWriter(out), 3, 1, new PrintStream(bar, true),
                () -> clock.getAndAdd(100_000_000L)).unit("epoch")) {
            for (int e = 0; e < 3; e++) {
                for (int b = 0; b < 50; b++) {
                    p.batch(e, b, 50, 0.5);
                }
                p.epoch(e, 0.25 * (e + 1));
            }
            assertThat(p.showedBar()).isTrue();
        }
        // the periodic lines are all on standard output, in order, whatever the bar drew between them
        assertThat(out.toString().lines()).containsExactly("Cost after epoch 0: 0.2500", "Cost after epoch 1: 0.5000",
                "Cost after epoch 2: 0.7500");
        // the bar's last state: all 3 x 50 batches done and the last epoch (the line is cut at the bar's width)
        assertThat(bar.toString()).contains("150/150 batches", "epoch 3/3");
    }
}

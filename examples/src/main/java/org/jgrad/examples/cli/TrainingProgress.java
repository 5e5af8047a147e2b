package org.jgrad.examples.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Reports a training run: records every cost (for {@code --plot}), prints the tutorial's periodic line
 * {@code Cost after iteration i: c} every {@code printEvery} iterations and, on a terminal, shows a progress bar
 * (epoch, loss, rate, time left) once the run looks like it will take more than {@link #BAR_AFTER}.
 *
 * <p>While the bar is up the periodic lines are held back and printed when it closes, so standard output holds the
 * same lines in every mode; the bar itself goes to standard error. Off a terminal, or with {@code --quiet}, there
 * is no bar.
 *
 * <pre>{@code
 * try (TrainingProgress progress = TrainingProgress.create(out, epochs, printEvery, quiet)) {
 *     for (int i = 0; i < epochs; i++) { ...; progress.epoch(i, cost); ... }
 * }
 * }</pre>
 */
public final class TrainingProgress implements AutoCloseable {
    /** A run expected to last longer than this gets a bar. */
    static final Duration BAR_AFTER = Duration.ofSeconds(2);
    /** How long to measure before estimating the run's length. */
    private static final Duration MEASURE_FOR = Duration.ofMillis(300);

    private final PrintWriter out;
    private final int epochs;
    private final int printEvery;
    private String unit = "iteration";
    private final PrintStream barStream;
    private final LongSupplier nanoClock;
    private final long start;
    private final List<String> heldLines = new ArrayList<>();
    private double[] costs = new double[16];
    private int count;
    private ProgressBar bar;
    private boolean showedBar;

    /**
     * @param barStream where the bar is drawn, or null for no bar
     * @param nanoClock the clock that decides when a bar is worth it (System::nanoTime)
     */
    TrainingProgress(PrintWriter out, int epochs, int printEvery, PrintStream barStream, LongSupplier nanoClock) {
        if (printEvery <= 0) {
            throw new IllegalArgumentException("print every must be >= 1, got " + printEvery);
        }
        this.out = out;
        this.epochs = epochs;
        this.printEvery = printEvery;
        this.barStream = barStream;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    /** Progress for a run of {@code epochs} iterations; a bar only on a terminal and when not {@code quiet}. */
    public static TrainingProgress create(PrintWriter out, int epochs, int printEvery, boolean quiet) {
        return new TrainingProgress(out, epochs, printEvery, !quiet && onTerminal() ? System.err : null,
                System::nanoTime);
    }

    /** Names what one report counts in the cost lines ({@code iteration} by default; {@code epoch}); returns this. */
    public TrainingProgress unit(String value) {
        this.unit = value;
        return this;
    }

    /** True when the JVM talks to a terminal (not a pipe or a file). */
    static boolean onTerminal() {
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    /** Records the cost computed at iteration {@code i} (before its update) and reports it. */
    public void epoch(int i, double cost) {
        if (count == costs.length) {
            costs = Arrays.copyOf(costs, 2 * count);
        }
        costs[count++] = cost;
        if (i % printEvery == 0) {
            String line = String.format(Locale.ROOT, "Cost after %s %d: %.4f", unit, i, cost);
            if (bar == null) {
                out.println(line);
            } else {
                heldLines.add(line);
            }
        }
        if (bar == null && barStream != null && worthABar(i + 1)) {
            bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(epochs).setUnit(" it", 1)
                    .showSpeed().setSpeedUnit(ChronoUnit.SECONDS).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(200).continuousUpdate()
                    .setConsumer(new ConsoleProgressBarConsumer(barStream)).build();
            showedBar = true;
        }
        if (bar != null) {
            bar.stepTo(i + 1);
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", cost));
        }
    }

    /** True once enough of the run has passed to estimate that the whole of it will take longer than BAR_AFTER. */
    private boolean worthABar(int done) {
        long elapsed = nanoClock.getAsLong() - start;
        if (elapsed < MEASURE_FOR.toNanos() || done >= epochs) {
            return false;
        }
        double expected = (double) elapsed / done * epochs;
        return expected > BAR_AFTER.toNanos();
    }

    /** Every cost recorded so far, one per call of {@link #epoch}. */
    public double[] costs() {
        return Arrays.copyOf(costs, count);
    }

    /** True when a bar has been shown. */
    boolean showedBar() {
        return showedBar;
    }

    /** Closes the bar, if any, and prints the lines it held back. */
    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        for (String line : heldLines) {
            out.println(line);
        }
        heldLines.clear();
        out.flush();
    }
}

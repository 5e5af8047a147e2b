package org.jgrad.examples.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.text.DecimalFormat;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
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
 * <p>The bar counts steps: iterations in a full-batch run, batches in a mini-batch run (reported through
 * {@link #batch}), so its rate and time left move within an epoch. It is drawn on standard output, the stream the
 * terminal check looks at; a periodic line clears the bar, prints above it, and the bar is drawn again below, so
 * standard output holds the same lines, in the same order, in every mode. Off a terminal, or with {@code --quiet},
 * there is no bar.
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
    private double[] costs = new double[16];
    private int count;
    /** Batches per epoch, once {@link #batch} has been called with more than one; 1 for full-batch runs. */
    private int batches = 1;
    private double epochLossSum;
    private ProgressBar bar;
    private LinesAboveBar consumer;
    private boolean showedBar;

    /**
     * @param barStream where the bar is drawn (the terminal that {@code out} writes to), or null for no bar
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
        return new TrainingProgress(out, epochs, printEvery, !quiet && onTerminal() ? System.out : null,
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

    /**
     * Reports batch {@code batch} (0-based) of {@code batches} in epoch {@code epoch} with its loss, so that the bar
     * moves within an epoch. Optional: a run that only calls {@link #epoch} gets a bar that counts epochs.
     */
    public void batch(int epoch, int batch, int batches, double loss) {
        if (batches <= 1) {
            return; // a full-batch run: epoch() is the step
        }
        this.batches = batches;
        epochLossSum = batch == 0 ? loss : epochLossSum + loss;
        String message = String.format(Locale.ROOT, " epoch %d/%d loss %.4f", epoch + 1, epochs,
                epochLossSum / (batch + 1));
        step((long) epoch * batches + batch + 1, message);
    }

    /** Records the cost computed at iteration {@code i} (before its update) and reports it. */
    public void epoch(int i, double cost) {
        if (count == costs.length) {
            costs = Arrays.copyOf(costs, 2 * count);
        }
        costs[count++] = cost;
        if (i % printEvery == 0) {
            String line = String.format(Locale.ROOT, "Cost after %s %d: %.4f", unit, i, cost);
            if (consumer == null) {
                out.println(line);
            } else {
                consumer.printAbove(out, line);
            }
        }
        if (batches == 1) {
            step(i + 1L, String.format(Locale.ROOT, " loss %.4f", cost));
        } else if (bar != null) {
            // the epoch's mean weighted by batch size, as in the line above (the bar showed a running mean)
            bar.setExtraMessage(String.format(Locale.ROOT, " epoch %d/%d loss %.4f", i + 1, epochs, cost));
        }
    }

    /** Moves the bar to {@code done} of the run's steps, opening it once the run looks long enough. */
    private void step(long done, String message) {
        long total = (long) epochs * batches;
        if (bar == null && barStream != null && worthABar(done, total)) {
            consumer = new LinesAboveBar(barStream);
            bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(total)
                    .setUnit(batches == 1 ? " it" : " batches", 1)
                    .showSpeed(new DecimalFormat("0.0")).setSpeedUnit(ChronoUnit.SECONDS)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).continuousUpdate()
                    .setConsumer(consumer).build();
            showedBar = true;
        }
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(message);
        }
    }

    /** True once enough of the run has passed to estimate that the whole of it will take longer than BAR_AFTER. */
    private boolean worthABar(long done, long total) {
        long elapsed = nanoClock.getAsLong() - start;
        if (elapsed < MEASURE_FOR.toNanos() || done >= total) {
            return false;
        }
        double expected = (double) elapsed / done * total;
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

    /** Closes the bar, if any, leaving its last state on screen. */
    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
            consumer = null;
        }
        out.flush();
    }

    /**
     * Draws the bar on one terminal line ({@code \r} and the rendered bar) and lets a whole line be printed above
     * it. The bar redraws from its own thread, so drawing and printing share one lock.
     */
    private static final class LinesAboveBar extends ConsoleProgressBarConsumer {
        private final PrintStream stream;
        private String last = "";

        LinesAboveBar(PrintStream stream) {
            super(stream);
            this.stream = stream;
        }

        @Override
        public synchronized void accept(String rendered) {
            last = rendered;
            super.accept(rendered);
        }

        /** Blanks the bar's line, prints {@code line} on it through {@code lines}, and draws the bar below. */
        synchronized void printAbove(PrintWriter lines, String line) {
            stream.print("\r" + " ".repeat(Math.max(0, Math.min(last.length(), getMaxRenderedLength()))) + "\r");
            stream.flush();
            lines.println(line);
            lines.flush();
            super.accept(last);
        }

        @Override
        public synchronized void close() {
            super.close();
        }
    }
}

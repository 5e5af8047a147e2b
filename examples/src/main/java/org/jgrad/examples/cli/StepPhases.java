package org.jgrad.examples.cli;

import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Where one training step's time goes ({@code jgrad bench --phases}): the step is cut into named phases, each timed
 * with {@link System#nanoTime} around it and charged the bytes the thread allocated meanwhile; a report gives, per
 * phase, the median and the mean microseconds per batch and the kilobytes allocated per batch, and the epoch's
 * garbage-collection time and the training thread's CPU time (on a loaded machine, the wall time less the time the
 * thread waited for a core). The marks cost about 50 ns each, a few per cent of the smallest phases.
 */
final class StepPhases {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final String[] names;
    private final long[][] nanos;
    private final long[] bytes;
    private int batch;
    private int phase;
    private long lastNanos;
    private long lastBytes;
    private long gcStart;
    private long cpuStart;

    /** Room for {@code batches} batches of the given phases. */
    StepPhases(int batches, String... names) {
        this.names = names;
        this.nanos = new long[names.length][batches];
        this.bytes = new long[names.length];
    }

    /** Starts a batch: the next {@link #end} closes its first phase. */
    void begin() {
        phase = 0;
        lastBytes = THREADS.getCurrentThreadAllocatedBytes();
        lastNanos = System.nanoTime();
    }

    /** Ends the current phase of this batch and starts the next one. */
    void end() {
        long now = System.nanoTime();
        long allocated = THREADS.getCurrentThreadAllocatedBytes();
        nanos[phase][batch] += now - lastNanos;
        bytes[phase] += allocated - lastBytes;
        phase++;
        if (phase == names.length) {
            batch++;
        }
        lastBytes = THREADS.getCurrentThreadAllocatedBytes();
        lastNanos = System.nanoTime();
    }

    /** Starts counting the collectors' time (call before the first batch). */
    void startEpoch() {
        gcStart = gcMillis();
        cpuStart = THREADS.getCurrentThreadCpuTime();
        batch = 0;
        for (long[] n : nanos) {
            Arrays.fill(n, 0);
        }
        Arrays.fill(bytes, 0);
    }

    private static long gcMillis() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    /** The table: one line per phase, then the total, and the epoch's wall time against the sum of the phases. */
    void print(PrintWriter out, String workload, double epochMillis) {
        long gc = gcMillis() - gcStart;
        double cpu = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e6;
        out.printf("# %s: %d batches, epoch %.1f ms (%.1f us per batch), training thread's CPU time %.1f ms, "
                + "garbage collection %d ms%n", workload, batch, epochMillis, epochMillis * 1e3 / batch, cpu, gc);
        out.printf("%-30s %10s %10s %8s %12s%n", "phase", "median us", "mean us", "share", "KB per batch");
        double total = 0;
        double medians = 0;
        double[] means = new double[names.length];
        for (int p = 0; p < names.length; p++) {
            means[p] = Arrays.stream(nanos[p], 0, batch).sum() / 1e3 / batch;
            total += means[p];
        }
        for (int p = 0; p < names.length; p++) {
            long[] sorted = Arrays.copyOf(nanos[p], batch);
            Arrays.sort(sorted);
            medians += sorted[batch / 2] / 1e3;
            out.printf("%-30s %10.1f %10.1f %7.1f%% %12.1f%n", names[p], sorted[batch / 2] / 1e3, means[p],
                    100 * means[p] / total, bytes[p] / 1024.0 / batch);
        }
        out.printf("%-30s %10.1f %10.1f %7.1f%% %12.1f%n", "sum of phases", medians, total, 100.0,
                Arrays.stream(bytes).sum() / 1024.0 / batch);
        out.flush();
    }
}

package org.jgrad.examples.cli;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * The bench's untimed warm-up: a step is repeated until the JIT has finished compiling what it runs (PyTorch's
 * kernels are compiled ahead of time). A fixed time is not enough on a loaded machine: there the compiler threads
 * get a small share of a core, and a Vector API kernel still running before C2 has compiled it boxes every vector
 * (logreg-minibatch's fused step then allocates 350 KB a batch and takes three times as long).
 *
 * <p>Warm-up ends once at least {@code minCalls} calls and {@link #MIN_NANOS} have passed and the JIT spent less
 * than 2% of the last window of calls (at least 200 ms) compiling; it ends after {@link #MAX_NANOS} regardless.
 */
final class Warmup {
    /** The least warm-up: about what C2 needs to compile the Vector API kernels on an idle machine. */
    static final long MIN_NANOS = 1_000_000_000L;
    /** The most, for a JIT that never goes quiet. */
    static final long MAX_NANOS = 30_000_000_000L;
    private static final long WINDOW_NANOS = 200_000_000L;

    private Warmup() {
    }

    /** Runs {@code step} until warm (see the class comment); returns the number of calls made. */
    static int run(Runnable step, int minCalls) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean watch = jit != null && jit.isCompilationTimeMonitoringSupported();
        long start = System.nanoTime();
        int calls = 0;
        while (true) {
            long windowStart = System.nanoTime();
            long compiledBefore = watch ? jit.getTotalCompilationTime() : 0;
            do {
                step.run();
                calls++;
            } while (System.nanoTime() - windowStart < WINDOW_NANOS);
            long now = System.nanoTime();
            long compileNanos = watch ? (jit.getTotalCompilationTime() - compiledBefore) * 1_000_000L : 0;
            boolean quiet = compileNanos < 0.02 * (now - windowStart);
            if (calls >= minCalls && now - start >= MIN_NANOS && quiet || now - start >= MAX_NANOS) {
                return calls;
            }
        }
    }
}

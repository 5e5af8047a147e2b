package org.jgrad.core.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;

/**
 * The multi-core split of large kernels: {@link #forEach} runs {@code parts} independent pieces of work on up to
 * {@link #threads()} threads (the caller plus a shared pool), and waits for all of them.
 *
 * <p>The thread count starts at the system property {@code jgrad.threads}, or the number of available processors,
 * and can be changed with {@link #setThreads} (the command line's {@code --threads}). Kernels split only work big
 * enough to pay for the hand-off ({@link #worthSplitting}); small work stays on the calling thread.
 */
public final class Parallel {
    /**
     * Below about this many floating-point operations per part a thread hand-off (7 us back to back, tens of
     * microseconds when the pool's thread has parked) costs more than it saves: mlp's 128 x 256 x 10 products
     * (0.66 MFLOP, 12-31 us on one thread) took 25-57 us when split in two parts of at least 2^18.
     */
    private static final long MIN_WORK_PER_THREAD = 1L << 19;

    private static volatile int threads = initialThreads();
    private static volatile ForkJoinPool pool;

    private Parallel() {
    }

    private static int initialThreads() {
        String p = System.getProperty("jgrad.threads", "");
        int available = Runtime.getRuntime().availableProcessors();
        if (p.isEmpty()) {
            return available;
        }
        int n;
        try {
            n = Integer.parseInt(p.trim());
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1) {
            throw new IllegalArgumentException("-Djgrad.threads: expected a whole number >= 1, got '" + p + "'");
        }
        return n;
    }

    /** How many threads large kernels use. */
    public static int threads() {
        return threads;
    }

    /**
     * Sets how many threads large kernels use (1 runs everything on the calling thread).
     *
     * @throws IllegalArgumentException when {@code n < 1}
     */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads: expected a number >= 1, got " + n);
        }
        if (n != threads && pool != null) {
            pool.shutdown();
            pool = null;
        }
        threads = n;
    }

    /** How many parts to split work of {@code flops} operations into: 1 when it is too small to pay. */
    public static int worthSplitting(long flops) {
        int t = threads;
        if (t == 1) {
            return 1;
        }
        return (int) Math.max(1, Math.min(t, flops / MIN_WORK_PER_THREAD));
    }

    /** Runs {@code body.accept(part)} for every {@code part < parts}, on up to {@link #threads()} threads. */
    public static void forEach(int parts, IntConsumer body) {
        if (parts <= 1) {
            if (parts == 1) {
                body.accept(0);
            }
            return;
        }
        ForkJoinPool p = pool();
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[parts - 1];
        for (int i = 1; i < parts; i++) {
            int part = i;
            tasks[i - 1] = p.submit(() -> body.accept(part));
        }
        body.accept(0);
        for (ForkJoinTask<?> t : tasks) {
            t.join();
        }
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    p = new ForkJoinPool(Math.max(1, threads - 1), pool -> {
                        var w = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                        w.setDaemon(true);
                        w.setName("jgrad-kernel-" + w.getPoolIndex());
                        return w;
                    }, null, false);
                    pool = p;
                }
            }
        }
        return p;
    }

    /** The half-open range {@code [start, end)} of part {@code part} when {@code n} items are split in {@code parts}. */
    public static int start(int n, int parts, int part) {
        return (int) ((long) n * part / parts);
    }
}

package org.jgrad.core.kernels;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The multi-core split of large kernels: {@link #forEach} runs {@code parts} independent pieces of work on up to
 * {@link #threads()} threads (the caller plus {@code threads - 1} workers of its own), and waits for all of them.
 *
 * <p>The thread count starts at the system property {@code jgrad.threads}, or the number of available processors,
 * and can be changed with {@link #setThreads} (the command line's {@code --threads}). Kernels split only work big
 * enough to pay for the hand-off ({@link #worthSplitting}); small work stays on the calling thread.
 *
 * <p>The hand-off is built for many short splits in a row (an mlp batch runs a few products of a few hundred
 * microseconds each): the caller and the workers take parts from one shared counter, so a worker that wakes late
 * costs nothing (the caller has run its parts by then), and a worker spins for a while after its last part before it
 * parks, so that the next split finds it awake. A split inside a part, or while another thread's split runs, runs
 * on its calling thread alone.
 */
public final class Parallel {
    /**
     * Below about this many floating-point operations per part a thread hand-off (7 us back to back, tens of
     * microseconds when the pool's thread has parked) costs more than it saves: mlp's 128 x 256 x 10 products
     * (0.66 MFLOP, 12-31 us on one thread) took 25-57 us when split in two parts of at least 2^18.
     */
    private static final long MIN_WORK_PER_THREAD = 1L << 19;

    private static volatile int threads = initialThreads();
    private static volatile Crew crew;

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
        if (n != threads && crew != null) {
            crew.stop();
            crew = null;
        }
        threads = n;
        if (n == 1) {
            // no worker will come for the tasks still queued: run them here, one after another
            boolean ran;
            do {
                ran = runIdleTask();
            } while (ran);
        }
    }

    /** How many parts to split work of {@code flops} operations into: 1 when it is too small to pay. */
    public static int worthSplitting(long flops) {
        return worthSplitting(flops, MIN_WORK_PER_THREAD);
    }

    /**
     * How many parts to split {@code work} into when each part should have at least {@code minPerThread} of it (a
     * kernel whose operations are cheaper than an elementwise one's, such as the matrix product's FMAs, asks for
     * more per thread): 1 when it is too small to pay.
     */
    public static int worthSplitting(long work, long minPerThread) {
        int t = threads;
        if (t == 1) {
            return 1;
        }
        return (int) Math.max(1, Math.min(t, work / minPerThread));
    }

    /**
     * Runs {@code body.accept(part)} for every {@code part < parts}, on up to {@link #threads()} threads, and returns
     * when all have finished. An exception thrown by a part is rethrown here once every part has run or failed.
     */
    public static void forEach(int parts, IntConsumer body) {
        if (parts <= 1) {
            if (parts == 1) {
                body.accept(0);
            }
            return;
        }
        Crew c = threads > 1 ? crew() : null;
        if (c == null || !c.busy.compareAndSet(false, true)) {
            // one thread, or a split inside a split: the calling thread runs every part
            for (int part = 0; part < parts; part++) {
                body.accept(part);
            }
            return;
        }
        try {
            Job job = new Job(parts, body, Thread.currentThread());
            c.start(job);
            job.runParts();
            job.await();
            c.finish();
            Throwable failure = job.failure.get();
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw new IllegalStateException("Parallel.forEach: a part failed", failure);
            }
        } finally {
            c.busy.set(false);
        }
    }

    /** At most this many tasks wait for an idle worker ({@link #runWhenIdle}); more are refused. */
    static final int MAX_IDLE_TASKS = 16;
    private static final ConcurrentLinkedQueue<Runnable> IDLE_TASKS = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger IDLE_QUEUED = new AtomicInteger();
    /** Tasks queued or running: {@link #awaitIdleTasks} waits for 0. */
    private static final AtomicInteger IDLE_UNFINISHED = new AtomicInteger();

    /**
     * Queues {@code task} for a worker to run when it has no parts of a split to run (the next idle moment; a split
     * started meanwhile comes first), and returns true; returns false, and runs nothing, with one thread (there is no
     * worker) or when {@link #MAX_IDLE_TASKS} tasks already wait. For short housekeeping that would otherwise hold
     * up the calling thread while the workers wait for the next split ({@link org.jgrad.core.ArrayPool}'s zero
     * fills and new arrays). A task must be safe to run on any thread and must not itself wait for a split.
     */
    public static boolean runWhenIdle(Runnable task) {
        if (threads <= 1) {
            return false;
        }
        if (IDLE_QUEUED.incrementAndGet() > MAX_IDLE_TASKS) {
            IDLE_QUEUED.decrementAndGet();
            return false;
        }
        IDLE_UNFINISHED.incrementAndGet();
        IDLE_TASKS.add(task);
        crew().nudge();
        return true;
    }

    /**
     * Waits until every task given to {@link #runWhenIdle} has run, for at most {@code timeoutMillis}; returns whether
     * they all have (for tests and benchmarks that must see the pool settled).
     */
    public static boolean awaitIdleTasks(long timeoutMillis) {
        long end = System.nanoTime() + timeoutMillis * 1_000_000;
        while (IDLE_UNFINISHED.get() > 0) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    /** Runs one queued idle task, if any; returns whether it did. */
    private static boolean runIdleTask() {
        Runnable task = IDLE_TASKS.poll();
        if (task == null) {
            return false;
        }
        IDLE_QUEUED.decrementAndGet();
        try {
            task.run();
        } catch (Throwable e) {
            // reported as an uncaught exception would be, and the worker goes on to the next split
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, e);
        } finally {
            IDLE_UNFINISHED.decrementAndGet();
        }
        return true;
    }

    private static Crew crew() {
        Crew c = crew;
        if (c == null) {
            synchronized (Parallel.class) {
                c = crew;
                if (c == null) {
                    c = new Crew(threads - 1);
                    crew = c;
                }
            }
        }
        return c;
    }

    /** The half-open range {@code [start, end)} of part {@code part} when {@code n} items are split in {@code parts}. */
    public static int start(int n, int parts, int part) {
        return (int) ((long) n * part / parts);
    }

    /** One call of {@link #forEach}: its parts, taken in turn from one counter by whichever thread is free. */
    private static final class Job {
        static final long AWAIT_SPIN_NS = 50_000;
        final int parts;
        final IntConsumer body;
        final Thread caller;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger unfinished;
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(int parts, IntConsumer body, Thread caller) {
            this.parts = parts;
            this.body = body;
            this.caller = caller;
            this.unfinished = new AtomicInteger(parts);
        }

        void runParts() {
            for (int part = next.getAndIncrement(); part < parts; part = next.getAndIncrement()) {
                try {
                    body.accept(part);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
                if (unfinished.decrementAndGet() == 0 && Thread.currentThread() != caller) {
                    LockSupport.unpark(caller);
                }
            }
        }

        /**
         * Waits for the parts other threads took: spinning for up to {@link #AWAIT_SPIN_NS} (they are usually nearly
         * done, and a park and unpark cost as much), then parked until the last part unparks it.
         */
        void await() {
            long start = System.nanoTime();
            while (unfinished.get() > 0 && System.nanoTime() - start < AWAIT_SPIN_NS) {
                Thread.onSpinWait();
            }
            while (unfinished.get() > 0) {
                LockSupport.parkNanos(this, 100_000);
            }
        }
    }

    /** The worker threads: each waits for the next job, runs parts of it, and waits again. */
    private static final class Crew {
        /** How long a worker spins for the next job before it parks. */
        private static final long SPIN_NS = 200_000;

        final AtomicBoolean busy = new AtomicBoolean();
        private final Thread[] workers;
        private volatile Job current;
        private volatile boolean stopped;

        Crew(int size) {
            workers = new Thread[size];
            for (int i = 0; i < size; i++) {
                Thread w = new Thread(this::work, "jgrad-kernel-" + i);
                w.setDaemon(true);
                workers[i] = w;
                w.start();
            }
        }

        void start(Job job) {
            current = job;
            for (Thread w : workers) {
                LockSupport.unpark(w);
            }
        }

        /** Wakes the workers for a task of {@link #runWhenIdle}. */
        void nudge() {
            for (Thread w : workers) {
                LockSupport.unpark(w);
            }
        }

        /** Drops the finished job, so that it does not keep its arrays alive until the next one. */
        void finish() {
            current = null;
        }

        void stop() {
            stopped = true;
            for (Thread w : workers) {
                LockSupport.unpark(w);
            }
        }

        private void work() {
            Job done = null;
            while (!stopped) {
                Job job = current;
                long start = System.nanoTime();
                while ((job == null || job == done) && !stopped && System.nanoTime() - start < SPIN_NS) {
                    if (runIdleTask()) {
                        start = System.nanoTime();
                    } else {
                        Thread.onSpinWait();
                    }
                    job = current;
                }
                if (job == null || job == done) {
                    // start() and runWhenIdle unpark after publishing, so a job or task published after the checks
                    // above is not missed
                    if (IDLE_TASKS.isEmpty()) {
                        LockSupport.park(this);
                    }
                    continue;
                }
                job.runParts();
                done = job;
            }
        }
    }
}

package org.jgrad.models.data;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.jgrad.autograd.GradMode;

/**
 * A training loop whose threads take turns: the threads deal the batches round-robin (from batch 0, thread
 * {@code b % threads} has batch {@code b}); each prepares (gathers) its next batch while the others prepare theirs or
 * step, then runs the step on it as soon as the step of the batch before has returned. The steps run one at a time and in batch order, so the model goes through exactly the
 * updates of the one-thread loop {@code for b: step(prepare(b))}, bit for bit; only the preparing is concurrent.
 *
 * <p>What moves between cores is the model, not the batch. Handing a gathered batch to another core's step reads it
 * from that core's cache: on the 2-core AVX-512 VM, logreg-minibatch's step (64 x 784) took 23 us on a batch the
 * other core had gathered, against 6.5 on one gathered by its own core. Here each batch is read by the core that
 * wrote it, and only the small model (785 floats for that workload) crosses over.
 *
 * <p>A thread whose turn has not come spins briefly, then parks until the thread before it hands over. The caller's
 * {@link GradMode} holds on every thread.
 */
public final class Turns {
    /** How long a thread spins for its turn before it parks (a turn usually comes within one step). */
    private static final long SPIN_NS = 20_000;

    private Turns() {
    }

    /**
     * Runs {@code step.accept(prepare.apply(b))} for {@code b = 0 .. count - 1}, the steps in order, on
     * {@code threads} threads (the caller and {@code threads - 1} of its own) as described above. {@code prepare}
     * may run on any of them, for several batches at once; each thread handles the batches {@code b} with
     * {@code b % threads} its own, so {@code prepare(b + threads)} runs after {@code step} of batch {@code b} has
     * returned on the same thread (a buffer indexed by {@code b % threads} can be reused safely). The first
     * exception thrown stops every thread at its next turn and is rethrown here.
     *
     * @throws IllegalArgumentException when {@code threads < 1} or {@code count < 0}
     */
    public static <T> void run(int threads, int count, IntFunction<? extends T> prepare, Consumer<? super T> step) {
        if (count < 0) {
            throw new IllegalArgumentException("Turns: expected count >= 0, got " + count);
        }
        run(threads, 0, count, prepare, step, () -> false);
    }

    /**
     * As {@link #run(int, int, IntFunction, Consumer)} for the batches {@code first .. end - 1} (dealt from
     * {@code first}: all of one thread's batches still have the same {@code b % threads}), and stopping early:
     * after each step, on the thread that ran it, {@code stopAfter} is asked, and when it says true no later step
     * runs (batches already prepared are dropped). Returns the first batch not stepped: {@code end} when every one
     * was.
     *
     * @throws IllegalArgumentException when {@code threads < 1} or {@code first > end}
     */
    public static <T> int run(int threads, int first, int end, IntFunction<? extends T> prepare,
            Consumer<? super T> step, BooleanSupplier stopAfter) {
        if (threads < 1) {
            throw new IllegalArgumentException("Turns: expected threads >= 1, got " + threads);
        }
        if (first < 0 || first > end) {
            throw new IllegalArgumentException("Turns: expected 0 <= first <= end, got batches " + first + " to "
                    + end);
        }
        int n = Math.min(threads, Math.max(end - first, 1));
        if (n == 1) {
            for (int b = first; b < end; b++) {
                step.accept(prepare.apply(b));
                if (stopAfter.getAsBoolean()) {
                    return b + 1;
                }
            }
            return end;
        }
        Loop<T> loop = new Loop<>(n, first, end, prepare, step, stopAfter);
        loop.threads[0] = Thread.currentThread();
        boolean grad = GradMode.isEnabled();
        for (int t = 1; t < n; t++) {
            int lane = t;
            loop.threads[t] = Thread.ofPlatform().daemon().name("jgrad-turns-" + t).unstarted(() -> {
                // the caller's grad mode (a thread's own, GradMode) holds on every thread of the loop
                try (GradMode.Scope scope = grad ? GradMode.enableGrad() : GradMode.noGrad()) {
                    loop.lane(lane);
                }
            });
        }
        for (int t = 1; t < n; t++) {
            loop.threads[t].start();
        }
        loop.lane(0);
        for (int t = 1; t < n; t++) {
            Thread other = loop.threads[t];
            boolean interrupted = false;
            while (true) {
                try {
                    other.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        Throwable failure = loop.failure.get();
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException("Turns: a batch failed", failure);
        }
        return loop.done.get();
    }

    /** One call of {@link #run}: the count of steps done is the turn. */
    private static final class Loop<T> {
        final int n;
        final int first;
        final int end;
        final IntFunction<? extends T> prepare;
        final Consumer<? super T> step;
        final BooleanSupplier stopAfter;
        /** the next batch to step: batch {@code b}'s turn is {@code done == b} */
        final AtomicInteger done;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        /** set, before the turn moves on, by the thread whose step was the last */
        volatile boolean stopped;
        /** every thread of the loop, known before any starts */
        final Thread[] threads;

        Loop(int n, int first, int end, IntFunction<? extends T> prepare, Consumer<? super T> step,
                BooleanSupplier stopAfter) {
            this.n = n;
            this.first = first;
            this.end = end;
            this.prepare = prepare;
            this.step = step;
            this.stopAfter = stopAfter;
            this.done = new AtomicInteger(first);
            this.threads = new Thread[n];
        }

        void lane(int t) {
            try {
                for (int b = first + t; b < end; b += n) {
                    if (failure.get() != null || stopped) {
                        return;
                    }
                    T item = prepare.apply(b);
                    if (!awaitTurn(b)) {
                        return;
                    }
                    step.accept(item);
                    if (stopAfter.getAsBoolean()) {
                        // seen by every thread that sees the turn move on, so no later step runs
                        stopped = true;
                    }
                    done.set(b + 1);
                    if (stopped) {
                        for (Thread other : threads) {
                            LockSupport.unpark(other);
                        }
                    } else {
                        LockSupport.unpark(threads[(b + 1 - first) % n]);
                    }
                }
            } catch (Throwable e) {
                // recorded before anything else can see a turn go by, so no later step runs after a failed one
                failure.compareAndSet(null, e);
                for (Thread other : threads) {
                    LockSupport.unpark(other);
                }
            }
        }

        /** Waits until batch {@code b}'s turn; false when another thread failed first or the loop stopped. */
        private boolean awaitTurn(int b) {
            long spinUntil = System.nanoTime() + SPIN_NS;
            // an interrupt is kept for the caller, not acted on: with the flag set, park would return at once and
            // the wait would spin
            boolean interrupted = false;
            while (done.get() != b) {
                if (failure.get() != null || stopped) {
                    break;
                }
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, 100_000);
                    interrupted |= Thread.interrupted();
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return failure.get() == null && !stopped;
        }
    }
}

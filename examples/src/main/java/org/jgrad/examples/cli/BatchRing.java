package org.jgrad.examples.cli;

import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

/**
 * Batches gathered by one thread and trained on by another (logreg-minibatch with two threads), through a few reused
 * buffers. Each side waits for the other by spinning briefly on two counters, since a batch takes tens of
 * microseconds, about what waking a parked thread costs; then by sleeping in naps of {@link #NAP_NANOS}: on a machine
 * with more runnable threads than cores, a thread that spins until the other has run can hold the very core the
 * other waits for (an epoch took 2-4 s instead of 0.1 s that way).
 */
final class BatchRing {
    private static final int SPINS = 2000;
    private static final long NAP_NANOS = 20_000;

    private final BenchCommand.Batch[] slots;
    private volatile int gathered;
    private volatile int released;
    private volatile Throwable failure;

    BatchRing(int size, int rows, int cols) {
        slots = new BenchCommand.Batch[size];
        for (int i = 0; i < size; i++) {
            slots[i] = BenchCommand.Batch.of(rows, cols);
        }
    }

    BenchCommand.Batch slot(int b) {
        return slots[b % slots.length];
    }

    void reset() {
        gathered = 0;
        released = 0;
        failure = null;
    }

    /** The gathering thread: batch after batch, each once its buffer has been trained on. */
    void produce(int batches, IntConsumer fill) {
        try {
            for (int b = 0; b < batches; b++) {
                waitUntil(next -> next - released < slots.length, b);
                fill.accept(b);
                gathered = b + 1;
            }
        } catch (RuntimeException | Error e) {
            failure = e;
        }
    }

    /** The training thread: waits until batch {@code b} has been gathered. */
    void await(int b) {
        waitUntil(next -> {
            if (gathered > next) {
                return true;
            }
            if (failure != null) {
                throw new IllegalStateException("gathering batch " + next + " failed", failure);
            }
            return false;
        }, b);
    }

    void release(int b) {
        released = b + 1;
    }

    private static void waitUntil(IntPredicate done, int b) {
        for (int spin = 0; !done.test(b); spin++) {
            if (spin < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(NAP_NANOS);
            }
        }
    }
}

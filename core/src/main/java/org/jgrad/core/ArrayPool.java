package org.jgrad.core;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.jgrad.core.kernels.Parallel;

/**
 * Large arrays that the backward engine knows to be dead, kept for {@link NDArray#zeros} to hand out again: a
 * training step then writes its big gradients and activations into memory the last step used, often still in the
 * caches, instead of into fresh memory that the JVM must first zero (a new 3.2 MB array took 135-150 us of the cnn's
 * 6.5 ms batch) and the garbage collector must later sweep. PyTorch's caching allocator does the same for its
 * tensors.
 *
 * <p>Only the engine gives arrays back ({@code BackwardEngine}): the gradient of an intermediate tensor, once that
 * tensor's rule has run, when the pass allocated the array itself, no hook, trace, captured or retained gradient has
 * seen it, the rule's own gradients are new arrays (so none of them is a view of it) and the pass records no graph.
 * Nothing else can reach such an array, and an array the user may hold (a leaf's {@code grad}, a forward result) is
 * never given back. Arrays handed out again are filled with zeros first, as new ones are, except to an op that
 * writes every element before anything reads one ({@link NDArray#toOverwrite}: a convolution's or a pooling's output).
 *
 * <p>Arrays of at least {@link #MIN_LENGTH} elements only (smaller ones come cheaply from the thread's allocation
 * buffer), at most {@link #PER_LENGTH} of each length and {@link #MAX_BYTES} in all (the kept arrays count against the
 * heap); lengths must match exactly.
 * {@code -Djgrad.arrayPool=false} (or {@link #setEnabled}) turns it off, and {@link #clear} lets the kept arrays go.
 * Thread-safe.
 *
 * <p>With more than one thread ({@link Parallel#threads()}) the pool's housekeeping runs on an idle worker
 * ({@link Parallel#runWhenIdle}) instead of the thread that trains: a kept array is filled with zeros there, so that
 * handing it out costs nothing, and when a request leaves no array of a length that was given back before (the
 * backward pass gives back fewer arrays than a step takes, since a forward pass's output is never given back), one new
 * array of that length is made there for the next request. A length never given back (a data set, a one-off array)
 * gets none. A new 3.2 MB array costs the thread that makes it 150-200 us, zeroing cold memory, while the cnn's
 * second core waited for its next split. {@code -Djgrad.arrayPool.background=false} (or {@link #setBackground})
 * keeps all of it on the calling thread; with one thread it always is.
 */
public final class ArrayPool {
    /** The fewest elements an array must have to be kept. */
    public static final int MIN_LENGTH = 1 << 14;
    /** Arrays kept of any one length and type. */
    public static final int PER_LENGTH = 4;
    /** Bytes kept in all: 256 MB, or a sixteenth of the heap's limit if that is less. */
    public static final long MAX_BYTES = Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 16);

    /** How to make and clear one array type. */
    private record Kind<A>(IntFunction<A> create, Consumer<A> zero) {
    }

    private static final Kind<float[]> FLOAT = new Kind<>(float[]::new, a -> Arrays.fill(a, 0f));
    private static final Kind<double[]> DOUBLE = new Kind<>(double[]::new, a -> Arrays.fill(a, 0.0));
    private static final Kind<int[]> INT = new Kind<>(int[]::new, a -> Arrays.fill(a, 0));

    /**
     * The arrays of one length: as they were given back (filled with zeros when handed out), already zero, and in the
     * hands of a worker (being filled or made); all of them count against {@link #PER_LENGTH} and the bytes kept.
     */
    private static final class Kept<A> {
        final ArrayDeque<A> dirty = new ArrayDeque<>();
        final ArrayDeque<A> zeroed = new ArrayDeque<>();
        int atWorker;

        int count() {
            return dirty.size() + zeroed.size() + atWorker;
        }
    }

    private static final Map<Integer, Kept<float[]>> FLOATS = new HashMap<>();
    private static final Map<Integer, Kept<double[]>> DOUBLES = new HashMap<>();
    private static final Map<Integer, Kept<int[]>> INTS = new HashMap<>();
    private static long bytes;
    /** Advanced by {@link #clear}: a worker's task from before it puts nothing back. */
    private static long generation;
    private static volatile boolean enabled = !"false".equals(System.getProperty("jgrad.arrayPool"));
    private static volatile boolean background = !"false".equals(System.getProperty("jgrad.arrayPool.background"));

    private ArrayPool() {
    }

    /** Whether arrays are kept and handed out again. */
    public static boolean enabled() {
        return enabled;
    }

    /** Turns the pool on or off; off also lets the kept arrays go. */
    public static void setEnabled(boolean on) {
        enabled = on;
        if (!on) {
            clear();
        }
    }

    /** Whether zero fills and new arrays are left to an idle worker when there is one (see the class comment). */
    public static boolean background() {
        return background;
    }

    /** Leaves the pool's zero fills and new arrays to an idle worker (true), or keeps them on the calling thread. */
    public static void setBackground(boolean on) {
        background = on;
    }

    /** Lets every kept array go (a worker's fill or new array under way is dropped when it ends). */
    public static synchronized void clear() {
        FLOATS.clear();
        DOUBLES.clear();
        INTS.clear();
        bytes = 0;
        generation++;
    }

    /** Bytes kept now, the arrays at a worker included. */
    public static synchronized long keptBytes() {
        return bytes;
    }

    /** Whether {@link #recycle} would keep {@code a}'s array: the pool is on and the array long enough. */
    public static boolean keeps(NDArray a) {
        return enabled && (a.dtype() == DType.FLOAT32 ? a.floats().length : a.doubles().length) >= MIN_LENGTH;
    }

    /**
     * Keeps {@code dead}'s array for a later {@link NDArray#zeros} of the same length. The caller guarantees that
     * nothing references that array any more, {@code dead} included: the backward engine only (see the class
     * comment).
     */
    public static void recycle(NDArray dead) {
        if (!keeps(dead)) {
            return;
        }
        if (dead.dtype() == DType.FLOAT32) {
            float[] a = dead.floats();
            keep(FLOATS, FLOAT, a, a.length, 4L * a.length);
        } else {
            double[] a = dead.doubles();
            keep(DOUBLES, DOUBLE, a, a.length, 8L * a.length);
        }
    }

    /**
     * Keeps {@code dead} for a later {@link #intsToOverwrite} of its length (max pooling's arg-max indices, which
     * its node gives back when a backward pass frees it). The caller guarantees that nothing references it any more.
     */
    public static void recycle(int[] dead) {
        if (enabled && dead.length >= MIN_LENGTH) {
            keep(INTS, INT, dead, dead.length, 4L * dead.length);
        }
    }

    /**
     * An int array of {@code length} for a caller that writes every element before anything reads one: a kept one
     * as it was given back, or a new one.
     */
    public static int[] intsToOverwrite(int length) {
        return length < MIN_LENGTH || !enabled ? new int[length] : take(INTS, INT, length, 4L * length, false);
    }

    private static <A> void keep(Map<Integer, Kept<A>> kept, Kind<A> kind, A array, int length, long size) {
        long asOf;
        synchronized (ArrayPool.class) {
            Kept<A> same = kept.computeIfAbsent(length, n -> new Kept<>());
            if (!roomFor(same, size)) {
                return;
            }
            same.dirty.addLast(array);
            bytes += size;
            asOf = generation;
        }
        if (background) {
            Parallel.runWhenIdle(() -> zeroOne(kept, kind, length, size, asOf));
        }
    }

    /** Whether one more array of {@code size} bytes fits the limits beside {@code same}'s (the lock held). */
    private static boolean roomFor(Kept<?> same, long size) {
        return same.count() < PER_LENGTH && bytes + size <= MAX_BYTES;
    }

    /** On a worker: fills one kept array of {@code length} with zeros, if one is still there. */
    private static <A> void zeroOne(Map<Integer, Kept<A>> kept, Kind<A> kind, int length, long size, long asOf) {
        A array;
        synchronized (ArrayPool.class) {
            Kept<A> same = kept.get(length);
            array = generation != asOf || same == null ? null : same.dirty.pollLast();
            if (array == null) {
                return;
            }
            same.atWorker++;
        }
        kind.zero().accept(array);
        backFromWorker(kept, length, size, array, asOf);
    }

    /** On a worker: makes one new array of {@code length} for the next request, if the limits allow. */
    private static <A> void makeOne(Map<Integer, Kept<A>> kept, Kind<A> kind, int length, long size, long asOf) {
        synchronized (ArrayPool.class) {
            if (!enabled || generation != asOf) {
                return;
            }
            Kept<A> same = kept.get(length);
            if (same == null || !roomFor(same, size)) {
                return;
            }
            same.atWorker++;
            bytes += size;
        }
        A array = null;
        try {
            array = kind.create().apply(length);
        } catch (OutOfMemoryError e) {
            // the next request makes its own, as without the pool
        }
        backFromWorker(kept, length, size, array, asOf);
    }

    /** A worker's array (null: none was made) joins the zeroed ones, unless {@link #clear} came meanwhile. */
    private static synchronized <A> void backFromWorker(Map<Integer, Kept<A>> kept, int length, long size, A array,
            long asOf) {
        if (generation != asOf) {
            return;   // cleared: the bytes were reset and the array is let go
        }
        Kept<A> same = kept.get(length);
        same.atWorker--;
        if (array == null) {
            bytes -= size;
        } else {
            same.zeroed.addLast(array);
        }
    }

    /**
     * An array of {@code length} (at least {@link #MIN_LENGTH}, with the pool on): of zeros ({@code zero}) or with any
     * contents, for a caller that writes every element before anything reads one. Zeros: one kept and already zero,
     * or one kept and filled with zeros here, or a new one. Any contents: one kept as it was given back (no fill),
     * else one already zero, else a new one. When none of a length given back before is left, a worker (if any)
     * makes one new array for the next request.
     */
    private static <A> A take(Map<Integer, Kept<A>> kept, Kind<A> kind, int length, long size, boolean zero) {
        A array;
        boolean clean = false;
        boolean dry;
        long asOf;
        synchronized (ArrayPool.class) {
            Kept<A> same = kept.get(length);
            if (same != null && !zero) {
                array = same.dirty.pollLast();
                if (array == null) {
                    array = same.zeroed.pollLast();
                }
            } else {
                array = same == null ? null : same.zeroed.pollLast();
                if (array != null) {
                    clean = true;
                } else if (same != null) {
                    array = same.dirty.pollLast();
                }
            }
            if (array != null) {
                bytes -= size;
            }
            // only a length given back before (a step's recurring size): not a data set or a one-off array
            dry = same != null && same.count() == 0;
            asOf = generation;
        }
        if (dry && background) {
            // nothing left of this length: a worker makes one for the next request
            Parallel.runWhenIdle(() -> makeOne(kept, kind, length, size, asOf));
        }
        if (array == null) {
            return kind.create().apply(length);
        }
        if (zero && !clean) {
            kind.zero().accept(array);
        }
        return array;
    }

    /** A float array of zeros ({@code zero}) or of any contents: a kept one, or a new one. */
    static float[] floats(int length, boolean zero) {
        return length < MIN_LENGTH || !enabled ? new float[length] : take(FLOATS, FLOAT, length, 4L * length, zero);
    }

    /** A double array of zeros ({@code zero}) or of any contents: a kept one, or a new one. */
    static double[] doubles(int length, boolean zero) {
        return length < MIN_LENGTH || !enabled ? new double[length] : take(DOUBLES, DOUBLE, length, 8L * length, zero);
    }
}

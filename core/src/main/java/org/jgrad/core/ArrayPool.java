package org.jgrad.core;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

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
 * never given back. Arrays handed out again are filled with zeros first, as new ones are.
 *
 * <p>Arrays of at least {@link #MIN_LENGTH} elements only (smaller ones come cheaply from the thread's allocation
 * buffer), at most {@link #PER_LENGTH} of each length and {@link #MAX_BYTES} in all (the kept arrays count against the
 * heap); lengths must match exactly.
 * {@code -Djgrad.arrayPool=false} (or {@link #setEnabled}) turns it off, and {@link #clear} lets the kept arrays go.
 * Thread-safe.
 */
public final class ArrayPool {
    /** The fewest elements an array must have to be kept. */
    public static final int MIN_LENGTH = 1 << 14;
    /** Arrays kept of any one length and type. */
    public static final int PER_LENGTH = 4;
    /** Bytes kept in all: 256 MB, or a sixteenth of the heap's limit if that is less. */
    public static final long MAX_BYTES = Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 16);

    private static final Map<Integer, ArrayDeque<float[]>> FLOATS = new HashMap<>();
    private static final Map<Integer, ArrayDeque<double[]>> DOUBLES = new HashMap<>();
    private static long bytes;
    private static volatile boolean enabled = !"false".equals(System.getProperty("jgrad.arrayPool"));

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

    /** Lets every kept array go. */
    public static synchronized void clear() {
        FLOATS.clear();
        DOUBLES.clear();
        bytes = 0;
    }

    /** Bytes kept now. */
    public static synchronized long keptBytes() {
        return bytes;
    }

    /**
     * Keeps {@code dead}'s array for a later {@link NDArray#zeros} of the same length. The caller guarantees that
     * nothing references that array any more, {@code dead} included: the backward engine only (see the class
     * comment).
     */
    public static void recycle(NDArray dead) {
        if (!enabled) {
            return;
        }
        if (dead.dtype() == DType.FLOAT32) {
            float[] a = dead.floats();
            if (a.length >= MIN_LENGTH) {
                keep(FLOATS, a, a.length, 4L * a.length);
            }
        } else {
            double[] a = dead.doubles();
            if (a.length >= MIN_LENGTH) {
                keep(DOUBLES, a, a.length, 8L * a.length);
            }
        }
    }

    private static synchronized <A> void keep(Map<Integer, ArrayDeque<A>> kept, A array, int length, long size) {
        ArrayDeque<A> same = kept.computeIfAbsent(length, n -> new ArrayDeque<>());
        if (same.size() < PER_LENGTH && bytes + size <= MAX_BYTES) {
            same.addLast(array);
            bytes += size;
        }
    }

    private static synchronized <A> A take(Map<Integer, ArrayDeque<A>> kept, int length, long size) {
        ArrayDeque<A> same = kept.get(length);
        A array = same == null ? null : same.pollLast();
        if (array != null) {
            bytes -= size;
        }
        return array;
    }

    /** A float array of zeros: a kept one filled with zeros, or a new one. */
    static float[] floats(int length) {
        float[] a = length >= MIN_LENGTH && enabled ? take(FLOATS, length, 4L * length) : null;
        if (a == null) {
            return new float[length];
        }
        Arrays.fill(a, 0f);
        return a;
    }

    /** A double array of zeros: a kept one filled with zeros, or a new one. */
    static double[] doubles(int length) {
        double[] a = length >= MIN_LENGTH && enabled ? take(DOUBLES, length, 8L * length) : null;
        if (a == null) {
            return new double[length];
        }
        Arrays.fill(a, 0.0);
        return a;
    }
}

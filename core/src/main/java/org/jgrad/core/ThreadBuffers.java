package org.jgrad.core;

/**
 * Scratch arrays kept per thread and reused from call to call: the column matrices of a convolution are about a
 * megabyte each, and a fresh one per call costs its zeroing and evicts the caches (the same reason the gemm keeps
 * its packing buffers per thread). A caller gets numbered slots, distinct arrays of at least the size asked for;
 * their contents are whatever the last user left, so a caller writes every element it later reads. A slot belongs
 * to its thread until that thread asks for it again: callers must not nest.
 */
final class ThreadBuffers {
    private static final int SLOTS = 9;
    /**
     * Floats past the size asked for: a masked vector access runs as an intrinsic only when the whole vector lies
     * inside the array, so a short run at the end of a buffer would otherwise take the Vector API's slow path.
     */
    private static final int SLACK = 64;
    private static final ThreadLocal<float[][]> FLOATS = ThreadLocal.withInitial(() -> new float[SLOTS][0]);
    private static final ThreadLocal<double[][]> DOUBLES = ThreadLocal.withInitial(() -> new double[SLOTS][0]);

    private ThreadBuffers() {
    }

    /** Slot {@code slot} of this thread: a {@code float[]} or {@code double[]} of at least {@code size}. */
    static Object get(DType dtype, int slot, int size) {
        if (dtype == DType.FLOAT32) {
            float[][] f = FLOATS.get();
            if (f[slot].length < size) {
                f[slot] = new float[size + SLACK];
            }
            return f[slot];
        }
        double[][] d = DOUBLES.get();
        if (d[slot].length < size) {
            d[slot] = new double[size + SLACK];
        }
        return d[slot];
    }
}

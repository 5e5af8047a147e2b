package org.jgrad.core;

/**
 * Element type of an {@link NDArray}. {@link #FLOAT32} is the default and runs on the Vector API kernels;
 * {@link #FLOAT64} is for checking numbers (gradcheck, finite differences) and runs on the generic loops.
 */
public enum DType {
    FLOAT32("float32", 4),
    FLOAT64("float64", 8);

    private final String label;
    private final int bytes;

    DType(String label, int bytes) {
        this.label = label;
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return label;
    }
}

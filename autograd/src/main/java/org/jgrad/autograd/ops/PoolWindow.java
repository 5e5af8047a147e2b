package org.jgrad.autograd.ops;

/** Kernel, stride and padding of a 2-D pooling, each an {@code (h, w)} pair (copied, so the caller's may change). */
public record PoolWindow(int[] kernel, int[] stride, int[] padding) {
    public PoolWindow {
        kernel = kernel.clone();
        stride = stride.clone();
        padding = padding.clone();
    }

    /** {@code kH kW}, the average's divisor. */
    public int area() {
        return kernel[0] * kernel[1];
    }
}

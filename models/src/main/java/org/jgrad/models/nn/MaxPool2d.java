package org.jgrad.models.nn;

import org.jgrad.autograd.Tensor;
import org.jgrad.autograd.ops.MaxPool2dFunction;

/**
 * 2-D max pooling (PyTorch's {@code nn.MaxPool2d}, square windows, dilation 1): each output is the largest input in
 * its {@code kernelSize x kernelSize} window; windows move by {@code stride} (default: the kernel size) over the
 * input padded by {@code padding} (padding never wins). {@code (N, C, H, W) -> (N, C, outH, outW)} with
 * {@code outH = floor((H + 2 padding - k) / stride) + 1}, or with {@code ceilMode} rounded up (PyTorch's
 * {@code ceil_mode=True}: one more window where the last one would be cut off, as long as it starts inside the input
 * or its left padding). The gradient goes to each window's arg-max. No parameters.
 *
 * <pre>{@code
 * new MaxPool2d(2).forward(x);                   // (N, C, 28, 28) -> (N, C, 14, 14)
 * new MaxPool2d(2, 2, 0, true).forward(x);       // (N, C, 7, 7)   -> (N, C, 4, 4); floor mode gives 3 x 3
 * }</pre>
 */
public final class MaxPool2d extends Module {
    private final int kernelSize;
    private final int stride;
    private final int padding;
    private final boolean ceilMode;

    /** PyTorch's {@code MaxPool2d(kernel_size, stride, padding, ceil_mode=ceilMode)}. */
    public MaxPool2d(int kernelSize, int stride, int padding, boolean ceilMode) {
        PoolChecks.require("MaxPool2d", kernelSize, stride, padding);
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.ceilMode = ceilMode;
    }

    /** Floor mode. */
    public MaxPool2d(int kernelSize, int stride, int padding) {
        this(kernelSize, stride, padding, false);
    }

    /** Windows of {@code kernelSize}, stride {@code kernelSize}, no padding. */
    public MaxPool2d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    @Override
    public Tensor forward(Tensor x) {
        return MaxPool2dFunction.apply(extended(x), new int[] {kernelSize, kernelSize}, new int[] {stride, stride},
                new int[] {padding, padding});
    }

    /**
     * {@code relu(forward(x))} as one op ({@link MaxPool2dFunction#applyRelu}): the same bits with one pass and one
     * array fewer. {@link Sequential} runs a {@link ReLU} directly followed by this layer so.
     */
    public Tensor forwardRelu(Tensor x) {
        return MaxPool2dFunction.applyRelu(extended(x), new int[] {kernelSize, kernelSize},
                new int[] {stride, stride}, new int[] {padding, padding});
    }

    /** {@code x}, extended for ceil mode. */
    private Tensor extended(Tensor x) {
        Tensor in = x;
        if (ceilMode) {
            // the windows the op's floor mode misses see extra cells of -infinity, which never win (as PyTorch's
            // kernel clips them away); every window starts inside, so its first cell, the op's fallback, is real
            PoolChecks.requireImages("MaxPool2d", x);
            int h = x.shape().dim(2);
            int w = x.shape().dim(3);
            int outH = PoolChecks.outSize("MaxPool2d", h, kernelSize, stride, padding, true);
            int outW = PoolChecks.outSize("MaxPool2d", w, kernelSize, stride, padding, true);
            in = PoolChecks.extend(x, PoolChecks.extra(h, kernelSize, stride, padding, outH),
                    PoolChecks.extra(w, kernelSize, stride, padding, outW), Double.NEGATIVE_INFINITY);
        }
        return in;
    }

    public int kernelSize() {
        return kernelSize;
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding + ", dilation=1, ceil_mode="
                + (ceilMode ? "True" : "False");
    }
}

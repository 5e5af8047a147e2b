package org.jgrad.models.nn;

import org.jgrad.autograd.Tensor;
import org.jgrad.autograd.ops.MaxPool2dFunction;

/**
 * 2-D max pooling (PyTorch's {@code nn.MaxPool2d}, square windows): each output is the largest input in its
 * {@code kernelSize x kernelSize} window; windows move by {@code stride} (default: the kernel size) over the input
 * padded by {@code padding} (never chosen). {@code (N, C, H, W) -> (N, C, floor((H + 2 padding - k) / stride) + 1,
 * ...)}. The gradient goes to each window's arg-max. No parameters.
 */
public final class MaxPool2d extends Module {
    private final int kernelSize;
    private final int stride;
    private final int padding;

    public MaxPool2d(int kernelSize, int stride, int padding) {
        PoolChecks.require("MaxPool2d", kernelSize, stride, padding);
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
    }

    /** Windows of {@code kernelSize}, stride {@code kernelSize}, no padding. */
    public MaxPool2d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    @Override
    public Tensor forward(Tensor x) {
        return MaxPool2dFunction.apply(x, new int[] {kernelSize, kernelSize}, new int[] {stride, stride},
                new int[] {padding, padding});
    }

    public int kernelSize() {
        return kernelSize;
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding;
    }
}

package org.jgrad.models.nn;

import org.jgrad.autograd.Tensor;
import org.jgrad.autograd.ops.AvgPool2dFunction;

/**
 * 2-D average pooling (PyTorch's {@code nn.AvgPool2d}, square windows, {@code count_include_pad=True}): each
 * output is its window's sum divided by {@code kernelSize^2}; windows move by {@code stride} (default: the kernel
 * size) over the input padded with zeros by {@code padding}. No parameters.
 */
public final class AvgPool2d extends Module {
    private final int kernelSize;
    private final int stride;
    private final int padding;

    public AvgPool2d(int kernelSize, int stride, int padding) {
        PoolChecks.require("AvgPool2d", kernelSize, stride, padding);
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
    }

    /** Windows of {@code kernelSize}, stride {@code kernelSize}, no padding. */
    public AvgPool2d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    @Override
    public Tensor forward(Tensor x) {
        return AvgPool2dFunction.apply(x, new int[] {kernelSize, kernelSize}, new int[] {stride, stride},
                new int[] {padding, padding});
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding;
    }
}

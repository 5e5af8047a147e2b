package org.jgrad.models.nn;

import org.jgrad.autograd.Tensor;
import org.jgrad.autograd.ops.AvgPool2dFunction;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;

/**
 * 2-D average pooling (PyTorch's {@code nn.AvgPool2d}, square windows): each output is its window's sum divided by
 * the window's size; windows move by {@code stride} (default: the kernel size) over the input padded with zeros by
 * {@code padding}. Output size as {@link MaxPool2d}'s, {@code ceilMode} included. No parameters.
 *
 * <p>The divisor, as PyTorch's kernel computes it for the window starting at {@code hs = oh stride - padding}:
 * <pre>
 * countIncludePad   (min(hs + k, H + padding) - hs)           the padding counts, the cells past it (ceil mode) do not
 * otherwise         (min(hs + k, H) - max(hs, 0))             only the input's own cells
 * </pre>
 * times the same for the width; in floor mode with {@code countIncludePad} that is always {@code k^2}.
 *
 * <pre>{@code
 * new AvgPool2d(3, 2, 1).forward(x);                // count_include_pad=True, floor mode
 * new AvgPool2d(3, 2, 1, true, false).forward(x);   // ceil_mode=True, count_include_pad=False
 * }</pre>
 */
public final class AvgPool2d extends Module {
    private final int kernelSize;
    private final int stride;
    private final int padding;
    private final boolean ceilMode;
    private final boolean countIncludePad;

    /** PyTorch's {@code AvgPool2d(kernel_size, stride, padding, ceil_mode, count_include_pad)}. */
    public AvgPool2d(int kernelSize, int stride, int padding, boolean ceilMode, boolean countIncludePad) {
        PoolChecks.require("AvgPool2d", kernelSize, stride, padding);
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
    }

    /** Floor mode, padding counted in the divisor (PyTorch's defaults). */
    public AvgPool2d(int kernelSize, int stride, int padding) {
        this(kernelSize, stride, padding, false, true);
    }

    /** Windows of {@code kernelSize}, stride {@code kernelSize}, no padding. */
    public AvgPool2d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    @Override
    public Tensor forward(Tensor x) {
        int[] k = {kernelSize, kernelSize};
        int[] s = {stride, stride};
        int[] p = {padding, padding};
        if (!ceilMode && (countIncludePad || padding == 0)) {
            return AvgPool2dFunction.apply(x, k, s, p); // every window's divisor is k^2, the op's
        }
        PoolChecks.requireImages("AvgPool2d", x);
        int h = x.shape().dim(2);
        int w = x.shape().dim(3);
        int outH = PoolChecks.outSize("AvgPool2d", h, kernelSize, stride, padding, ceilMode);
        int outW = PoolChecks.outSize("AvgPool2d", w, kernelSize, stride, padding, ceilMode);
        // the op sums each window over zeros past the input, divided by k^2; rescale to each window's own divisor
        Tensor in = PoolChecks.extend(x, PoolChecks.extra(h, kernelSize, stride, padding, outH),
                PoolChecks.extra(w, kernelSize, stride, padding, outW), 0);
        double[] rows = divisors(h, outH);
        double[] cols = divisors(w, outW);
        NDArray scale = NDArray.zeros(x.dtype(), Shape.of(1, 1, outH, outW));
        double area = (double) kernelSize * kernelSize;
        for (int i = 0; i < outH; i++) {
            for (int j = 0; j < outW; j++) {
                scale.set(i * outW + j, area / (rows[i] * cols[j]));
            }
        }
        return AvgPool2dFunction.apply(in, k, s, p).mul(Tensor.of(scale));
    }

    /** Each window's divisor along one dimension of {@code size} pixels (see the class comment). */
    private double[] divisors(int size, int out) {
        double[] d = new double[out];
        for (int o = 0; o < out; o++) {
            int start = o * stride - padding;
            int end = Math.min(start + kernelSize, size + padding);
            d[o] = countIncludePad ? end - start : Math.min(end, size) - Math.max(start, 0);
        }
        return d;
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding
                + (ceilMode ? ", ceil_mode=True" : "") + (countIncludePad ? "" : ", count_include_pad=False");
    }
}

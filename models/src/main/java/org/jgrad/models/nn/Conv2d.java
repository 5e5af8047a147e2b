package org.jgrad.models.nn;

import java.util.Random;
import org.jgrad.autograd.Tensor;
import org.jgrad.autograd.ops.Conv2dFunction;
import org.jgrad.autograd.ops.Conv2dOptions;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;

/**
 * A 2-D convolution layer (PyTorch's {@code nn.Conv2d}, square kernel, groups 1): {@code y = conv2d(x, W) + b}.
 *
 * <p>Shapes: input {@code (N, in, H, W)}, weight {@code (out, in, k, k)}, bias {@code (out,)}, output
 * {@code (N, out, outH, outW)} with {@code outH = floor((H + 2 padding - k) / stride) + 1}. The default
 * initialisation is PyTorch's: {@code kaiming_uniform_(a = sqrt(5))} for the weight, which is uniform in
 * {@code +-1/sqrt(fanIn)} with {@code fanIn = in k k}, and the bias uniform in the same bound.
 *
 * <pre>{@code
 * Conv2d conv = new Conv2d(1, 16, 5, 1, 2, new Random(0));
 * Tensor y = conv.forward(x);   // (N, 1, 28, 28) -> (N, 16, 28, 28)
 * }</pre>
 */
public final class Conv2d extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int kernelSize;
    private final Conv2dOptions options;
    private final Parameter weight;
    private final Parameter bias;

    /** A layer with stride {@code stride}, zero padding {@code padding} on each side, initialised from {@code random}. */
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, Random random) {
        if (inChannels <= 0 || outChannels <= 0 || kernelSize <= 0 || stride <= 0 || padding < 0) {
            throw new IllegalArgumentException("Conv2d(" + inChannels + ", " + outChannels + ", kernel_size="
                    + kernelSize + ", stride=" + stride + ", padding=" + padding + "): expected sizes >= 1 and "
                    + "padding >= 0");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.options = Conv2dOptions.of(stride, padding, 1);
        this.weight = registerParameter("weight", new Parameter(NDArray.zeros(DType.FLOAT32,
                Shape.of(outChannels, inChannels, kernelSize, kernelSize))));
        this.bias = registerParameter("bias", new Parameter(NDArray.zeros(DType.FLOAT32, Shape.of(outChannels))));
        resetParameters(random);
    }

    /** Stride 1, no padding. */
    public Conv2d(int inChannels, int outChannels, int kernelSize, Random random) {
        this(inChannels, outChannels, kernelSize, 1, 0, random);
    }

    /** PyTorch's default: weight, then bias, uniform in {@code [-1/sqrt(in k k), 1/sqrt(in k k))}. */
    public void resetParameters(Random random) {
        // kaiming_uniform_ with a = sqrt(5): gain sqrt(2 / (1 + 5)), bound gain sqrt(3 / fanIn) = 1 / sqrt(fanIn)
        double bound = 1.0 / Math.sqrt(inChannels * kernelSize * kernelSize);
        Init.uniform(weight, -bound, bound, random);
        Init.uniform(bias, -bound, bound, random);
    }

    /** {@code conv2d(x, W) + b}: (N, in, H, W) -> (N, out, outH, outW). */
    @Override
    public Tensor forward(Tensor x) {
        if (x.shape().rank() != 4 || x.shape().dim(1) != inChannels) {
            throw new IllegalArgumentException("Conv2d(" + inChannels + ", " + outChannels + "): expected input of "
                    + "shape (N, " + inChannels + ", H, W), got " + x.shape());
        }
        return Conv2dFunction.apply(x, weight, bias, options);
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public int kernelSize() {
        return kernelSize;
    }

    public int stride() {
        return options.strideH();
    }

    public int padding() {
        return options.padH();
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernel_size=(" + kernelSize + ", " + kernelSize + "), stride=("
                + stride() + ", " + stride() + "), padding=(" + padding() + ", " + padding() + ")";
    }
}

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
 * <p>Shapes: input {@code (N, in, H, W)}, weight {@code (out, in, k, k)}, bias {@code (out,)} (none with
 * {@code bias(false)}), output {@code (N, out, outH, outW)} with
 * {@code outH = floor((H + 2 padding - dilation (k - 1) - 1) / stride) + 1}. The default initialisation is
 * PyTorch's: {@code kaiming_uniform_(a = sqrt(5))} for the weight, which is uniform in {@code +-1/sqrt(fanIn)} with
 * {@code fanIn = in k k}, and then the bias uniform in the same bound.
 *
 * <pre>{@code
 * Conv2d conv = new Conv2d(1, 16, 5, 1, 2, new Random(0));
 * Tensor y = conv.forward(x);   // (N, 1, 28, 28) -> (N, 16, 28, 28)
 * Conv2d atrous = new Conv2d(16, 16, 3, Conv2d.Options.DEFAULT.padding(2).dilation(2).bias(false), random);
 * }</pre>
 */
public final class Conv2d extends Module {
    /**
     * PyTorch's keyword arguments of {@code nn.Conv2d} after the kernel size (groups are 1).
     *
     * @param stride step of the kernel over the input, in both directions
     * @param padding zeros added on each side, in both directions
     * @param dilation spacing between kernel taps
     * @param bias whether the layer adds a learned bias per output channel
     */
    public record Options(int stride, int padding, int dilation, boolean bias) {
        /** PyTorch's defaults: stride 1, padding 0, dilation 1, with bias. */
        public static final Options DEFAULT = new Options(1, 0, 1, true);

        public Options stride(int v) {
            return new Options(v, padding, dilation, bias);
        }

        public Options padding(int v) {
            return new Options(stride, v, dilation, bias);
        }

        public Options dilation(int v) {
            return new Options(stride, padding, v, bias);
        }

        public Options bias(boolean v) {
            return new Options(stride, padding, dilation, v);
        }
    }

    private final int inChannels;
    private final int outChannels;
    private final int kernelSize;
    private final Conv2dOptions options;
    private final Parameter weight;
    private final Parameter bias;

    /** A layer with the given stride, padding, dilation and bias, initialised from {@code random}. */
    public Conv2d(int inChannels, int outChannels, int kernelSize, Options options, Random random) {
        if (inChannels <= 0 || outChannels <= 0 || kernelSize <= 0 || options.stride() <= 0 || options.padding() < 0
                || options.dilation() <= 0) {
            throw new IllegalArgumentException("Conv2d(" + inChannels + ", " + outChannels + ", kernel_size="
                    + kernelSize + ", stride=" + options.stride() + ", padding=" + options.padding() + ", dilation="
                    + options.dilation() + "): expected sizes, stride and dilation >= 1 and padding >= 0");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.options = Conv2dOptions.of(options.stride(), options.padding(), options.dilation());
        this.weight = registerParameter("weight", new Parameter(NDArray.zeros(DType.FLOAT32,
                Shape.of(outChannels, inChannels, kernelSize, kernelSize))));
        this.bias = options.bias()
                ? registerParameter("bias", new Parameter(NDArray.zeros(DType.FLOAT32, Shape.of(outChannels))))
                : null;
        resetParameters(random);
    }

    /** A layer with stride {@code stride}, zero padding {@code padding} on each side, initialised from {@code random}. */
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, Random random) {
        this(inChannels, outChannels, kernelSize, Options.DEFAULT.stride(stride).padding(padding), random);
    }

    /** Stride 1, no padding. */
    public Conv2d(int inChannels, int outChannels, int kernelSize, Random random) {
        this(inChannels, outChannels, kernelSize, Options.DEFAULT, random);
    }

    /**
     * PyTorch's {@code reset_parameters}: the weight {@code kaiming_uniform_(a = sqrt(5))}, which is uniform in
     * {@code +-1/sqrt(in k k)} up to rounding, then the bias (if any) uniform in
     * {@code [-1/sqrt(in k k), 1/sqrt(in k k))}. With a {@link org.jgrad.models.data.TorchGenerator} the values are
     * PyTorch's bit for bit.
     */
    public void resetParameters(Random random) {
        Init.kaimingUniform(weight, Math.sqrt(5), random);
        if (bias != null) {
            double bound = 1.0 / Math.sqrt(inChannels * kernelSize * kernelSize);
            Init.uniform(bias, -bound, bound, random);
        }
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

    /** The bias, or null for a layer made with {@code bias(false)}. */
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

    public int dilation() {
        return options.dilationH();
    }

    /** As PyTorch prints it: padding when not 0, dilation when not 1, {@code bias=False} when there is none. */
    @Override
    protected String extraRepr() {
        String s = inChannels + ", " + outChannels + ", kernel_size=(" + kernelSize + ", " + kernelSize + "), stride=("
                + stride() + ", " + stride() + ")";
        if (padding() != 0) {
            s += ", padding=(" + padding() + ", " + padding() + ")";
        }
        if (dilation() != 1) {
            s += ", dilation=(" + dilation() + ", " + dilation() + ")";
        }
        return bias == null ? s + ", bias=False" : s;
    }
}

package org.jgrad.models.nn;

import java.util.Random;
import org.jgrad.autograd.Tensor;
import org.jgrad.autograd.ops.LinearFunction;
import org.jgrad.autograd.ops.LinearRelu;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;

/**
 * A fully connected layer: {@code y = x W^T + b}.
 *
 * <p>Shapes: input {@code (m, in)}, weight {@code (out, in)}, bias {@code (out,)}, output {@code (m, out)}. The
 * default initialisation is PyTorch's: weight and bias uniform in {@code +-1/sqrt(in)}.
 *
 * <pre>{@code
 * Linear layer = new Linear(64, 1, new Random(0));
 * Tensor logits = layer.forward(x);   // (m, 64) -> (m, 1)
 * }</pre>
 */
public final class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;

    /** A float32 layer initialised as PyTorch does, from {@code random}. */
    public Linear(int inFeatures, int outFeatures, Random random) {
        this(inFeatures, outFeatures, DType.FLOAT32, random);
    }

    /** A layer of the given dtype (PyTorch's {@code dtype=}) initialised as PyTorch does, from {@code random}. */
    public Linear(int inFeatures, int outFeatures, DType dtype, Random random) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Linear(" + inFeatures + ", " + outFeatures
                    + "): expected sizes >= 1");
        }
        if (random == null) {
            throw new IllegalArgumentException("Linear(" + inFeatures + ", " + outFeatures + "): random is null; pass "
                    + "a java.util.Random (new Random(seed)) or use Linear.zeros(" + inFeatures + ", " + outFeatures
                    + ")");
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight",
                new Parameter(NDArray.zeros(dtype, Shape.of(outFeatures, inFeatures))));
        this.bias = registerParameter("bias", new Parameter(NDArray.zeros(dtype, Shape.of(outFeatures))));
        resetParameters(random);
    }

    /** A layer with weight and bias all zero (the tutorials' {@code initialize_params}). */
    public static Linear zeros(int inFeatures, int outFeatures) {
        return zeros(inFeatures, outFeatures, DType.FLOAT32);
    }

    /** A layer of the given dtype with weight and bias all zero. */
    public static Linear zeros(int inFeatures, int outFeatures, DType dtype) {
        Linear l = new Linear(inFeatures, outFeatures, dtype, new Random(0));
        Init.zeros(l.weight);
        Init.zeros(l.bias);
        return l;
    }

    /**
     * PyTorch's {@code reset_parameters}: the weight {@code kaiming_uniform_(a = sqrt(5))} (uniform in
     * {@code +-1/sqrt(in)} up to rounding), then the bias uniform in {@code [-1/sqrt(in), 1/sqrt(in))}. With a
     * {@link org.jgrad.models.data.TorchGenerator} the values are PyTorch's bit for bit.
     */
    public void resetParameters(Random random) {
        Init.kaimingUniform(weight, Math.sqrt(5), random);
        double bound = 1.0 / Math.sqrt(inFeatures);
        Init.uniform(bias, -bound, bound, random);
    }

    /** {@code x W^T + b}: (m, in) -> (m, out). */
    @Override
    public Tensor forward(Tensor x) {
        requireInput(x);
        return LinearFunction.apply(x, weight, bias);
    }

    /**
     * {@code max(x W^T + b, 0)}: this layer and a {@link ReLU} in one op ({@link LinearRelu}), bit for bit
     * {@code forward(x).relu()}. {@link Sequential} calls it for a Linear followed by a ReLU.
     */
    public Tensor forwardRelu(Tensor x) {
        requireInput(x);
        return LinearRelu.apply(x, weight, bias);
    }

    private void requireInput(Tensor x) {
        if (x.shape().rank() != 2 || x.shape().dim(1) != inFeatures) {
            throw new IllegalArgumentException("Linear(" + inFeatures + ", " + outFeatures + "): expected input of "
                    + "shape (m, " + inFeatures + "), got " + x.shape());
        }
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=true";
    }
}

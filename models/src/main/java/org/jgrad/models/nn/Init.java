package org.jgrad.models.nn;

import java.util.Random;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;

/**
 * Parameter initialisation, in place, from a seeded generator so that runs are reproducible (PyTorch's
 * {@code nn.init}). For a weight of shape {@code (out, in)}, {@code fanIn = in} and {@code fanOut = out}.
 *
 * <pre>{@code
 * Init.kaimingUniform(layer.weight(), random);          // U(-b, b), b = sqrt(2) sqrt(3 / fanIn)
 * Init.xavierNormal(layer.weight(), 1.0, random);        // N(0, gain^2 * 2 / (fanIn + fanOut))
 * }</pre>
 */
public final class Init {
    private Init() {
    }

    /** Every element 0: the tutorials' {@code initialize_params}. */
    public static void zeros(Tensor t) {
        t.data().fill(0);
    }

    /** Every element drawn uniformly from {@code [low, high)}. */
    public static void uniform(Tensor t, double low, double high, Random random) {
        NDArray d = t.data();
        for (int i = 0; i < d.size(); i++) {
            d.set(i, low + (high - low) * random.nextDouble());
        }
    }

    /** Every element drawn from the normal distribution {@code N(mean, std^2)}. */
    public static void normal(Tensor t, double mean, double std, Random random) {
        NDArray d = t.data();
        for (int i = 0; i < d.size(); i++) {
            d.set(i, mean + std * random.nextGaussian());
        }
    }

    /** Glorot uniform: {@code U(-b, b)} with {@code b = gain sqrt(6 / (fanIn + fanOut))}. */
    public static void xavierUniform(Tensor t, double gain, Random random) {
        double bound = gain * Math.sqrt(6.0 / (fanIn(t) + fanOut(t)));
        uniform(t, -bound, bound, random);
    }

    /** Glorot normal: {@code N(0, std^2)} with {@code std = gain sqrt(2 / (fanIn + fanOut))}. */
    public static void xavierNormal(Tensor t, double gain, Random random) {
        normal(t, 0, gain * Math.sqrt(2.0 / (fanIn(t) + fanOut(t))), random);
    }

    /** He uniform for ReLU layers: {@code U(-b, b)} with {@code b = sqrt(2) sqrt(3 / fanIn)}. */
    public static void kaimingUniform(Tensor t, Random random) {
        double bound = Math.sqrt(2.0) * Math.sqrt(3.0 / fanIn(t));
        uniform(t, -bound, bound, random);
    }

    /** He normal for ReLU layers: {@code N(0, std^2)} with {@code std = sqrt(2 / fanIn)}. */
    public static void kaimingNormal(Tensor t, Random random) {
        normal(t, 0, Math.sqrt(2.0 / fanIn(t)), random);
    }

    /** The number of inputs of a weight {@code (out, in)}: {@code in}. */
    public static int fanIn(Tensor t) {
        requireMatrix(t);
        return t.shape().dim(1);
    }

    /** The number of outputs of a weight {@code (out, in)}: {@code out}. */
    public static int fanOut(Tensor t) {
        requireMatrix(t);
        return t.shape().dim(0);
    }

    private static void requireMatrix(Tensor t) {
        if (t.shape().rank() != 2) {
            throw new IllegalArgumentException("fan in/out: expected a weight of shape (out, in), got " + t.shape());
        }
    }
}

package org.jgrad.models.nn;

import java.util.Random;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
import org.jgrad.models.data.TorchGenerator;

/**
 * Parameter initialisation, in place, from a seeded generator so that runs are reproducible (PyTorch's
 * {@code nn.init}). For a weight of shape {@code (out, in, k...)}, {@code fanIn = in k...} and
 * {@code fanOut = out k...}, as PyTorch counts them. The bounds are computed in double as PyTorch's Python code
 * computes them; with a {@link TorchGenerator} the uniform draws are {@code tensor.uniform_}'s, bit for bit, so the
 * result is PyTorch's for the same seed. With any other {@code Random} an element is
 * {@code low + (high - low) nextDouble()}.
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

    /**
     * Every element drawn uniformly from {@code [low, high)}, in element order; from a {@link TorchGenerator}, as
     * {@code t.uniform_(low, high)} draws.
     */
    public static void uniform(Tensor t, double low, double high, Random random) {
        NDArray d = t.data();
        if (random instanceof TorchGenerator torch) {
            torch.uniform(d, low, high);
            return;
        }
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

    /** Glorot uniform: {@code U(-b, b)} with {@code b = sqrt(3) gain sqrt(2 / (fanIn + fanOut))}. */
    public static void xavierUniform(Tensor t, double gain, Random random) {
        double std = gain * Math.sqrt(2.0 / (fanIn(t) + fanOut(t)));
        uniform(t, -Math.sqrt(3.0) * std, Math.sqrt(3.0) * std, random);
    }

    /** Glorot normal: {@code N(0, std^2)} with {@code std = gain sqrt(2 / (fanIn + fanOut))}. */
    public static void xavierNormal(Tensor t, double gain, Random random) {
        normal(t, 0, gain * Math.sqrt(2.0 / (fanIn(t) + fanOut(t))), random);
    }

    /** He uniform for ReLU layers: {@code U(-b, b)} with {@code b = sqrt(3) sqrt(2) / sqrt(fanIn)}. */
    public static void kaimingUniform(Tensor t, Random random) {
        kaimingUniform(t, 0, random);
    }

    /**
     * PyTorch's {@code kaiming_uniform_(t, a)} (fan in, leaky ReLU of negative slope {@code a}): {@code U(-b, b)}
     * with {@code gain = sqrt(2 / (1 + a^2))}, {@code std = gain / sqrt(fanIn)}, {@code b = sqrt(3) std}, in that
     * order in double. {@code a = sqrt(5)} is the default of {@link Linear} and {@link Conv2d}, for which
     * {@code b} is {@code 1 / sqrt(fanIn)} up to rounding.
     */
    public static void kaimingUniform(Tensor t, double a, Random random) {
        double gain = Math.sqrt(2.0 / (1 + a * a));
        double bound = Math.sqrt(3.0) * (gain / Math.sqrt(fanIn(t)));
        uniform(t, -bound, bound, random);
    }

    /** He normal for ReLU layers: {@code N(0, std^2)} with {@code std = sqrt(2 / fanIn)}. */
    public static void kaimingNormal(Tensor t, Random random) {
        normal(t, 0, Math.sqrt(2.0 / fanIn(t)), random);
    }

    /** The number of inputs of a weight {@code (out, in, k...)}: {@code in} times the kernel's size. */
    public static int fanIn(Tensor t) {
        return t.shape().dim(1) * receptiveField(t);
    }

    /** The number of outputs of a weight {@code (out, in, k...)}: {@code out} times the kernel's size. */
    public static int fanOut(Tensor t) {
        return t.shape().dim(0) * receptiveField(t);
    }

    /** The product of the dimensions after the first two (1 for a matrix). */
    private static int receptiveField(Tensor t) {
        if (t.shape().rank() < 2) {
            throw new IllegalArgumentException("fan in/out: expected a weight of shape (out, in) or (out, in, k...), "
                    + "got " + t.shape());
        }
        int size = 1;
        for (int i = 2; i < t.shape().rank(); i++) {
            size *= t.shape().dim(i);
        }
        return size;
    }
}

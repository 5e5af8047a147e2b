package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;

/**
 * Binary cross-entropy of probabilities {@code a} in [0, 1] against targets {@code y} (PyTorch's
 * {@code binary_cross_entropy}). Per element, with weight {@code w} (1 by default, broadcast to {@code a}'s shape):
 *
 * <pre>
 *   l = -w [ y max(log a, -100) + (1 - y) max(log(1 - a), -100) ]
 * </pre>
 *
 * The logs are clamped at -100 as PyTorch clamps them, so {@code a = 0} or {@code 1} gives a finite loss. Gradient,
 * as PyTorch computes it: {@code dl/da = w (a - y) / max(a (1 - a), 1e-12)}. Prefer
 * {@link BinaryCrossEntropyWithLogits} on logits: it is exact where this one saturates.
 */
public final class BinaryCrossEntropy extends Function {
    private static final double LOG_FLOOR = -100;
    private static final double EPS = 1e-12;
    private final Reduction reduction;

    private BinaryCrossEntropy(Reduction reduction) {
        this.reduction = reduction;
    }

    /** The loss of probabilities {@code a} against {@code y} (same shape), optional {@code weight}, reduced. */
    public static Tensor apply(Tensor a, Tensor y, NDArray weight, Reduction reduction) {
        String name = "binary cross-entropy";
        LossInputs.requireSameShape(name, a.data(), y.data());
        NDArray as = a.data();
        NDArray ys = y.data();
        for (int i = 0; i < as.size(); i++) {
            double ai = as.get(i);
            if (!(ai >= 0 && ai <= 1)) {
                throw new IllegalArgumentException(name + ": input must be probabilities in [0, 1], but element " + i
                        + " is " + ai);
            }
        }
        NDArray w = LossInputs.expand(name, "weight", weight, as.shape(), as);
        double[] losses = new double[as.size()];
        for (int i = 0; i < as.size(); i++) {
            double ai = as.get(i);
            double yi = ys.get(i);
            double logA = Math.max(Math.log(ai), LOG_FLOOR);
            double log1mA = Math.max(Math.log1p(-ai), LOG_FLOOR);
            losses[i] = -w.get(i) * (yi * logA + (1 - yi) * log1mA);
        }
        BinaryCrossEntropy f = new BinaryCrossEntropy(reduction);
        f.save(a, y, Tensor.of(w));
        return f.output(reduction.reduce(losses, as.dtype(), as.shape(), as.size()), a, y);
    }

    @Override
    protected Tensor[] backward(Tensor dOut) {
        Tensor a = saved(0);
        Tensor y = saved(1);
        Tensor gw = reduction.spread(dOut, a.size()).mul(saved(2));
        Tensor da = null;
        if (needsGrad(0)) {
            // dl/da = w (a - y) / max(a (1 - a), 1e-12), as PyTorch computes it
            Tensor variance = a.mul(a.neg().add(1.0)).clamp(EPS, Double.POSITIVE_INFINITY);
            da = gw.mul(a.sub(y)).div(variance);
        }
        Tensor dy = null;
        if (needsGrad(1)) {
            // dl/dy = -w [max(log a, -100) - max(log(1 - a), -100)]
            Tensor logA = a.log().clamp(LOG_FLOOR, Double.POSITIVE_INFINITY);
            Tensor log1mA = a.neg().add(1.0).log().clamp(LOG_FLOOR, Double.POSITIVE_INFINITY);
            dy = gw.mul(logA.sub(log1mA)).neg();
        }
        return grads(da, dy);
    }

    @Override
    public String localDerivative(int input) {
        return input == 0 ? "(a - y)/(a(1 - a))" : "log(1 - a) - log a";
    }
}

package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;

/**
 * Binary cross-entropy of logits {@code z} against targets {@code y} in [0, 1], in one op (PyTorch's
 * {@code binary_cross_entropy_with_logits}). Per element, with weight {@code w} and positive-class weight {@code p}
 * (both 1 by default, both broadcast to {@code z}'s shape):
 *
 * <pre>
 *   l = w [ (1 - y) z + (1 + (p - 1) y) (log(1 + exp(-|z|)) + max(-z, 0)) ]
 * </pre>
 *
 * which equals {@code -w [p y log a + (1 - y) log(1 - a)]} with {@code a = sigma(z)}, but never takes the log of 0
 * (the log-sum-exp trick: {@code log(1 + e^-z) = log(1 + e^-|z|) + max(-z, 0)}). The output is reduced by
 * {@link Reduction} (mean by default). Its gradient is the closed form
 * {@code dl/dz = w [sigma(z) - y - (p - 1) y (1 - sigma(z))]}, which for {@code p = 1} is the tutorials'
 * {@code dz = a - y} (tutorial 000, section 07).
 */
public final class BinaryCrossEntropyWithLogits extends Function {
    private final Reduction reduction;
    private final boolean weighted;
    private final boolean posWeighted;

    private BinaryCrossEntropyWithLogits(Reduction reduction, boolean weighted, boolean posWeighted) {
        this.reduction = reduction;
        this.weighted = weighted;
        this.posWeighted = posWeighted;
    }

    /** The mean loss, no weights: {@code (1/m) sum [max(z, 0) - z y + log(1 + e^-|z|)]}. */
    public static Tensor apply(Tensor z, Tensor y) {
        return apply(z, y, null, null, Reduction.MEAN);
    }

    /**
     * The loss with an optional element weight {@code weight} and positive-class weight {@code posWeight} (null for
     * none; each broadcast to {@code z}'s shape, so a {@code posWeight} of shape {@code (C,)} weighs each of C
     * columns), reduced as asked.
     */
    public static Tensor apply(Tensor z, Tensor y, NDArray weight, NDArray posWeight, Reduction reduction) {
        String name = "binary cross-entropy with logits";
        LossInputs.requireSameShape(name, z.data(), y.data());
        NDArray zs = z.data();
        NDArray ys = y.data();
        NDArray w = LossInputs.expand(name, "weight", weight, zs.shape(), zs);
        NDArray p = LossInputs.expand(name, "posWeight", posWeight, zs.shape(), zs);
        double[] losses = new double[zs.size()];
        for (int i = 0; i < zs.size(); i++) {
            double zi = zs.get(i);
            double yi = ys.get(i);
            double softplusNeg = Math.log1p(Math.exp(-Math.abs(zi))) + Math.max(-zi, 0);
            losses[i] = w.get(i) * ((1 - yi) * zi + (1 + (p.get(i) - 1) * yi) * softplusNeg);
        }
        BinaryCrossEntropyWithLogits f = new BinaryCrossEntropyWithLogits(reduction, weight != null,
                posWeight != null);
        f.save(z, y, Tensor.of(w), Tensor.of(p));
        return f.output(reduction.reduce(losses, zs.dtype(), zs.shape(), zs.size()), z, y);
    }

    @Override
    protected Tensor[] backward(Tensor dOut) {
        Tensor z = saved(0);
        Tensor y = saved(1);
        Tensor g = reduction.spread(dOut, z.size());
        if (weighted) {
            g = g.mul(saved(2));
        }
        Tensor dz = null;
        if (needsGrad(0)) {
            // dl/dz = w [sigma(z) - y - (p - 1) y (1 - sigma(z))]; without p, the tutorials' dz = a - y
            Tensor a = z.sigmoid();
            Tensor local = a.sub(y);
            if (posWeighted) {
                local = local.sub(saved(3).sub(1.0).mul(y).mul(a.neg().add(1.0)));
            }
            dz = g.mul(local);
        }
        Tensor dy = null;
        if (needsGrad(1)) {
            // dl/dy = w [-z + (p - 1) log(1 + e^-z)]
            Tensor local = z.neg();
            if (posWeighted) {
                local = local.add(saved(3).sub(1.0).mul(z.neg().softplus()));
            }
            dy = g.mul(local);
        }
        return grads(dz, dy);
    }

    @Override
    public String localDerivative(int input) {
        return input == 0 ? "(a - y)/m" : "-z/m";
    }
}

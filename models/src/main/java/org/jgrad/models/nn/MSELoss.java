package org.jgrad.models.nn;

import org.jgrad.autograd.Tensor;
import org.jgrad.autograd.ops.MeanSquaredError;
import org.jgrad.autograd.ops.Reduction;

/**
 * Squared error (PyTorch's {@code MSELoss}): per element {@code (x - y)^2}, then reduced (mean by default).
 * Gradient {@code 2 (x - y) / m} for the mean.
 */
public final class MSELoss implements Loss {
    private final Reduction reduction;

    /** Mean reduction. */
    public MSELoss() {
        this(Reduction.MEAN);
    }

    public MSELoss(Reduction reduction) {
        this.reduction = LossChecks.requireReduction("MSELoss", reduction);
    }

    /** The loss of {@code input} against {@code target} of the same shape. */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return MeanSquaredError.apply(input, target, reduction);
    }

    @Override
    public String toString() {
        return "MSELoss(reduction=" + reduction.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}

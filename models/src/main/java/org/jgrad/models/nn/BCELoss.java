package org.jgrad.models.nn;

import org.jgrad.autograd.Tensor;
import org.jgrad.autograd.ops.BinaryCrossEntropy;
import org.jgrad.autograd.ops.Reduction;
import org.jgrad.core.NDArray;

/**
 * Binary cross-entropy on probabilities (PyTorch's {@code BCELoss}): per element
 * {@code l = -w [y log a + (1 - y) log(1 - a)]} with each log clamped at -100, then reduced (mean by default).
 * Gradient {@code w (a - y) / (a (1 - a))}. Labels must be 0 or 1.
 */
public final class BCELoss implements Loss {
    private final NDArray weight;
    private final Reduction reduction;

    /** Mean reduction, no weight. */
    public BCELoss() {
        this(null, Reduction.MEAN);
    }

    /** With a per-element {@code weight} (broadcast to the input's shape, or null) and a reduction. */
    public BCELoss(NDArray weight, Reduction reduction) {
        this.weight = weight;
        this.reduction = LossChecks.requireReduction("BCELoss", reduction);
    }

    /** The loss of {@code probabilities} in [0, 1] against {@code labels} of the same shape. */
    @Override
    public Tensor forward(Tensor probabilities, Tensor labels) {
        LossChecks.requireBinaryLabels("BCELoss", labels.data());
        return BinaryCrossEntropy.apply(probabilities, labels, weight, reduction);
    }

    @Override
    public String toString() {
        return "BCELoss(reduction=" + reduction.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}

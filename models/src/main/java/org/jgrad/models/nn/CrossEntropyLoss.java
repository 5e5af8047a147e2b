package org.jgrad.models.nn;

import org.jgrad.autograd.Tensor;
import org.jgrad.autograd.ops.CrossEntropy;
import org.jgrad.autograd.ops.Reduction;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;

/**
 * Cross-entropy of logits and class indices (PyTorch's {@code CrossEntropyLoss}): per row
 * {@code l_i = -w[t_i] log softmax(z_i)[t_i]}, with a stable log-softmax, then reduced (mean by default, divided by
 * the sum of the rows' class weights). Gradient {@code (softmax(z) - onehot(t)) / m} without weights.
 *
 * <pre>{@code
 * Tensor loss = new CrossEntropyLoss().forward(logits, labels);   // logits (m, C), labels (m,) or (m, 1)
 * }</pre>
 *
 * <p>A label that is not a class index {@code 0..C-1} is an error naming the first bad value and its position.
 */
public final class CrossEntropyLoss implements Loss {
    private final NDArray weight;
    private final Reduction reduction;

    /** Mean reduction, no class weights. */
    public CrossEntropyLoss() {
        this(null, Reduction.MEAN);
    }

    /** With class weights {@code weight} of shape {@code (C,)} (or null) and a reduction. */
    public CrossEntropyLoss(NDArray weight, Reduction reduction) {
        this.weight = weight;
        this.reduction = LossChecks.requireReduction("CrossEntropyLoss", reduction);
    }

    /** The loss of {@code logits} (m, C) against class indices {@code labels} of shape (m,) or (m, 1). */
    @Override
    public Tensor forward(Tensor logits, Tensor labels) {
        NDArray t = labels.data();
        if (t.shape().rank() == 2 && t.shape().dim(1) == 1) {
            t = t.reshape(Shape.of(t.shape().dim(0)));
        }
        return CrossEntropy.apply(logits, t, weight, reduction);
    }

    @Override
    public String toString() {
        return "CrossEntropyLoss(reduction=" + reduction.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}

package org.jgrad.models.nn;

import org.jgrad.autograd.Tensor;
import org.jgrad.autograd.ops.BinaryCrossEntropyWithLogits;

/**
 * Binary cross-entropy on logits, mean over the batch (PyTorch's {@code BCEWithLogitsLoss()}):
 * {@code L = -(1/m) sum [y log sigma(z) + (1 - y) log(1 - sigma(z))]}, computed in the stable form
 * {@code max(z, 0) - z y + log(1 + e^-|z|)}. Its gradient is {@code (sigma(z) - y) / m}.
 *
 * <p>Labels must be 0 or 1; anything else is an error naming the first bad value and its row.
 */
public final class BCEWithLogitsLoss {

    /** The loss of {@code logits} (shape {@code (m, 1)} or {@code (m,)}) against {@code labels} of the same shape. */
    public Tensor forward(Tensor logits, Tensor labels) {
        if (!logits.shape().equals(labels.shape())) {
            throw new IllegalArgumentException("BCEWithLogitsLoss: logits of shape " + logits.shape()
                    + " and labels of shape " + labels.shape() + " differ; expected the same shape");
        }
        for (int i = 0; i < labels.size(); i++) {
            double y = labels.data().get(i);
            if (y != 0.0 && y != 1.0) {
                throw new IllegalArgumentException("BCEWithLogitsLoss: labels must be 0 or 1, but row " + i
                        + " holds " + y);
            }
        }
        return BinaryCrossEntropyWithLogits.apply(logits, labels);
    }

    @Override
    public String toString() {
        return "BCEWithLogitsLoss()";
    }
}

package org.jgrad.models.nn;

import org.jgrad.autograd.Tensor;
import org.jgrad.autograd.ops.BinaryCrossEntropyWithLogits;
import org.jgrad.autograd.ops.LinearBCEWithLogits;
import org.jgrad.autograd.ops.Reduction;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;

/**
 * Binary cross-entropy on logits (PyTorch's {@code BCEWithLogitsLoss}): per element
 * {@code l = -w [p y log sigma(z) + (1 - y) log(1 - sigma(z))]}, computed in the stable form of
 * {@link BinaryCrossEntropyWithLogits}, then reduced (mean by default). With no weights its gradient is
 * {@code (sigma(z) - y) / m}.
 *
 * <pre>{@code
 * Tensor loss = new BCEWithLogitsLoss().forward(logits, labels);             // mean over m
 * new BCEWithLogitsLoss(null, posWeight, Reduction.SUM).forward(logits, y);  // rare positives weighed up
 * }</pre>
 *
 * <p>Labels must be 0 or 1; anything else is an error naming the first bad value and its position.
 */
public final class BCEWithLogitsLoss implements Loss {
    private final NDArray weight;
    private final NDArray posWeight;
    private final Reduction reduction;

    /** Mean reduction, no weights. */
    public BCEWithLogitsLoss() {
        this(null, null, Reduction.MEAN);
    }

    /**
     * @param weight per-element weight broadcast to the logits' shape, or null
     * @param posWeight weight of positive examples, broadcast to the logits' shape (one per column), or null
     * @param reduction none, mean or sum
     */
    public BCEWithLogitsLoss(NDArray weight, NDArray posWeight, Reduction reduction) {
        this.weight = weight;
        this.posWeight = posWeight;
        this.reduction = LossChecks.requireReduction("BCEWithLogitsLoss", reduction);
    }

    /** The loss of {@code logits} (e.g. {@code (m, 1)} or {@code (m,)}) against {@code labels} of the same shape. */
    @Override
    public Tensor forward(Tensor logits, Tensor labels) {
        if (!logits.shape().equals(labels.shape())) {
            throw new IllegalArgumentException("BCEWithLogitsLoss: logits of shape " + logits.shape()
                    + " and labels of shape " + labels.shape() + " differ; expected the same shape");
        }
        LossChecks.requireBinaryLabels("BCEWithLogitsLoss", labels.data());
        return BinaryCrossEntropyWithLogits.apply(logits, labels, weight, posWeight, reduction);
    }

    /**
     * The loss of {@code layer.forward(x)} against {@code labels}: the same value and gradients as
     * {@code forward(layer.forward(x), labels)}, computed by the fused op {@link LinearBCEWithLogits} (one pass over
     * {@code x}) when the graph allows it: mean reduction without weights, a layer with one output, float32, and
     * {@code x} needing no gradient. Otherwise the unfused graph.
     */
    public Tensor forward(Linear layer, Tensor x, Tensor labels) {
        if (!fusable(layer, x, labels)) {
            return forward(layer.forward(x), labels);
        }
        LossChecks.requireBinaryLabels("BCEWithLogitsLoss", labels.data());
        return LinearBCEWithLogits.apply(x, layer.weight(), layer.bias(), labels);
    }

    /**
     * The loss of a mini-batch, the rows {@code rows} of a data set {@code x} and its {@code labels}: the same value
     * and gradients as {@code forward(layer, x.indexSelect(0, rows), labels.indexSelect(0, rows))}. Where the fused
     * op applies (as for {@link #forward(Linear, Tensor, Tensor)}), it reads the rows where they are, a few at a
     * time, instead of copying the batch out first; otherwise the rows are selected and the unfused graph runs.
     *
     * <pre>{@code
     * int[] order = Shuffle.permutation(m, random);
     * for (int start = 0; start < m; start += 64) {
     *     int[] rows = Arrays.copyOfRange(order, start, Math.min(m, start + 64));
     *     Tensor loss = criterion.forward(model, x, y, rows);
     *     ...
     * }
     * }</pre>
     *
     * @throws IndexOutOfBoundsException naming the first row outside x, before anything is computed
     */
    public Tensor forward(Linear layer, Tensor x, Tensor labels, int[] rows) {
        if (rows == null) {
            throw new IllegalArgumentException("BCEWithLogitsLoss: rows is null; pass the batch's row indices, or "
                    + "forward(layer, x, labels) for every row");
        }
        if (!fusable(layer, x, labels)) {
            return forward(layer, x.indexSelect(0, rows), labels.indexSelect(0, rows));
        }
        LossChecks.requireBinaryLabels("BCEWithLogitsLoss", labels.data(), rows);
        return LinearBCEWithLogits.apply(x, layer.weight(), layer.bias(), labels, rows);
    }

    /** Whether the fused op computes {@code forward(layer.forward(x), labels)}. */
    private boolean fusable(Linear layer, Tensor x, Tensor labels) {
        return weight == null && posWeight == null && reduction == Reduction.MEAN
                && layer.outFeatures() == 1 && !x.requiresGrad() && !labels.requiresGrad()
                && x.shape().rank() == 2 && x.shape().dim(1) == layer.inFeatures()
                && labels.shape().isMatrix(x.shape().dim(0), 1)
                && x.dtype() == DType.FLOAT32 && labels.dtype() == DType.FLOAT32
                && layer.weight().dtype() == DType.FLOAT32 && layer.bias().dtype() == DType.FLOAT32;
    }

    @Override
    public String toString() {
        return "BCEWithLogitsLoss(reduction=" + reduction.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}

package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.DType;
import org.jgrad.core.LogisticStep;

/**
 * Logistic regression's loss in one op: {@code L = BCEWithLogits(x W^T + b, y)}, the mean over the m rows of
 * {@code max(z, 0) - z y + log(1 + exp(-|z|))} with {@code z = x W^T + b}; equal to
 * {@code BinaryCrossEntropyWithLogits.apply(x.matmul(W.t()).add(b), y)}.
 *
 * <p>Shapes: {@code x (m, k)} float32 and needing no gradient, {@code weight (1, k)}, {@code bias (1,)},
 * {@code y (m, 1)}. Why fuse: the gradient {@code dL/dz_i = (sigma(z_i) - y_i) / m} (tutorial 000, section 07,
 * {@code dz = a - y}) is known as soon as row i's logit is, so the forward pass also accumulates
 * {@code dW = sum_i dz_i x_i} and {@code db = sum_i dz_i} while row i is still in cache: x is read once per step
 * instead of twice (forward {@code x W^T}, backward {@code dz^T x}), and nothing of size m is kept for backward,
 * which only scales the two sums by the incoming {@code dL}. The pass itself is core's {@link LogisticStep}.
 */
public final class LinearBCEWithLogits extends Function {
    private LinearBCEWithLogits() {
    }

    /** The loss (a scalar) and, recorded for backward, its gradients for {@code weight} and {@code bias}. */
    public static Tensor apply(Tensor x, Tensor weight, Tensor bias, Tensor y) {
        return apply(x, weight, bias, y, null);
    }

    /**
     * The loss over the rows {@code rows} of x and y, in that order (a mini-batch of a data set: duplicates allowed),
     * equal bit for bit to {@code apply(x.indexSelect(0, rows), weight, bias, y.indexSelect(0, rows))}, the mean over
     * {@code rows.length}. The rows are not copied out first: each small group of them is gathered into the step's
     * scratch, in L1, while the step runs ({@link LogisticStep}). A null {@code rows} means every row.
     */
    public static Tensor apply(Tensor x, Tensor weight, Tensor bias, Tensor y, int[] rows) {
        int m = x.shape().rank() == 2 ? x.shape().dim(0) : -1;
        int k = x.shape().rank() == 2 ? x.shape().dim(1) : -1;
        if (m < 0 || !weight.shape().isMatrix(1, k) || bias.size() != 1 || !y.shape().isMatrix(m, 1)) {
            throw new IllegalArgumentException("fused linear + BCE with logits: expected x (m, k), weight (1, k), "
                    + "bias (1,) and y (m, 1), got x " + x.shape() + ", weight " + weight.shape() + ", bias "
                    + bias.shape() + ", y " + y.shape());
        }
        for (Tensor t : new Tensor[] {x, weight, bias, y}) {
            if (t.dtype() != DType.FLOAT32) {
                throw new IllegalArgumentException("fused linear + BCE with logits: expected float32 tensors, got "
                        + t.dtype() + " " + t.shape());
            }
        }
        if (x.requiresGrad() || y.requiresGrad()) {
            throw new IllegalArgumentException("fused linear + BCE with logits: x and y must not require grad (the "
                    + "fusion computes only dW and db); use the unfused Linear and BCEWithLogitsLoss");
        }
        if (rows != null) {
            requireRows(rows, m);
        }
        // into the arrays the parameters' last zeroGrad() freed, which backward hands over as their new grad
        LogisticStep.Result r = LogisticStep.lossAndGradient(x.data(), rows, 0, rows == null ? m : rows.length,
                weight.data(), bias.data(), y.data(), spareGradientInForward(weight), spareGradientInForward(bias));
        LinearBCEWithLogits f = new LinearBCEWithLogits();
        f.save(Tensor.of(r.weightGrad()), Tensor.of(r.biasGrad()));
        return f.output(r.loss(), x, weight, bias, y);
    }

    /** Throws, naming the first bad one, unless there is at least one row and every row is in {@code [0, m)}. */
    private static void requireRows(int[] rows, int m) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("fused linear + BCE with logits: expected at least one row, got an "
                    + "empty list of rows");
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= m) {
                throw new IndexOutOfBoundsException("fused linear + BCE with logits: row " + rows[i] + " at position "
                        + i + " is out of range for x of " + m + " rows (expected 0 to " + (m - 1) + ")");
            }
        }
    }

    @Override
    protected Tensor[] backward(Tensor dL) {
        // the saved sums are dL/dW and dL/db for dL = 1, returned as they are (returnsSavedGradients)
        double scale = dL.item();
        Tensor dw = scale == 1.0 ? saved(0) : saved(0).mul(scale);
        Tensor db = scale == 1.0 ? saved(1) : saved(1).mul(scale);
        return grads(null, needsGrad(1) ? dw : null, needsGrad(2) ? db : null, null);
    }

    /** The saved sums go to W and b as their gradients once the graph is freed: nothing else holds them. */
    @Override
    protected boolean returnsSavedGradients() {
        return true;
    }

    /** The rule returns the sums of the forward pass, which are not functions of W and b in the graph. */
    @Override
    protected boolean onceDifferentiable() {
        return true;
    }

    @Override
    public String localDerivative(int input) {
        return switch (input) {
            case 1 -> "sum_i (a_i - y_i) x_i / m";
            case 2 -> "sum_i (a_i - y_i) / m";
            default -> "none (needs no grad)";
        };
    }
}

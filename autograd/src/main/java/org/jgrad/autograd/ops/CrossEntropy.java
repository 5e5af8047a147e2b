package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.GradMode;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.kernels.Kernels;

/**
 * Cross-entropy of logits {@code z} of shape {@code (m, C)} against class indices {@code t} of shape {@code (m,)}
 * (PyTorch's {@code cross_entropy}), in one op. Per row, with class weights {@code w} of shape {@code (C,)} (1 by
 * default):
 *
 * <pre>
 *   l_i = w[t_i] (logsumexp(z_i) - z_i[t_i]),   logsumexp(z_i) = max(z_i) + log sum_j exp(z_ij - max(z_i))
 * </pre>
 *
 * that is {@code -w log softmax(z_i)[t_i]}, computed stably (the row maximum is subtracted before exp). Reduction
 * MEAN divides by {@code sum_i w[t_i]} (by {@code m} without weights), as PyTorch does. Gradient, in closed form:
 * {@code dl_i/dz_ij = w[t_i] (softmax(z_i)_j - [j = t_i])}.
 */
public final class CrossEntropy extends Function {
    private final Reduction reduction;
    private final double divisor;
    private final int[] targets;
    private final double[] rowWeights;

    private CrossEntropy(Reduction reduction, double divisor, int[] targets, double[] rowWeights) {
        this.reduction = reduction;
        this.divisor = divisor;
        this.targets = targets;
        this.rowWeights = rowWeights;
    }

    /**
     * The loss of logits {@code z} (m, C) against {@code targets} (m,) holding whole numbers in {@code 0..C-1},
     * with optional class weights {@code weight} (C,) (null for none), reduced as asked.
     *
     * @throws IllegalArgumentException naming the first target that is not a class index, and its position
     */
    public static Tensor apply(Tensor z, NDArray targets, NDArray weight, Reduction reduction) {
        NDArray zs = z.data();
        if (zs.shape().rank() != 2) {
            throw new IllegalArgumentException("cross-entropy: expected logits of shape (m, C), got " + zs.shape());
        }
        int m = zs.shape().dim(0);
        int classes = zs.shape().dim(1);
        if (targets.shape().rank() != 1 || targets.size() != m) {
            throw new IllegalArgumentException("cross-entropy: expected targets of shape (" + m + ",) for logits "
                    + zs.shape() + ", got " + targets.shape());
        }
        if (weight != null && (weight.shape().rank() != 1 || weight.size() != classes)) {
            throw new IllegalArgumentException("cross-entropy: expected a class weight of shape (" + classes
                    + ",), got " + weight.shape());
        }
        int[] t = classIndices(targets, classes);
        double[] rowWeights = new double[m];
        double[] losses = new double[m];
        NDArray softmax = NDArray.zeros(zs.dtype(), zs.shape());
        double weightSum = zs.dtype() == DType.FLOAT32
                ? floatForward(zs.floats(), m, classes, softmax.floats(), t, weight, rowWeights, losses)
                : doubleForward(zs, m, classes, softmax, t, weight, rowWeights, losses);
        CrossEntropy f = new CrossEntropy(reduction, weightSum, t, weight == null ? null : rowWeights);
        // softmax(z) recorded as an op on z, so that the rule below stays differentiable
        f.save(Softmax.of(z, softmax, 1));
        return f.output(reduction.reduce(losses, zs.dtype(), targets.shape(), weightSum), z);
    }

    /**
     * The rows of float32 logits as PyTorch's float32 log-softmax takes them: {@code z - max(z)} in float32, all the
     * rows' exponentials in one call of the kernels' float32 exp (within 2 ulps, the same bits at every width and on
     * the scalar kernels), then per row their sum and its log in float64, and the loss
     * {@code w[t] (log sum_j exp(z_j - max) - (z_t - max))}. Writes the softmax, the row weights and the rows' losses;
     * returns the sum of the row weights.
     * mlp's batch of 128 x 10 logits: 5.7-6.0 us a forward pass in a harness against 11.2-11.7 with a float64
     * {@code Math.exp} and a division per logit (as {@link #doubleForward} still does), and 12 us against 20 in
     * {@code ./jgrad bench --phases mlp}.
     */
    private static double floatForward(float[] z, int m, int classes, float[] softmax, int[] t, NDArray weight,
            double[] rowWeights, double[] losses) {
        double weightSum = 0;
        for (int i = 0; i < m; i++) {
            int row = i * classes;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                max = Math.max(max, z[row + j]);
            }
            for (int j = 0; j < classes; j++) {
                softmax[row + j] = z[row + j] - max;
            }
            losses[i] = -softmax[row + t[i]];
        }
        Kernels.get().exp(softmax, 0, softmax, 0, m * classes);
        for (int i = 0; i < m; i++) {
            int row = i * classes;
            double sum = 0;
            for (int j = 0; j < classes; j++) {
                sum += softmax[row + j];
            }
            double inverse = 1 / sum;
            for (int j = 0; j < classes; j++) {
                softmax[row + j] = (float) (softmax[row + j] * inverse);
            }
            rowWeights[i] = weight == null ? 1 : weight.get(t[i]);
            weightSum += rowWeights[i];
            losses[i] = rowWeights[i] * (Math.log(sum) + losses[i]);
        }
        return weightSum;
    }

    /** The same in float64 throughout, for float64 logits (gradcheck's dtype): returns the sum of the row weights. */
    private static double doubleForward(NDArray zs, int m, int classes, NDArray softmax, int[] t, NDArray weight,
            double[] rowWeights, double[] losses) {
        double weightSum = 0;
        double[] e = new double[classes];
        for (int i = 0; i < m; i++) {
            int row = i * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                max = Math.max(max, zs.get(row + j));
            }
            // e_j = exp(z_j - max) once; softmax_j = e_j / sum_j e_j
            double sum = 0;
            for (int j = 0; j < classes; j++) {
                e[j] = Math.exp(zs.get(row + j) - max);
                sum += e[j];
            }
            double logSum = max + Math.log(sum);
            for (int j = 0; j < classes; j++) {
                softmax.set(row + j, e[j] / sum);
            }
            rowWeights[i] = weight == null ? 1 : weight.get(t[i]);
            weightSum += rowWeights[i];
            losses[i] = rowWeights[i] * (logSum - zs.get(row + t[i]));
        }
        return weightSum;
    }

    /** The targets as ints, each checked to be a whole number in {@code 0..classes-1}. */
    private static int[] classIndices(NDArray targets, int classes) {
        int[] t = new int[targets.size()];
        for (int i = 0; i < t.length; i++) {
            double v = targets.get(i);
            if (v != Math.rint(v) || v < 0 || v >= classes) {
                throw new IllegalArgumentException("cross-entropy: target " + i + " is " + v
                        + ", expected a class index 0.." + (classes - 1));
            }
            t[i] = (int) v;
        }
        return t;
    }

    @Override
    protected Tensor[] backward(Tensor dOut) {
        // dl_i/dz_ij = w[t_i] (softmax(z_i)_j - [j = t_i]), scaled by dL/dl_i
        Tensor s = saved(0);
        if (!GradMode.isEnabled() && s.dtype() == DType.FLOAT32) {
            return grads(Tensor.of(floatGradient(s.data(), dOut.data())));
        }
        int m = targets.length;
        int classes = s.shape().dim(1);
        NDArray onehot = NDArray.zeros(s.dtype(), s.shape());
        for (int i = 0; i < m; i++) {
            onehot.set(i * classes + targets[i], 1.0);
        }
        Tensor g = reduction.spread(dOut, divisor);
        Tensor scale = reduction == Reduction.NONE ? g.reshape(m, 1) : g;
        if (rowWeights != null) {
            scale = scale.mul(Tensor.of(rowWeights, s.dtype(), m, 1));
        }
        return grads(s.sub(Tensor.of(onehot)).mul(scale));
    }

    /**
     * The rule above in one pass over float32 arrays, for an ordinary backward pass (nothing recorded): the same
     * float32 operations in the same order as the tensor ops, so the same bits. Per row the scale is
     * {@code dOut_i} (NONE), {@code dOut} (SUM) or {@code dOut / divisor} (MEAN, one float32 division), times
     * {@code w[t_i]} with weights; then {@code dz_ij = (s_ij - [j = t_i]) * scale_i}.
     */
    private NDArray floatGradient(NDArray softmax, NDArray dOut) {
        int m = targets.length;
        int classes = softmax.shape().dim(1);
        float[] s = softmax.floats();
        float[] d = dOut.floats();
        NDArray grad = NDArray.zeros(DType.FLOAT32, softmax.shape());
        float[] g = grad.floats();
        for (int i = 0; i < m; i++) {
            float scale = reduction == Reduction.NONE ? d[i]
                    : reduction == Reduction.MEAN ? d[0] / (float) divisor : d[0];
            if (rowWeights != null) {
                scale *= (float) rowWeights[i];
            }
            int row = i * classes;
            for (int j = 0; j < classes; j++) {
                g[row + j] = (s[row + j] - (j == targets[i] ? 1f : 0f)) * scale;
            }
        }
        return grad;
    }

    /** The float32 rule's gradient is a new array. */
    @Override
    protected boolean returnsFreshGradients() {
        return !GradMode.isEnabled();
    }

    @Override
    public String localDerivative(int input) {
        return "softmax(z) - onehot(y)";
    }
}

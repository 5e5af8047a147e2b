package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;
import org.jgrad.core.NDArray;

/**
 * Multi-class cross-entropy on logits, mean over the batch (PyTorch's {@code CrossEntropyLoss()}), in one op:
 *
 * <pre>
 *   L = (1/m) sum_i [ log sum_c exp(z_ic) - z_i,t_i ]      (log-sum-exp taken after subtracting max_c z_ic)
 *   dL/dz_ic = (softmax(z_i)_c - [c == t_i]) / m
 * </pre>
 *
 * Shapes: logits {@code (m, C)}, targets m class indices in {@code [0, C)}. The softmax is kept for backward.
 */
public final class SoftmaxCrossEntropy extends Function {
    private int[] targets;

    private SoftmaxCrossEntropy() {
    }

    /** The mean loss of {@code logits} (m, C) against class indices {@code targets} (m values in [0, C)). */
    public static Tensor apply(Tensor logits, int[] targets) {
        if (logits.shape().rank() != 2 || logits.shape().dim(0) != targets.length) {
            throw new IllegalArgumentException("cross-entropy: expected logits of shape (m, C) and m targets, got "
                    + logits.shape() + " and " + targets.length + " targets");
        }
        int m = targets.length;
        int classes = logits.shape().dim(1);
        NDArray z = logits.data();
        NDArray p = NDArray.zeros(z.dtype(), z.shape());
        double total = 0;
        for (int i = 0; i < m; i++) {
            int t = targets[i];
            if (t < 0 || t >= classes) {
                throw new IllegalArgumentException("cross-entropy: target " + i + " is " + t + ", expected a class "
                        + "in [0, " + classes + ")");
            }
            int row = i * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, z.get(row + c));
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                double e = Math.exp(z.get(row + c) - max);
                p.set(row + c, e);
                sum += e;
            }
            for (int c = 0; c < classes; c++) {
                p.set(row + c, p.get(row + c) / sum);
            }
            total += max + Math.log(sum) - z.get(row + t);
        }
        SoftmaxCrossEntropy f = new SoftmaxCrossEntropy();
        f.targets = targets.clone();
        f.save(p);
        return f.output(NDArray.scalar(z.dtype(), m == 0 ? Double.NaN : total / m), logits);
    }

    @Override
    protected NDArray[] backward(NDArray dL) {
        NDArray p = saved(0);
        int m = targets.length;
        int classes = p.shape().dim(1);
        NDArray dz = Elementwise.mulScalar(p, dL.item() / m);
        double step = dL.item() / m;
        for (int i = 0; i < m; i++) {
            int at = i * classes + targets[i];
            dz.set(at, dz.get(at) - step);
        }
        return grads(dz);
    }

    @Override
    public String localDerivative(int input) {
        return "(softmax(z) - onehot(t))/m";
    }
}

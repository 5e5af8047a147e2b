package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;
import org.jgrad.core.NDArray;

/**
 * The mean log loss of logits {@code z} against labels {@code y} in {0, 1}, in one op:
 *
 * <pre>
 *   L = (1/m) sum_i [ max(z_i, 0) - z_i y_i + log(1 + exp(-|z_i|)) ]
 * </pre>
 *
 * which equals {@code -(1/m) sum [y log a + (1 - y) log(1 - a)]} with {@code a = sigma(z)}, but never takes the log
 * of 0 (the log-sum-exp trick). Its gradient is the closed form of the tutorials, {@code dL/dz = (a - y) / m}
 * ({@code dz = a - y}, tutorial 000, section 07).
 */
public final class BinaryCrossEntropyWithLogits extends Function {
    public static Tensor apply(Tensor z, Tensor y) {
        if (!z.shape().equals(y.shape())) {
            throw new IllegalArgumentException("binary cross-entropy: logits of shape " + z.shape()
                    + " and labels of shape " + y.shape() + " differ; expected the same shape");
        }
        Elementwise.requireSameDType("binary cross-entropy", z.data(), y.data());
        NDArray zs = z.data();
        NDArray ys = y.data();
        double total = 0;
        for (int i = 0; i < zs.size(); i++) {
            double zi = zs.get(i);
            total += Math.max(zi, 0) - zi * ys.get(i) + Math.log1p(Math.exp(-Math.abs(zi)));
        }
        BinaryCrossEntropyWithLogits f = new BinaryCrossEntropyWithLogits();
        f.save(zs, ys);
        return f.output(NDArray.scalar(zs.dtype(), total / zs.size()), z, y);
    }

    @Override
    protected NDArray[] backward(NDArray dL) {
        NDArray z = saved(0);
        NDArray y = saved(1);
        double scale = dL.item() / z.size();
        // dL/dz = (sigma(z) - y) / m
        NDArray dz = Elementwise.mulScalar(Elementwise.sub(Elementwise.sigmoid(z), y), scale);
        // dL/dy = -z / m (PyTorch's gradient for the target; labels rarely need it)
        NDArray dy = needsGrad(1) ? Elementwise.mulScalar(z, -scale) : null;
        return grads(dz, dy);
    }

    @Override
    public String localDerivative(int input) {
        return input == 0 ? "(a - y)/m" : "-z/m";
    }
}

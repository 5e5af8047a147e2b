package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;

/**
 * Squared error of predictions {@code x} against targets {@code y} (PyTorch's {@code mse_loss}): per element
 * {@code l = (x - y)^2}, reduced by {@link Reduction}. Gradients: {@code dl/dx = 2 (x - y)}, {@code dl/dy = -2 (x - y)}.
 */
public final class MeanSquaredError extends Function {
    private final Reduction reduction;

    private MeanSquaredError(Reduction reduction) {
        this.reduction = reduction;
    }

    /** The loss of {@code x} against {@code y} (same shape and dtype), reduced as asked. */
    public static Tensor apply(Tensor x, Tensor y, Reduction reduction) {
        LossInputs.requireSameShape("mean squared error", x.data(), y.data());
        NDArray xs = x.data();
        NDArray ys = y.data();
        NDArray diff = NDArray.zeros(xs.dtype(), xs.shape());
        double[] losses = new double[xs.size()];
        for (int i = 0; i < xs.size(); i++) {
            double d = xs.get(i) - ys.get(i);
            diff.set(i, d);
            losses[i] = d * d;
        }
        MeanSquaredError f = new MeanSquaredError(reduction);
        f.save(diff);
        return f.output(reduction.reduce(losses, xs.dtype(), xs.shape(), xs.size()), x, y);
    }

    @Override
    protected NDArray[] backward(NDArray dOut) {
        NDArray diff = saved(0);
        double[] g = reduction.spread(dOut, diff.shape(), diff.size());
        NDArray dx = NDArray.zeros(diff.dtype(), diff.shape());
        NDArray dy = NDArray.zeros(diff.dtype(), diff.shape());
        for (int i = 0; i < diff.size(); i++) {
            double v = 2 * diff.get(i) * g[i];
            dx.set(i, v);
            dy.set(i, -v);
        }
        return grads(dx, needsGrad(1) ? dy : null);
    }

    @Override
    public String localDerivative(int input) {
        return input == 0 ? "2(x - y)" : "-2(x - y)";
    }
}

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
        double[] losses = new double[xs.size()];
        for (int i = 0; i < xs.size(); i++) {
            double d = xs.get(i) - ys.get(i);
            losses[i] = d * d;
        }
        MeanSquaredError f = new MeanSquaredError(reduction);
        f.save(x, y);
        return f.output(reduction.reduce(losses, xs.dtype(), xs.shape(), xs.size()), x, y);
    }

    @Override
    protected Tensor[] backward(Tensor dOut) {
        Tensor dx = reduction.spread(dOut, saved(0).size()).mul(saved(0).sub(saved(1))).mul(2.0);
        return grads(dx, needsGrad(1) ? dx.neg() : null);
    }

    @Override
    public String localDerivative(int input) {
        return input == 0 ? "2(x - y)" : "-2(x - y)";
    }
}

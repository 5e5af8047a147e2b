package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;
import org.jgrad.core.NDArray;
import org.jgrad.core.Reductions;

/**
 * {@code y = log(softmax(x))} along one dimension, computed as {@code y_i = (x_i - m) - log(sum_j e^(x_j - m))} with
 * {@code m = max_j x_j}: never the log of an underflowed 0. Backward: {@code dx = dy - e^y * sum_j dy_j}.
 */
public final class LogSoftmax extends Function {
    private final int dim;

    private LogSoftmax(int dim) {
        this.dim = dim;
    }

    public static Tensor apply(Tensor x, int dim) {
        int axis = x.shape().normalize(dim);
        NDArray shifted = Elementwise.sub(x.data(), Reductions.max(x.data(), axis, true));
        NDArray logSum = Elementwise.log(Reductions.sum(Elementwise.exp(shifted), axis, true));
        NDArray y = Elementwise.sub(shifted, logSum);
        return new LogSoftmax(axis).output(y, x);
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        return grads(dy.sub(result().exp().mul(dy.sum(dim, true))));
    }

    @Override
    public String localDerivative(int input) {
        return "I - softmax(x)";
    }

    @Override
    public String gradientRule(int input, String upstream) {
        return upstream + " - softmax(" + label(0) + ") * sum(" + upstream + ", dim " + dim + ")";
    }
}

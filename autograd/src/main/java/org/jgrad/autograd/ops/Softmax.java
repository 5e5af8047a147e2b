package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;
import org.jgrad.core.NDArray;
import org.jgrad.core.Reductions;

/**
 * {@code s = softmax(x)} along one dimension: {@code s_i = e^(x_i - m) / sum_j e^(x_j - m)} with {@code m = max_j x_j}
 * (subtracting the max changes nothing mathematically and keeps every exponent <= 0, so nothing overflows).
 * Backward: {@code dx = s * (ds - sum_j(ds_j s_j))}, the Jacobian {@code diag(s) - s s^T} applied to ds.
 */
public final class Softmax extends Function {
    private final int dim;

    private Softmax(int dim) {
        this.dim = dim;
    }

    public static Tensor apply(Tensor x, int dim) {
        int axis = x.shape().normalize(dim);
        return of(x, softmax(x.data(), axis), axis);
    }

    /** {@code s}, already computed as {@code softmax(x)} along {@code dim}, recorded as this op's output. */
    static Tensor of(Tensor x, NDArray s, int dim) {
        return new Softmax(dim).output(s, x);
    }

    /** The stable softmax of an array along {@code dim} (no graph). */
    public static NDArray softmax(NDArray x, int dim) {
        NDArray e = Elementwise.exp(Elementwise.sub(x, Reductions.max(x, dim, true)));
        return Elementwise.div(e, Reductions.sum(e, dim, true));
    }

    @Override
    protected Tensor[] backward(Tensor ds) {
        Tensor s = result();
        return grads(s.mul(ds.sub(ds.mul(s).sum(dim, true))));
    }

    @Override
    public String localDerivative(int input) {
        return "diag(s) - s s^T";
    }

    @Override
    public String gradientRule(int input, String upstream) {
        return "s * (" + upstream + " - sum(" + upstream + " * s, dim " + dim + "))";
    }
}

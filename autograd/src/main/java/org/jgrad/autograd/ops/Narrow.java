package org.jgrad.autograd.ops;

import java.util.ArrayList;
import java.util.List;
import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Rearrange;
import org.jgrad.core.Shape;

/**
 * {@code z = x[start .. start + length)} along one dimension ({@link Concat}'s backward as an op). Its gradient is
 * dz in place of the slice and zeros around it: a concatenation of zeros, dz and zeros.
 */
public final class Narrow extends Function {
    private final int dim;
    private final int start;
    private final Shape inputShape;

    private Narrow(int dim, int start, Shape inputShape) {
        this.dim = dim;
        this.start = start;
        this.inputShape = inputShape;
    }

    public static Tensor apply(Tensor x, int dim, int start, int length) {
        return new Narrow(dim, start, x.shape()).output(Rearrange.narrow(x.data(), dim, start, length), x);
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        int length = dz.shape().dim(dim);
        int after = inputShape.dim(dim) - start - length;
        List<Tensor> parts = new ArrayList<>();
        if (start > 0) {
            parts.add(zeros(dz, start));
        }
        parts.add(dz);
        if (after > 0) {
            parts.add(zeros(dz, after));
        }
        return grads(parts.size() == 1 ? dz : Concat.apply(parts, dim));
    }

    private Tensor zeros(Tensor like, int size) {
        int[] dims = like.shape().dims();
        dims[dim] = size;
        return Tensor.zeros(like.dtype(), dims);
    }

    @Override
    public String localDerivative(int input) {
        return "1 on the slice";
    }
}

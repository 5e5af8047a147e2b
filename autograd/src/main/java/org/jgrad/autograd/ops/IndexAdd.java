package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Rearrange;
import org.jgrad.core.Shape;

/**
 * {@code z = zeros(shape); z[index[i]] += x[i]} along one dimension ({@link IndexSelect}'s backward as an op). Linear
 * in x: its rule selects the same entries back.
 */
public final class IndexAdd extends Function {
    private final int dim;
    private final int[] index;

    private IndexAdd(int dim, int[] index) {
        this.dim = dim;
        this.index = index;
    }

    public static Tensor apply(Tensor x, Shape shape, int dim, int[] index) {
        return new IndexAdd(dim, index).output(Rearrange.indexAdd(shape, dim, index, x.data()), x);
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        return grads(IndexSelect.apply(dz, dim, index));
    }

    @Override
    public String localDerivative(int input) {
        return "1 at the selected entries";
    }
}

package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Reductions;
import org.jgrad.core.Shape;

/**
 * {@code z = zeros(shape); z[index_i] += x_i}: {@link Gather}'s backward as an op. Linear in x, with
 * {@code dx_i = dz[index_i]}: its rule is the gather.
 */
public final class ScatterAdd extends Function {
    private final int[] index;
    private final Shape inputShape;

    private ScatterAdd(int[] index, Shape inputShape) {
        this.index = index;
        this.inputShape = inputShape;
    }

    public static Tensor apply(Tensor x, int[] index, Shape shape) {
        return new ScatterAdd(index, x.shape()).output(Reductions.scatterAdd(x.data(), index, shape), x);
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        return grads(Gather.apply(dz, index, inputShape, "gather"));
    }

    @Override
    public String localDerivative(int input) {
        return "1 at the scattered entries";
    }
}

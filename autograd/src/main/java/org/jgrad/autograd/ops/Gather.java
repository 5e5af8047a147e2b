package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Reductions;
import org.jgrad.core.Shape;

/**
 * {@code z_i = x[index_i]} for flat indices into x (max's values are this op at the arg-max). Each z_i is one
 * element of x, so the gradient is added back at those positions ({@link ScatterAdd}); that op's rule is this one.
 */
public final class Gather extends Function {
    private final int[] index;
    private final Shape inputShape;
    private final String label;

    private Gather(int[] index, Shape inputShape, String label) {
        this.index = index;
        this.inputShape = inputShape;
        this.label = label;
    }

    /** The elements of {@code x} at flat {@code index}, shaped {@code shape}; {@code label} names it in graphs. */
    public static Tensor apply(Tensor x, int[] index, Shape shape, String label) {
        return new Gather(index, x.shape(), label).output(Reductions.gather(x.data(), index, shape), x);
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        return grads(ScatterAdd.apply(dz, index, inputShape));
    }

    @Override
    protected boolean returnsFreshGradients() {
        return true;
    }

    @Override
    public String localDerivative(int input) {
        return label.equals("max") ? "[" + label(0) + " is the max]" : "1 at the gathered entries";
    }

    @Override
    public String opName() {
        return label;
    }
}

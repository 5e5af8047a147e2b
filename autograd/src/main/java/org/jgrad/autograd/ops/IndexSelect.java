package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Rearrange;
import org.jgrad.core.Shape;

/**
 * {@code z = x[index]} along one dimension: entries {@code index[0], index[1], ...} of that dimension, repeats
 * allowed (with dim 0, the rows of a mini-batch). The gradient is added back at the selected positions; a row taken
 * twice receives both gradients.
 */
public final class IndexSelect extends Function {
    private final int dim;
    private final int[] index;
    private final Shape inputShape;

    private IndexSelect(int dim, int[] index, Shape inputShape) {
        this.dim = dim;
        this.index = index;
        this.inputShape = inputShape;
    }

    /** {@code index} is a 1-D tensor of whole numbers (any dtype), each in {@code [0, x.shape().dim(dim))}. */
    public static Tensor apply(Tensor x, int dim, Tensor index) {
        if (index.shape().rank() != 1) {
            throw new IllegalArgumentException("indexSelect: expected a 1-D index tensor, got shape " + index.shape());
        }
        int[] idx = new int[index.size()];
        for (int i = 0; i < idx.length; i++) {
            double v = index.data().get(i);
            if (v != Math.rint(v)) {
                throw new IllegalArgumentException("indexSelect: index " + v + " at position " + i
                        + " is not a whole number");
            }
            idx[i] = (int) v;
        }
        return apply(x, dim, idx);
    }

    public static Tensor apply(Tensor x, int dim, int... index) {
        int axis = x.shape().normalize(dim);
        int[] idx = index.clone();
        return new IndexSelect(axis, idx, x.shape()).output(Rearrange.indexSelect(x.data(), axis, idx), x);
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        return grads(IndexAdd.apply(dz, inputShape, dim, index));
    }

    @Override
    public String localDerivative(int input) {
        return "1 at the selected entries";
    }

    @Override
    public String gradientRule(int input, String upstream) {
        return upstream + " added back at the selected entries of dim " + dim;
    }
}

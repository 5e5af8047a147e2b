package org.jgrad.autograd.ops;

import java.util.Arrays;
import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Shape;

/**
 * {@code z = x} viewed under another shape with the same number of elements (reshape, view, squeeze, unsqueeze,
 * flatten all are this op). The storage is shared; dz/dx = 1, the gradient is viewed back under x's shape.
 */
public final class Reshape extends Function {
    private final Shape inputShape;
    private final String label;

    private Reshape(Shape inputShape, String label) {
        this.inputShape = inputShape;
        this.label = label;
    }

    /** {@code x} under {@code shape}; {@code label} names the op in graphs ({@code "reshape"}, {@code "squeeze"}). */
    public static Tensor apply(Tensor x, Shape shape, String label) {
        return new Reshape(x.shape(), label).output(x.data().reshape(shape), x);
    }

    /** {@code dims} with one -1 replaced by the size that keeps {@code shape}'s element count. */
    public static Shape infer(Shape shape, int[] dims) {
        int[] out = dims.clone();
        int unknown = -1;
        int known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1 && unknown < 0) {
                unknown = i;
            } else {
                known *= out[i];
            }
        }
        if (unknown >= 0) {
            if (known == 0 || shape.size() % known != 0) {
                throw new IllegalArgumentException("reshape: cannot view shape " + shape + " as "
                        + Arrays.toString(dims) + ": " + shape.size() + " elements do not divide by " + known);
            }
            out[unknown] = shape.size() / known;
        }
        return Shape.of(out);
    }

    /** {@code shape} with a new dimension of size 1 at {@code dim} (0 to rank; negative counts from the end). */
    public static Shape unsqueezed(Shape shape, int dim) {
        int rank = shape.rank();
        int axis = dim < 0 ? dim + rank + 1 : dim;
        if (axis < 0 || axis > rank) {
            throw new IndexOutOfBoundsException("unsqueeze: dimension " + dim + " is out of range for shape "
                    + shape + " (expected " + (-rank - 1) + " to " + rank + ")");
        }
        int[] dims = new int[rank + 1];
        int[] old = shape.dims();
        for (int i = 0, j = 0; i <= rank; i++) {
            dims[i] = i == axis ? 1 : old[j++];
        }
        return Shape.of(dims);
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        return grads(apply(dz, inputShape, label));
    }

    @Override
    public String localDerivative(int input) {
        return "1";
    }

    @Override
    public String gradientRule(int input, String upstream) {
        return upstream + " reshaped to " + inputShape;
    }

    @Override
    public String opName() {
        return label;
    }
}

package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
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

    @Override
    protected NDArray[] backward(NDArray dz) {
        return grads(dz.reshape(inputShape));
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

package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;

/** {@code z = x + y}, broadcasting. dz/dx = 1, dz/dy = 1. */
public final class Add extends Function {
    public static Tensor apply(Tensor x, Tensor y) {
        return new Add().output(Elementwise.add(x.data(), y.data()), x, y);
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        return grads(dz, dz);
    }

    @Override
    public String localDerivative(int input) {
        return "1";
    }
}

package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;

/** {@code z = x - y}, broadcasting. dz/dx = 1, dz/dy = -1. */
public final class Sub extends Function {
    public static Tensor apply(Tensor x, Tensor y) {
        return new Sub().output(Elementwise.sub(x.data(), y.data()), x, y);
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        return grads(dz, needsGrad(1) ? dz.neg() : null);
    }

    @Override
    public String localDerivative(int input) {
        return input == 0 ? "1" : "-1";
    }
}

package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;

/** {@code z = -x}. dz/dx = -1. */
public final class Neg extends Function {
    public static Tensor apply(Tensor x) {
        return new Neg().output(Elementwise.neg(x.data()), x);
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        return grads(dz.neg());
    }

    @Override
    public String localDerivative(int input) {
        return "-1";
    }
}

package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;

/** {@code z = e^x}. dz/dx = e^x = z. */
public final class Exp extends Function {
    public static Tensor apply(Tensor x) {
        return new Exp().output(Elementwise.exp(x.data()), x);
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        return grads(dz.mul(result()));
    }

    @Override
    public String localDerivative(int input) {
        return "exp(" + label(0) + ")";
    }
}

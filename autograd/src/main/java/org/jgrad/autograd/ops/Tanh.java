package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;
import org.jgrad.core.UnaryOp;

/** {@code z = tanh(x)}. dz/dx = 1 - tanh(x)^2 = 1 - z^2. */
public final class Tanh extends Function {
    public static Tensor apply(Tensor x) {
        return new Tanh().output(Elementwise.unary(UnaryOp.TANH, x.data()), x);
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        Tensor z = result();
        return grads(dz.mul(z.mul(z).neg().add(1.0)));
    }

    @Override
    public String localDerivative(int input) {
        return "1 - tanh(" + label(0) + ")^2";
    }
}

package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;
import org.jgrad.core.UnaryOp;

/** {@code z = sqrt(x)}. dz/dx = 1 / (2 sqrt(x)) = 1 / (2z). */
public final class Sqrt extends Function {
    public static Tensor apply(Tensor x) {
        return new Sqrt().output(Elementwise.unary(UnaryOp.SQRT, x.data()), x);
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        return grads(dz.div(result().mul(2.0)));
    }

    @Override
    public String localDerivative(int input) {
        return "1/(2 sqrt(" + label(0) + "))";
    }
}

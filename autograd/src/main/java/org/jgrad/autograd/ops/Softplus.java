package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;
import org.jgrad.core.UnaryOp;

/** {@code z = log(1 + e^x)}, in a form that never overflows. dz/dx = sigma(x). */
public final class Softplus extends Function {
    public static Tensor apply(Tensor x) {
        Softplus f = new Softplus();
        f.save(x);
        return f.output(Elementwise.unary(UnaryOp.SOFTPLUS, x.data()), x);
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        return grads(dz.mul(saved(0).sigmoid()));
    }

    @Override
    public String localDerivative(int input) {
        return "sigma(" + label(0) + ")";
    }
}

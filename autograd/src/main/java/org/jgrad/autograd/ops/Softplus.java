package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;
import org.jgrad.core.NDArray;
import org.jgrad.core.UnaryOp;

/** {@code z = log(1 + e^x)}, in a form that never overflows. dz/dx = sigma(x). */
public final class Softplus extends Function {
    public static Tensor apply(Tensor x) {
        Softplus f = new Softplus();
        f.save(x.data());
        return f.output(Elementwise.unary(UnaryOp.SOFTPLUS, x.data()), x);
    }

    @Override
    protected NDArray[] backward(NDArray dz) {
        return grads(Elementwise.mul(dz, Elementwise.sigmoid(saved(0))));
    }

    @Override
    public String localDerivative(int input) {
        return "sigma(" + label(0) + ")";
    }
}

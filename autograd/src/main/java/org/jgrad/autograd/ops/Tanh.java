package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;
import org.jgrad.core.NDArray;
import org.jgrad.core.UnaryOp;

/** {@code z = tanh(x)}. dz/dx = 1 - tanh(x)^2 = 1 - z^2. */
public final class Tanh extends Function {
    public static Tensor apply(Tensor x) {
        Tanh f = new Tanh();
        NDArray z = Elementwise.unary(UnaryOp.TANH, x.data());
        f.save(z);
        return f.output(z, x);
    }

    @Override
    protected NDArray[] backward(NDArray dz) {
        NDArray z = saved(0);
        return grads(Elementwise.mul(dz, Elementwise.addScalar(Elementwise.neg(Elementwise.mul(z, z)), 1.0)));
    }

    @Override
    public String localDerivative(int input) {
        return "1 - tanh(" + label(0) + ")^2";
    }
}

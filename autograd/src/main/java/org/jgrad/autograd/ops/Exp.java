package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;
import org.jgrad.core.NDArray;

/** {@code z = e^x}. dz/dx = e^x = z. */
public final class Exp extends Function {
    public static Tensor apply(Tensor x) {
        Exp f = new Exp();
        NDArray z = Elementwise.exp(x.data());
        f.save(z);
        return f.output(z, x);
    }

    @Override
    protected NDArray[] backward(NDArray dz) {
        return grads(Elementwise.mul(dz, saved(0)));
    }

    @Override
    public String localDerivative(int input) {
        return "exp(" + label(0) + ")";
    }
}

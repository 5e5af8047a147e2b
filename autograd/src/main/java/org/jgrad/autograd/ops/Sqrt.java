package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;
import org.jgrad.core.NDArray;

/** {@code z = sqrt(x)}. dz/dx = 1 / (2 sqrt(x)) = 1 / (2z). */
public final class Sqrt extends Function {
    public static Tensor apply(Tensor x) {
        Sqrt f = new Sqrt();
        NDArray z = Elementwise.unary(org.jgrad.core.UnaryOp.SQRT, x.data());
        f.save(z);
        return f.output(z, x);
    }

    @Override
    protected NDArray[] backward(NDArray dz) {
        return grads(Elementwise.div(dz, Elementwise.mulScalar(saved(0), 2.0)));
    }

    @Override
    public String localDerivative(int input) {
        return "1/(2 sqrt(" + label(0) + "))";
    }
}

package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;
import org.jgrad.core.NDArray;
import org.jgrad.core.UnaryOp;

/** {@code z = |x|}. dz/dx = sign(x), taken as 0 at x = 0 as in PyTorch. */
public final class Abs extends Function {
    public static Tensor apply(Tensor x) {
        Abs f = new Abs();
        f.save(x.data());
        return f.output(Elementwise.unary(UnaryOp.ABS, x.data()), x);
    }

    @Override
    protected NDArray[] backward(NDArray dz) {
        return grads(Elementwise.mul(dz, Elementwise.unary(UnaryOp.SIGN, saved(0))));
    }

    @Override
    public String localDerivative(int input) {
        return "sign(" + label(0) + ")";
    }
}

package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;
import org.jgrad.core.UnaryOp;

/** {@code z = |x|}. dz/dx = sign(x), taken as 0 at x = 0 as in PyTorch (a constant: its own derivative is 0). */
public final class Abs extends Function {
    public static Tensor apply(Tensor x) {
        Abs f = new Abs();
        f.save(x);
        return f.output(Elementwise.unary(UnaryOp.ABS, x.data()), x);
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        return grads(dz.mul(Tensor.of(Elementwise.unary(UnaryOp.SIGN, saved(0).data()))));
    }

    @Override
    public String localDerivative(int input) {
        return "sign(" + label(0) + ")";
    }
}

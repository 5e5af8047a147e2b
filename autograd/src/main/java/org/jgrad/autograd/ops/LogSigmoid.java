package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;
import org.jgrad.core.UnaryOp;

/** {@code z = log(sigma(x)) = -softplus(-x)}, in a form that never takes log(0). dz/dx = 1 - sigma(x) = sigma(-x). */
public final class LogSigmoid extends Function {
    public static Tensor apply(Tensor x) {
        LogSigmoid f = new LogSigmoid();
        f.save(x);
        return f.output(Elementwise.unary(UnaryOp.LOG_SIGMOID, x.data()), x);
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        return grads(dz.mul(saved(0).neg().sigmoid()));
    }

    @Override
    public String localDerivative(int input) {
        return "sigma(-" + label(0) + ")";
    }
}

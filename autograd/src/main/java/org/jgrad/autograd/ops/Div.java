package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;

/** {@code z = x / y} elementwise, broadcasting. dz/dx = 1 / y, dz/dy = -x / y^2 = -z / y. */
public final class Div extends Function {
    public static Tensor apply(Tensor x, Tensor y) {
        Div f = new Div();
        f.save(y);
        return f.output(Elementwise.div(x.data(), y.data()), x, y);
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        Tensor y = saved(0);
        Tensor dx = dz.div(y);
        return grads(needsGrad(0) ? dx : null, needsGrad(1) ? dx.mul(result()).neg() : null);
    }

    @Override
    public String localDerivative(int input) {
        return input == 0 ? "1/" + label(1) : "-" + label(0) + "/" + label(1) + "^2";
    }

    @Override
    public String localDerivativeValues(int input) {
        return input == 0 ? "1/" + valueOf(1) : "-" + valueOf(0) + "/" + valueOf(1) + "^2";
    }
}

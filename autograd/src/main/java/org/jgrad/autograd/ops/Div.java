package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;
import org.jgrad.core.NDArray;

/** {@code z = x / y} elementwise, broadcasting. dz/dx = 1 / y, dz/dy = -x / y^2 = -z / y. */
public final class Div extends Function {
    public static Tensor apply(Tensor x, Tensor y) {
        Div f = new Div();
        NDArray z = Elementwise.div(x.data(), y.data());
        f.save(y.data(), z);
        return f.output(z, x, y);
    }

    @Override
    protected NDArray[] backward(NDArray dz) {
        NDArray y = saved(0);
        NDArray dx = Elementwise.div(dz, y);
        return grads(needsGrad(0) ? dx : null,
                needsGrad(1) ? Elementwise.neg(Elementwise.mul(dx, saved(1))) : null);
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

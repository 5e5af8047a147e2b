package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;

/**
 * {@code z = x^y} elementwise, broadcasting; a number exponent is a constant tensor.
 * dz/dx = y x^(y-1), taken as 0 where y = 0 (x^0 is constant, also at x = 0); dz/dy = x^y ln x, taken as 0 where
 * x = 0 and y >= 0 (PyTorch's conventions: both are the limits along the axis that stays defined).
 */
public final class Pow extends Function {
    public static Tensor apply(Tensor x, Tensor y) {
        Pow f = new Pow();
        f.save(x, y);
        return f.output(Elementwise.pow(x.data(), y.data()), x, y);
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        Tensor x = saved(0);
        Tensor y = saved(1);
        Tensor zero = Tensor.scalar(0, dz.dtype());
        Tensor dx = null;
        if (needsGrad(0)) {
            // y x^(y-1) as written, so that x = 0 with y >= 1 stays finite
            dx = Tensor.where(y.eq(zero), zero, dz.mul(y.mul(x.pow(y.sub(1.0)))));
        }
        Tensor dy = null;
        if (needsGrad(1)) {
            Tensor baseZero = x.eq(zero).mul(y.ge(zero));
            dy = Tensor.where(baseZero, zero, dz.mul(result().mul(x.log())));
        }
        return grads(dx, dy);
    }

    @Override
    public String localDerivative(int input) {
        return input == 0 ? label(1) + " " + label(0) + "^(" + label(1) + " - 1)"
                : label(0) + "^" + label(1) + " ln " + label(0);
    }
}

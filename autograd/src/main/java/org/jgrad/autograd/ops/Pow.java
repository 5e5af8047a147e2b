package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;
import org.jgrad.core.NDArray;

/**
 * {@code z = x^y} elementwise, broadcasting; a number exponent is a constant tensor.
 * dz/dx = y x^(y-1), dz/dy = x^y ln x (only asked for when the exponent requires grad; needs x > 0).
 */
public final class Pow extends Function {
    public static Tensor apply(Tensor x, Tensor y) {
        Pow f = new Pow();
        NDArray z = Elementwise.pow(x.data(), y.data());
        f.save(x.data(), y.data(), z);
        return f.output(z, x, y);
    }

    @Override
    protected NDArray[] backward(NDArray dz) {
        NDArray x = saved(0);
        NDArray y = saved(1);
        NDArray dx = null;
        if (needsGrad(0)) {
            // y * x^(y-1), computed as written so that x = 0 with y >= 1 stays finite
            dx = Elementwise.mul(dz, Elementwise.mul(y, Elementwise.pow(x, Elementwise.addScalar(y, -1.0))));
        }
        NDArray dy = needsGrad(1) ? Elementwise.mul(dz, Elementwise.mul(saved(2), Elementwise.log(x))) : null;
        return grads(dx, dy);
    }

    @Override
    public String localDerivative(int input) {
        return input == 0 ? label(1) + " " + label(0) + "^(" + label(1) + " - 1)"
                : label(0) + "^" + label(1) + " ln " + label(0);
    }
}

package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;

/** {@code z = x * y} elementwise, broadcasting. dz/dx = y, dz/dy = x. */
public final class Mul extends Function {
    public static Tensor apply(Tensor x, Tensor y) {
        Mul f = new Mul();
        f.save(x, y);
        return f.output(Elementwise.mul(x.data(), y.data()), x, y);
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        return grads(needsGrad(0) ? dz.mul(saved(1)) : null, needsGrad(1) ? dz.mul(saved(0)) : null);
    }

    @Override
    public String localDerivative(int input) {
        return label(1 - input);
    }

    @Override
    public String localDerivativeValues(int input) {
        return valueOf(1 - input);
    }
}

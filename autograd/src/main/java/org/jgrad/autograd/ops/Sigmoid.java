package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;
import org.jgrad.core.NDArray;

/** {@code a = sigma(z) = 1 / (1 + e^-z)}. da/dz = a (1 - a). */
public final class Sigmoid extends Function {
    public static Tensor apply(Tensor z) {
        Sigmoid f = new Sigmoid();
        NDArray a = Elementwise.sigmoid(z.data());
        f.save(a);
        return f.output(a, z);
    }

    @Override
    protected NDArray[] backward(NDArray da) {
        NDArray a = saved(0);
        NDArray oneMinusA = Elementwise.addScalar(Elementwise.neg(a), 1.0);
        return grads(Elementwise.mul(da, Elementwise.mul(a, oneMinusA)));
    }

    @Override
    public String localDerivative(int input) {
        return "a(1 - a)";
    }

    @Override
    public String localDerivativeValues(int input) {
        double a = result().item();
        return org.jgrad.autograd.Numbers.format(a) + " * (1 - " + org.jgrad.autograd.Numbers.format(a) + ")";
    }
}

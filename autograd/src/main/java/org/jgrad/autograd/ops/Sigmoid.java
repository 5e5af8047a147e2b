package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Numbers;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;

/** {@code a = sigma(z) = 1 / (1 + e^-z)}. da/dz = a (1 - a). */
public final class Sigmoid extends Function {
    public static Tensor apply(Tensor z) {
        return new Sigmoid().output(Elementwise.sigmoid(z.data()), z);
    }

    @Override
    protected Tensor[] backward(Tensor da) {
        Tensor a = result();
        return grads(da.mul(a.mul(a.neg().add(1.0))));
    }

    @Override
    public String localDerivative(int input) {
        return "a(1 - a)";
    }

    @Override
    public String localDerivativeValues(int input) {
        String a = Numbers.format(result().item());
        return a + " * (1 - " + a + ")";
    }
}

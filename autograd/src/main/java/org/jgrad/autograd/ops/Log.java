package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;
import org.jgrad.core.NDArray;

/** {@code z = ln x}. dz/dx = 1 / x. */
public final class Log extends Function {
    public static Tensor apply(Tensor x) {
        Log f = new Log();
        f.save(x.data());
        return f.output(Elementwise.log(x.data()), x);
    }

    @Override
    protected NDArray[] backward(NDArray dz) {
        return grads(Elementwise.div(dz, saved(0)));
    }

    @Override
    public String localDerivative(int input) {
        return "1/" + label(0);
    }

    @Override
    public String localDerivativeValues(int input) {
        return "1/" + valueOf(0);
    }
}

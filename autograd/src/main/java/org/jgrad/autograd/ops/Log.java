package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;

/** {@code z = ln x}. dz/dx = 1 / x. */
public final class Log extends Function {
    public static Tensor apply(Tensor x) {
        Log f = new Log();
        f.save(x);
        return f.output(Elementwise.log(x.data()), x);
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        return grads(dz.div(saved(0)));
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

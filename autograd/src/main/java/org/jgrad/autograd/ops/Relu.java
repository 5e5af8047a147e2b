package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;

/** {@code z = max(x, 0)}. dz/dx = [x > 0] (0 at x = 0, as in PyTorch): the rule is the op {@link ReluGrad}. */
public final class Relu extends Function {
    public static Tensor apply(Tensor x) {
        Relu f = new Relu();
        f.save(x);
        return f.output(Elementwise.relu(x.data()), x);
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        return grads(ReluGrad.apply(dz, saved(0)));
    }

    /** ReluGrad's output is a new array. */
    @Override
    protected boolean returnsFreshGradients() {
        return true;
    }

    @Override
    public String localDerivative(int input) {
        return "[" + label(0) + " > 0]";
    }
}

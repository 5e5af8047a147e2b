package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;
import org.jgrad.core.NDArray;
import org.jgrad.core.UnaryOp;

/** {@code z = max(x, 0)}. dz/dx = 1 where x > 0, else 0 (0 at x = 0, as in PyTorch). */
public final class Relu extends Function {
    public static Tensor apply(Tensor x) {
        Relu f = new Relu();
        f.save(x.data());
        return f.output(Elementwise.relu(x.data()), x);
    }

    @Override
    protected NDArray[] backward(NDArray dz) {
        return grads(Elementwise.mul(dz, Elementwise.unary(UnaryOp.STEP, saved(0))));
    }

    @Override
    public String localDerivative(int input) {
        return "[" + label(0) + " > 0]";
    }
}

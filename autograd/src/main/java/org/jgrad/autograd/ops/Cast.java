package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.DType;

/** {@code z = x} converted to another dtype. dz/dx = 1: the gradient is converted back. */
public final class Cast extends Function {
    private final DType from;

    private Cast(DType from) {
        this.from = from;
    }

    public static Tensor apply(Tensor x, DType target) {
        return new Cast(x.dtype()).output(x.data().to(target), x);
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        return grads(dz.to(from));
    }

    @Override
    public String localDerivative(int input) {
        return "1";
    }

    @Override
    public String opName() {
        return "to";
    }
}

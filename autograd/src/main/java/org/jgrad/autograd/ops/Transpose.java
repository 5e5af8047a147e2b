package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.MatMul;

/** {@code B = A^T} for a 2-D tensor. dA = dB^T. */
public final class Transpose extends Function {
    public static Tensor apply(Tensor a) {
        return new Transpose().output(MatMul.transpose(a.data()), a);
    }

    @Override
    protected Tensor[] backward(Tensor db) {
        return grads(db.t());
    }

    @Override
    public String localDerivative(int input) {
        return "transpose";
    }

    @Override
    public String gradientRule(int input, String upstream) {
        return upstream + "^T";
    }
}

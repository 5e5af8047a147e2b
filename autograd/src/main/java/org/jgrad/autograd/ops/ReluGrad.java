package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.ArrayOps;

/**
 * relu's backward as an op of its own (PyTorch's {@code threshold_backward}): {@code dx = dz [x > 0]}, one fused
 * pass ({@link ArrayOps#reluBackward}). It is linear in dz, so its own rule is itself with the same mask:
 * {@code d(dx)/d(dz) = [x > 0]}; the mask is flat in x (its derivative is 0 wherever it exists), so x gets none.
 */
public final class ReluGrad extends Function {
    public static Tensor apply(Tensor dz, Tensor x) {
        ReluGrad f = new ReluGrad();
        f.save(x);
        return f.output(ArrayOps.reluBackward(dz.data(), x.data()), dz, x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return grads(needsGrad(0) ? apply(g, saved(0)) : null, null);
    }

    @Override
    public String localDerivative(int input) {
        return input == 0 ? "[" + label(1) + " > 0]" : "0";
    }
}

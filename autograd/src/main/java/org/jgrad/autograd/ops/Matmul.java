package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.MatMul;
import org.jgrad.core.NDArray;

/** {@code C = A @ B} for 2-D tensors. dA = dC @ B^T, dB = A^T @ dC (no transpose is materialised). */
public final class Matmul extends Function {
    public static Tensor apply(Tensor a, Tensor b) {
        Matmul f = new Matmul();
        f.save(a.data(), b.data());
        return f.output(MatMul.matmul(a.data(), b.data()), a, b);
    }

    @Override
    protected NDArray[] backward(NDArray dc) {
        return grads(needsGrad(0) ? MatMul.matmul(dc, false, saved(1), true) : null,
                needsGrad(1) ? MatMul.matmul(saved(0), true, dc, false) : null);
    }

    @Override
    public String localDerivative(int input) {
        return input == 0 ? label(1) + "^T" : label(0) + "^T";
    }

    @Override
    public String gradientRule(int input, String upstream) {
        return input == 0 ? upstream + " @ " + label(1) + "^T" : label(0) + "^T @ " + upstream;
    }
}

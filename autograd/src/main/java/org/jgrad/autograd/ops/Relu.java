package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.DType;
import org.jgrad.core.Elementwise;
import org.jgrad.core.NDArray;
import org.jgrad.core.UnaryOp;
import org.jgrad.core.kernels.Kernels;

/** {@code z = max(x, 0)}. dz/dx = 1 where x > 0, else 0 (0 at x = 0, as in PyTorch). */
public final class Relu extends Function {
    public static Tensor apply(Tensor x) {
        Relu f = new Relu();
        f.save(x.data());
        return f.output(Elementwise.relu(x.data()), x);
    }

    @Override
    protected NDArray[] backward(NDArray dz) {
        NDArray x = saved(0);
        if (x.dtype() == DType.FLOAT32 && dz.dtype() == DType.FLOAT32 && dz.shape().equals(x.shape())) {
            NDArray dx = NDArray.zeros(DType.FLOAT32, x.shape());
            Kernels.get().reluBackward(dz.floats(), 0, x.floats(), 0, dx.floats(), 0, dx.size());
            return grads(dx);
        }
        return grads(Elementwise.mul(dz, Elementwise.unary(UnaryOp.STEP, x)));
    }

    @Override
    public String localDerivative(int input) {
        return "[" + label(0) + " > 0]";
    }
}

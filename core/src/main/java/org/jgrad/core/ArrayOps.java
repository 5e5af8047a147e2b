package org.jgrad.core;

import org.jgrad.core.kernels.Kernels;

/**
 * Fused array operations that backward rules use, with the choice of kernel made here, so that autograd never
 * imports {@code core.kernels}.
 */
public final class ArrayOps {
    private ArrayOps() {
    }

    /**
     * relu's backward in one pass: {@code dx = dz} where {@code x > 0}, else 0 ({@code dz} broadcast to x's shape if
     * needed).
     */
    public static NDArray reluBackward(NDArray dz, NDArray x) {
        if (x.dtype() == DType.FLOAT32 && dz.dtype() == DType.FLOAT32 && dz.shape().equals(x.shape())) {
            NDArray dx = NDArray.zeros(DType.FLOAT32, x.shape());
            Kernels.get().reluBackward(dz.floats(), 0, x.floats(), 0, dx.floats(), 0, dx.size());
            return dx;
        }
        return Elementwise.mul(dz, Elementwise.unary(UnaryOp.STEP, x));
    }
}

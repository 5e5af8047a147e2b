package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.MatMul;

/**
 * {@code C = op(A) @ op(B)} for 2-D tensors, where {@code op} is the identity or the transpose (read in place, never
 * materialised). Without transposes: {@code dA = dC @ B^T}, {@code dB = A^T @ dC}; with them, the same products
 * with the flags moved (for {@code C = A^T B}: {@code dA = B dC^T}), so every rule is again this op.
 */
public final class Matmul extends Function {
    private final boolean transA;
    private final boolean transB;

    private Matmul(boolean transA, boolean transB) {
        this.transA = transA;
        this.transB = transB;
    }

    public static Tensor apply(Tensor a, Tensor b) {
        return apply(a, false, b, false);
    }

    /** {@code op(a) @ op(b)}, {@code op} the transpose where its flag is set. */
    public static Tensor apply(Tensor a, boolean transA, Tensor b, boolean transB) {
        Matmul f = new Matmul(transA, transB);
        f.save(a, b);
        return f.output(MatMul.matmul(a.data(), transA, b.data(), transB), a, b);
    }

    @Override
    protected Tensor[] backward(Tensor dc) {
        Tensor a = saved(0);
        Tensor b = saved(1);
        Tensor da = null;
        Tensor db = null;
        if (needsGrad(0)) {
            da = transA ? apply(b, transB, dc, true) : apply(dc, false, b, !transB);
        }
        if (needsGrad(1)) {
            db = transB ? apply(dc, true, a, transA) : apply(a, !transA, dc, false);
        }
        return grads(da, db);
    }

    /** Each gradient is a new product. */
    @Override
    protected boolean returnsFreshGradients() {
        return true;
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

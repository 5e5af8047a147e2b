package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.ArrayOps;
import org.jgrad.core.MatMul;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;

/**
 * A fully connected layer's map in one op (PyTorch's {@code F.linear}): {@code Y = X W^T + b}.
 *
 * <p>Shapes: {@code X (m, in)}, {@code W (out, in)}, {@code b (out,)}, {@code Y (m, out)}. Equal to
 * {@code x.matmul(w.t()).add(b)}, but the product reads {@code W} transposed in place, so neither the forward pass
 * nor the backward pass materialises {@code W^T}. Backward, with {@code dY (m, out)}:
 *
 * <pre>
 *   dX = dY W          (m, out) @ (out, in), only when X needs a gradient
 *   dW = dY^T X        (out, m) @ (m, in)
 *   db = sum_i dY_i    the column sums of dY
 * </pre>
 */
public final class LinearFunction extends Function {
    private LinearFunction() {
    }

    /** {@code x W^T + b}: (m, in) with (out, in) and (out,) gives (m, out). */
    public static Tensor apply(Tensor x, Tensor weight, Tensor bias) {
        NDArray y = ArrayOps.addRowInPlace(product(x, weight, bias), bias.data());
        LinearFunction f = new LinearFunction();
        f.save(x, weight);
        return f.output(y, x, weight, bias);
    }

    /** {@code x W^T} after checking the three shapes (the bias is added by the caller). */
    static NDArray product(Tensor x, Tensor weight, Tensor bias) {
        Shape xs = x.shape();
        Shape ws = weight.shape();
        if (xs.rank() != 2 || ws.rank() != 2 || xs.dim(1) != ws.dim(1) || !bias.shape().equals(Shape.of(ws.dim(0)))) {
            throw new IllegalArgumentException("linear: expected x (m, in), weight (out, in) and bias (out,), got x "
                    + xs + ", weight " + ws + ", bias " + bias.shape());
        }
        return MatMul.matmul(x.data(), false, weight.data(), true);
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        return gradients(dy, saved(0), saved(1), needsGrad(0), needsGrad(1), needsGrad(2),
                spareGradient(1));
    }

    /**
     * {@code dX = dY W}, {@code dW = dY^T X}, {@code db = sum_i dY_i}, each only when asked (else null); dW written
     * into {@code dwInto} when given (the weight's gradient array of the step before, {@link #spareGradient}).
     */
    static Tensor[] gradients(Tensor dy, Tensor x, Tensor weight, boolean dx, boolean dw, boolean db,
            NDArray dwInto) {
        Tensor dWeight = null;
        if (dw) {
            dWeight = dwInto == null ? Matmul.apply(dy, true, x, false)
                    : Tensor.of(MatMul.matmul(dy.data(), true, x.data(), false, dwInto));
        }
        return grads(dx ? Matmul.apply(dy, false, weight, false) : null, dWeight, db ? dy.sum(0, false) : null);
    }

    /** dX and dW are new matrix products, db a new column sum. */
    @Override
    protected boolean returnsFreshGradients() {
        return true;
    }

    @Override
    public String localDerivative(int input) {
        return switch (input) {
            case 0 -> label(1);
            case 1 -> label(0);
            default -> "1";
        };
    }

    @Override
    public String gradientRule(int input, String upstream) {
        return switch (input) {
            case 0 -> upstream + " @ " + label(1);
            case 1 -> upstream + "^T @ " + label(0);
            default -> "sum over rows of " + upstream;
        };
    }
}

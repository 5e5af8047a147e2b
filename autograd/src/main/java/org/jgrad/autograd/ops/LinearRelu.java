package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.ArrayOps;
import org.jgrad.core.ArrayPool;

/**
 * A fully connected layer followed by a relu, in one op: {@code Y = max(X W^T + b, 0)}.
 *
 * <p>Shapes as {@link LinearFunction}: {@code X (m, in)}, {@code W (out, in)}, {@code b (out,)}, {@code Y (m, out)}.
 * Equal, bit for bit, to {@code LinearFunction.apply(x, w, b).relu()}; why fuse: the bias and the relu are one pass
 * over the product while each row is in cache, and the graph has one node and one {@code (m, out)} array fewer. The
 * relu's mask is read from the output, since {@code max(z, 0) > 0} exactly when {@code z > 0}. Backward, with
 * {@code dY (m, out)}:
 *
 * <pre>
 *   dZ = dY [Y > 0]     relu's rule ({@link ReluGrad})
 *   dX = dZ W           only when X needs a gradient
 *   dW = dZ^T X
 *   db = sum_i dZ_i
 * </pre>
 */
public final class LinearRelu extends Function {
    private LinearRelu() {
    }

    /** {@code max(x W^T + b, 0)}: (m, in) with (out, in) and (out,) gives (m, out). */
    public static Tensor apply(Tensor x, Tensor weight, Tensor bias) {
        LinearRelu f = new LinearRelu();
        Tensor y = f.output(ArrayOps.addRowReluInPlace(LinearFunction.product(x, weight, bias), bias.data()), x,
                weight, bias);
        if (y.requiresGrad()) {
            f.save(x, weight, y);   // the output too: changing it in place before backward is refused
        }
        return y;
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Tensor dz = ReluGrad.apply(dy, saved(2));
        Tensor[] grads = LinearFunction.gradients(dz, saved(0), saved(1), needsGrad(0), needsGrad(1), needsGrad(2),
                spareGradient(1));
        if (!dz.requiresGrad()) {
            // no graph recorded: the products and the column sum made arrays of their own, so nothing holds dZ's
            // array but this rule, and the next step's dZ (or any array of its length) can take it instead of a new
            // one (mlp: 128 KB of new memory a batch fewer)
            ArrayPool.recycle(dz.data());
        }
        return grads;
    }

    /** dX and dW are new matrix products, db a new column sum. */
    @Override
    protected boolean returnsFreshGradients() {
        return true;
    }

    @Override
    public String localDerivative(int input) {
        String mask = "[Y > 0]";
        return switch (input) {
            case 0 -> mask + " " + label(1);
            case 1 -> mask + " " + label(0);
            default -> mask;
        };
    }

    @Override
    public String gradientRule(int input, String upstream) {
        String dz = "(" + upstream + " * [Y > 0])";
        return switch (input) {
            case 0 -> dz + " @ " + label(1);
            case 1 -> dz + "^T @ " + label(0);
            default -> "sum over rows of " + dz;
        };
    }
}

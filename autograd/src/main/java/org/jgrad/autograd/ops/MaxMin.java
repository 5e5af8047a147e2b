package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.BinaryOp;
import org.jgrad.core.Elementwise;

/**
 * {@code z = maximum(x, y)} or {@code minimum(x, y)} elementwise, broadcasting. The gradient goes to the operand
 * that was picked; on a tie it is split in half between them, as in PyTorch. The shares are constant masks (their own
 * derivative is 0).
 */
public final class MaxMin extends Function {
    private final boolean max;

    private MaxMin(boolean max) {
        this.max = max;
    }

    public static Tensor maximum(Tensor x, Tensor y) {
        return apply(true, x, y);
    }

    public static Tensor minimum(Tensor x, Tensor y) {
        return apply(false, x, y);
    }

    private static Tensor apply(boolean max, Tensor x, Tensor y) {
        MaxMin f = new MaxMin(max);
        f.save(x, y);
        return f.output(Elementwise.binary(max ? BinaryOp.MAXIMUM : BinaryOp.MINIMUM, x.data(), y.data()), x, y);
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        // share of x: 1 where x was picked, 1/2 on a tie, 0 otherwise; y gets the rest
        Tensor shareX = Tensor.of(Elementwise.zip(saved(0).data(), saved(1).data(),
                (a, b) -> a == b ? 0.5 : (a > b) == max ? 1.0 : 0.0));
        Tensor dx = needsGrad(0) ? dz.mul(shareX) : null;
        Tensor dy = needsGrad(1) ? dz.mul(shareX.neg().add(1.0)) : null;
        return grads(dx, dy);
    }

    @Override
    public String localDerivative(int input) {
        return "[" + label(input) + " is the " + (max ? "max" : "min") + "]";
    }

    @Override
    public String opName() {
        return max ? "maximum" : "minimum";
    }
}

package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;

/**
 * {@code z = condition ? a : b} elementwise, the three broadcast together. The condition is a mask (nonzero means
 * true) and gets no gradient; {@code a} receives dz where the condition holds and {@code b} where it does not.
 */
public final class Where extends Function {
    public static Tensor apply(Tensor condition, Tensor a, Tensor b) {
        if (condition.requiresGrad()) {
            throw new IllegalArgumentException("where: the condition is a mask and cannot require grad; detach() it");
        }
        Where f = new Where();
        f.save(condition);
        return f.output(Elementwise.where(condition.data(), a.data(), b.data()), condition, a, b);
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        Tensor zero = Tensor.scalar(0.0, dz.dtype());
        return grads(null, needsGrad(1) ? apply(saved(0), dz, zero) : null,
                needsGrad(2) ? apply(saved(0), zero, dz) : null);
    }

    @Override
    public String localDerivative(int input) {
        return input == 1 ? "[" + label(0) + "]" : "[not " + label(0) + "]";
    }
}

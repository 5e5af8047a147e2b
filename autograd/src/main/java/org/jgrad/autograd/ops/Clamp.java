package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;

/**
 * {@code z = min(max(x, lo), hi)}. dz/dx = 1 where {@code lo <= x <= hi}, else 0 (PyTorch's convention at the
 * bounds); the mask is constant, so its own derivative is 0. Either bound may be infinite. NaN stays NaN.
 */
public final class Clamp extends Function {
    private final double lo;
    private final double hi;

    private Clamp(double lo, double hi) {
        this.lo = lo;
        this.hi = hi;
    }

    public static Tensor apply(Tensor x, double lo, double hi) {
        if (lo > hi) {
            throw new IllegalArgumentException("clamp: min " + lo + " is greater than max " + hi);
        }
        Clamp f = new Clamp(lo, hi);
        f.save(x);
        return f.output(Elementwise.clamp(x.data(), lo, hi), x);
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        return grads(dz.mul(Tensor.of(Elementwise.map(saved(0).data(), v -> v >= lo && v <= hi ? 1.0 : 0.0))));
    }

    @Override
    public String localDerivative(int input) {
        return "[" + lo + " <= " + label(0) + " <= " + hi + "]";
    }
}

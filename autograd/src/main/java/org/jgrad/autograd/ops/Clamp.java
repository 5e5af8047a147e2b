package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Elementwise;
import org.jgrad.core.NDArray;

/**
 * {@code z = min(max(x, lo), hi)}. dz/dx = 1 where {@code lo <= x <= hi}, else 0 (PyTorch's convention at the
 * bounds). Either bound may be infinite.
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
        f.save(x.data());
        return f.output(Elementwise.map(x.data(), v -> Math.min(Math.max(v, lo), hi)), x);
    }

    @Override
    protected NDArray[] backward(NDArray dz) {
        return grads(Elementwise.mul(dz, Elementwise.map(saved(0), v -> v >= lo && v <= hi ? 1.0 : 0.0)));
    }

    @Override
    public String localDerivative(int input) {
        return "[" + lo + " <= " + label(0) + " <= " + hi + "]";
    }
}

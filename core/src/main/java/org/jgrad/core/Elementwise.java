package org.jgrad.core;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.jgrad.core.kernels.Kernels;
import org.jgrad.core.kernels.Parallel;

/**
 * Elementwise math on {@link NDArray}s, with NumPy/PyTorch broadcasting. Every function returns a new array.
 *
 * <p>float32 arrays of equal shape, a scalar operand, or a row operand (a bias of shape {@code (n,)} against
 * {@code (m, n)}) run on the {@link Kernels}; every other case, and every float64 array, runs one generic
 * broadcasting loop over the op's double-precision definition.
 */
public final class Elementwise {
    private Elementwise() {
    }

    /** A range {@code [start, start + length)} of elements. */
    interface Range {
        void run(int start, int length);
    }

    /** Elements per range boundary: a whole number of vectors at every width, so no element moves to a tail loop. */
    private static final int RANGE_ALIGN = 64;

    /**
     * Runs {@code body} over {@code [0, n)} in ranges split across threads when the array is big enough to pay for
     * the hand-off (about a megabyte per thread: the cnn's 3.2 MB relu of the first layer's output takes two), on
     * the calling thread otherwise. The ranges start at multiples of {@value #RANGE_ALIGN}, so that each element
     * takes the same path through a kernel (vector body or scalar tail) as in one call over the whole array: the
     * same bits whatever the split.
     */
    static void inRanges(int n, Range body) {
        inRanges(n, 4L * n, body);
    }

    /** {@link #inRanges(int, Range)} for work of {@code work} elementwise operations over the n items. */
    static void inRanges(int n, long work, Range body) {
        int parts = Math.max(1, Math.min(n / RANGE_ALIGN, Parallel.worthSplitting(work)));
        if (parts == 1) {
            body.run(0, n);
            return;
        }
        int blocks = Math.ceilDiv(n, RANGE_ALIGN);
        Parallel.forEach(parts, part -> {
            int start = Math.min(n, Parallel.start(blocks, parts, part) * RANGE_ALIGN);
            int end = Math.min(n, Parallel.start(blocks, parts, part + 1) * RANGE_ALIGN);
            body.run(start, end - start);
        });
    }

    public static NDArray add(NDArray a, NDArray b) {
        return binary(BinaryOp.ADD, a, b);
    }

    public static NDArray sub(NDArray a, NDArray b) {
        return binary(BinaryOp.SUB, a, b);
    }

    public static NDArray mul(NDArray a, NDArray b) {
        return binary(BinaryOp.MUL, a, b);
    }

    public static NDArray div(NDArray a, NDArray b) {
        return binary(BinaryOp.DIV, a, b);
    }

    /** {@code a ^ b} elementwise (Java's {@code Math.pow}). */
    public static NDArray pow(NDArray a, NDArray b) {
        return binary(BinaryOp.POW, a, b);
    }

    /** {@code a + s} for every element. */
    public static NDArray addScalar(NDArray a, double s) {
        return binary(BinaryOp.ADD, a, NDArray.scalar(a.dtype(), s));
    }

    /** {@code a * s} for every element. */
    public static NDArray mulScalar(NDArray a, double s) {
        return binary(BinaryOp.MUL, a, NDArray.scalar(a.dtype(), s));
    }

    /** Throws when the two dtypes differ, naming both and the operation. */
    public static void requireSameDType(String op, NDArray a, NDArray b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": dtypes " + a.dtype() + " and " + b.dtype()
                    + " differ; convert one with to(DType) first");
        }
    }

    /** The broadcast shape of two operands; the error names the operation as well as both shapes. */
    public static Shape broadcastFor(String op, NDArray a, NDArray b) {
        try {
            return Shape.broadcast(a.shape(), b.shape());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": " + e.getMessage(), e);
        }
    }

    /** {@code out = op(a, b)} with broadcasting. */
    public static NDArray binary(BinaryOp op, NDArray a, NDArray b) {
        requireSameDType(op.toString(), a, b);
        Shape shape = broadcastFor(op.toString(), a, b);
        NDArray out = NDArray.toOverwrite(a.dtype(), shape); // both paths write every element
        if (a.dtype() == DType.FLOAT32 && a.shape().equals(shape) && floatFastPath(op, a, b, out)) {
            return out;
        }
        zipInto(out, a, b, op::apply);
        return out;
    }

    private static boolean floatFastPath(BinaryOp op, NDArray a, NDArray b, NDArray out) {
        Kernels k = Kernels.get();
        float[] x = a.floats();
        float[] y = b.floats();
        float[] o = out.floats();
        if (b.shape().equals(out.shape())) {
            inRanges(o.length, (start, len) -> op.kernel(k, x, start, y, start, o, start, len));
            return true;
        }
        if (b.size() == 1 && op.scalarKernel(k, x, y[0], o, o.length)) {
            return true;
        }
        if (b.size() > 0 && isTrailingRow(b.shape(), out.shape())) {
            int row = b.size();
            for (int start = 0; start < o.length; start += row) {
                op.kernel(k, x, start, y, 0, o, start, row);
            }
            return true;
        }
        return false;
    }

    /** True when {@code row}, leading 1s dropped, equals the trailing dimensions of {@code full}. */
    static boolean isTrailingRow(Shape row, Shape full) {
        int[] r = row.dims();
        int[] f = full.dims();
        int lead = 0;
        while (lead < r.length && r[lead] == 1) {
            lead++;
        }
        int len = r.length - lead;
        if (len > f.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (r[lead + i] != f[f.length - len + i]) {
                return false;
            }
        }
        return true;
    }

    /** {@code out = f(a, b)} for any function, with broadcasting: the generic path, for every dtype. */
    public static NDArray zip(NDArray a, NDArray b, DoubleBinaryOperator f) {
        requireSameDType("zip", a, b);
        NDArray out = NDArray.zeros(a.dtype(), broadcastFor("zip", a, b));
        zipInto(out, a, b, f);
        return out;
    }

    private static void zipInto(NDArray out, NDArray a, NDArray b, DoubleBinaryOperator f) {
        BroadcastCursor c = new BroadcastCursor(out.shape(), a.shape(), b.shape());
        for (int i = 0; i < out.size(); i++, c.next()) {
            out.set(i, f.applyAsDouble(a.get(c.index(0)), b.get(c.index(1))));
        }
    }

    public static NDArray neg(NDArray a) {
        return unary(UnaryOp.NEG, a);
    }

    public static NDArray exp(NDArray a) {
        return unary(UnaryOp.EXP, a);
    }

    public static NDArray log(NDArray a) {
        return unary(UnaryOp.LOG, a);
    }

    public static NDArray sigmoid(NDArray a) {
        return unary(UnaryOp.SIGMOID, a);
    }

    public static NDArray relu(NDArray a) {
        return unary(UnaryOp.RELU, a);
    }

    /**
     * {@code min(max(a, lo), hi)} elementwise (either bound may be infinite); NaN stays NaN, as in PyTorch's
     * {@code clamp}.
     *
     * @throws IllegalArgumentException when {@code lo > hi} or a bound is NaN
     */
    public static NDArray clamp(NDArray a, double lo, double hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp: expected min <= max, got min " + lo + " and max " + hi);
        }
        // Math.max and Math.min return NaN when either argument is NaN
        return map(a, v -> Math.min(Math.max(v, lo), hi));
    }

    /**
     * {@code out[i] = cond[i] != 0 ? a[i] : b[i]}, all three broadcast together. {@code a} and {@code b} must share
     * a dtype; {@code cond} is a mask (any dtype, nonzero means true), such as a comparison returns.
     */
    public static NDArray where(NDArray cond, NDArray a, NDArray b) {
        requireSameDType("where", a, b);
        Shape shape = Shape.broadcast(cond.shape(), Shape.broadcast(a.shape(), b.shape()));
        NDArray out = NDArray.zeros(a.dtype(), shape);
        BroadcastCursor c = new BroadcastCursor(shape, cond.shape(), a.shape(), b.shape());
        for (int i = 0; i < out.size(); i++, c.next()) {
            out.set(i, cond.get(c.index(0)) != 0 ? a.get(c.index(1)) : b.get(c.index(2)));
        }
        return out;
    }

    /** {@code out = op(a)} elementwise. */
    public static NDArray unary(UnaryOp op, NDArray a) {
        NDArray out = NDArray.toOverwrite(a.dtype(), a.shape()); // both paths write every element
        if (a.dtype() == DType.FLOAT32) {
            Kernels k = Kernels.get();
            float[] x = a.floats();
            float[] y = out.floats();
            inRanges(a.size(), (start, len) -> op.kernel(k, x, start, y, len));
        } else {
            for (int i = 0; i < a.size(); i++) {
                out.set(i, op.apply(a.get(i)));
            }
        }
        return out;
    }

    /** {@code out = f(a)} for any function: the generic path, for every dtype. */
    public static NDArray map(NDArray a, DoubleUnaryOperator f) {
        NDArray out = NDArray.zeros(a.dtype(), a.shape());
        for (int i = 0; i < a.size(); i++) {
            out.set(i, f.applyAsDouble(a.get(i)));
        }
        return out;
    }
}

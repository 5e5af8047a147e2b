package org.jgrad.core;

import java.util.Arrays;
import java.util.Objects;
import org.jgrad.core.kernels.Kernels;

/**
 * A dense, row-major, n-dimensional array of float32 or float64 numbers: the storage under every tensor.
 *
 * <p>An {@code NDArray} knows nothing about gradients. Its elements live in one contiguous Java array
 * ({@code float[]} or {@code double[]}) in row-major order, so element {@code (i, j)} of a {@code (m, n)} array is
 * at flat index {@code i * n + j}. The math on arrays lives in {@link Elementwise}, {@link Reductions} and
 * {@link MatMul}; this class holds the numbers, reads and writes them, and a few in-place updates that
 * optimizers need.
 *
 * <pre>{@code
 * NDArray x = NDArray.of(new float[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3));
 * x.get(1, 2);   // 6.0
 * }</pre>
 */
public final class NDArray {
    private final Shape shape;
    private final DType dtype;
    private final float[] f;
    private final double[] d;
    /** The storage's version counter, shared by every view of the same storage (PyTorch's {@code _version}). */
    private final int[] version;

    private NDArray(Shape shape, float[] f, double[] d) {
        this(shape, f, d, new int[1]);
    }

    private NDArray(Shape shape, float[] f, double[] d, int[] version) {
        this.version = version;
        this.shape = shape;
        this.f = f;
        this.d = d;
        this.dtype = f != null ? DType.FLOAT32 : DType.FLOAT64;
        int length = f != null ? f.length : d.length;
        if (length != shape.size()) {
            throw new IllegalArgumentException("shape " + shape + " holds " + shape.size() + " elements, but "
                    + length + " values were given");
        }
    }

    /** Wraps {@code values} (not copied) as a float32 array of the given shape. */
    public static NDArray of(float[] values, Shape shape) {
        return new NDArray(shape, Objects.requireNonNull(values, "values"), null);
    }

    /** Wraps {@code values} (not copied) as a float64 array of the given shape. */
    public static NDArray of(double[] values, Shape shape) {
        return new NDArray(shape, null, Objects.requireNonNull(values, "values"));
    }

    /** A new array of zeros (a large one may reuse an array the backward engine found dead: {@link ArrayPool}). */
    public static NDArray zeros(DType dtype, Shape shape) {
        return dtype == DType.FLOAT32 ? new NDArray(shape, ArrayPool.floats(shape.size(), true), null)
                : new NDArray(shape, null, ArrayPool.doubles(shape.size(), true));
    }

    /**
     * An array for an op that writes every element before anything reads one (a convolution's, a pooling's, a
     * matrix product's, an elementwise op's, relu's gradient): its contents are unspecified, since one the
     * {@link ArrayPool} kept is handed out without the fill with zeros that {@link #zeros} gives it (at one thread,
     * 4% of the cnn's epoch went to filling its two layers' outputs with zeros that the kernels then overwrote).
     * Not for anything that adds into its output.
     */
    static NDArray toOverwrite(DType dtype, Shape shape) {
        return dtype == DType.FLOAT32 ? new NDArray(shape, ArrayPool.floats(shape.size(), false), null)
                : new NDArray(shape, null, ArrayPool.doubles(shape.size(), false));
    }

    /** A new array with every element equal to {@code value}. */
    public static NDArray full(DType dtype, Shape shape, double value) {
        NDArray a = zeros(dtype, shape);
        a.fill(value);
        a.version[0] = 0;   // a new array: nothing was changed in place yet
        return a;
    }

    /** A scalar (shape {@code ()}) holding {@code value}. */
    public static NDArray scalar(DType dtype, double value) {
        return full(dtype, Shape.SCALAR, value);
    }

    public Shape shape() {
        return shape;
    }

    public DType dtype() {
        return dtype;
    }

    /** Number of elements. */
    public int size() {
        return shape.size();
    }

    /** The backing float32 array itself (not a copy), row-major. Throws for float64. */
    public float[] floats() {
        if (f == null) {
            throw new IllegalStateException("floats(): this array is " + dtype + ", expected float32");
        }
        return f;
    }

    /** The backing float64 array itself (not a copy), row-major. Throws for float32. */
    public double[] doubles() {
        if (d == null) {
            throw new IllegalStateException("doubles(): this array is " + dtype + ", expected float64");
        }
        return d;
    }

    /** Element at flat (row-major) index {@code i}, widened to double. */
    public double get(int i) {
        return f != null ? f[i] : d[i];
    }

    /** Sets the element at flat index {@code i} (rounded to float for float32). */
    public void set(int i, double value) {
        version[0]++;
        if (f != null) {
            f[i] = (float) value;
        } else {
            d[i] = value;
        }
    }

    /** Element at the given multi-index, one index per dimension. */
    public double get(int... index) {
        return get(flatIndex(index));
    }

    /** The single element of a one-element array. */
    public double item() {
        if (size() != 1) {
            throw new IllegalStateException("item(): expected an array with one element, got shape " + shape
                    + " with " + size() + " elements");
        }
        return get(0);
    }

    /** Row-major flat index of a multi-index, checking each index against its dimension. */
    public int flatIndex(int... index) {
        if (index.length != shape.rank()) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has " + index.length
                    + " entries, expected " + shape.rank() + " for shape " + shape);
        }
        int flat = 0;
        for (int k = 0; k < index.length; k++) {
            int n = shape.dim(k);
            if (index[k] < 0 || index[k] >= n) {
                throw new IndexOutOfBoundsException("index " + index[k] + " is out of range for dimension " + k
                        + " of size " + n + " (shape " + shape + ")");
            }
            flat = flat * n + index[k];
        }
        return flat;
    }

    /** A new array with the same shape, dtype and values. */
    public NDArray copy() {
        return f != null ? new NDArray(shape, f.clone(), null) : new NDArray(shape, null, d.clone());
    }

    /** The same values under another shape with the same number of elements; shares the storage. */
    public NDArray reshape(Shape newShape) {
        if (newShape.size() != size()) {
            throw new IllegalArgumentException("reshape: cannot view shape " + shape + " (" + size()
                    + " elements) as " + newShape + " (" + newShape.size() + " elements)");
        }
        return new NDArray(newShape, f, d, version);
    }

    /** This array converted to {@code target} (a copy; the same array when the dtype already matches). */
    public NDArray to(DType target) {
        if (target == dtype) {
            return this;
        }
        NDArray out = zeros(target, shape);
        for (int i = 0; i < size(); i++) {
            out.set(i, get(i));
        }
        return out;
    }

    /** Sets every element to {@code value}. */
    public void fill(double value) {
        version[0]++;
        if (f != null) {
            Kernels.get().fill(f, 0, (float) value, f.length);
        } else {
            Arrays.fill(d, value);
        }
    }

    /** {@code this += alpha * x}, in place; {@code x} must have this array's shape and dtype. */
    public void addInPlace(double alpha, NDArray x) {
        version[0]++;
        requireSame("addInPlace", x);
        if (f != null) {
            Kernels.get().axpy((float) alpha, x.f, 0, f, 0, f.length);
        } else {
            for (int i = 0; i < d.length; i++) {
                d[i] += alpha * x.d[i];
            }
        }
    }

    /** {@code this *= alpha}, in place. */
    public void scaleInPlace(double alpha) {
        version[0]++;
        if (f != null) {
            Kernels.get().mulScalar(f, 0, (float) alpha, f, 0, f.length);
        } else {
            for (int i = 0; i < d.length; i++) {
                d[i] *= alpha;
            }
        }
    }

    /** Copies {@code src}'s values into this array; shapes and dtypes must match. */
    public void copyFrom(NDArray src) {
        version[0]++;
        requireSame("copyFrom", src);
        if (f != null) {
            System.arraycopy(src.f, 0, f, 0, f.length);
        } else {
            System.arraycopy(src.d, 0, d, 0, d.length);
        }
    }

    /**
     * Copies {@code n} elements of {@code src} starting at flat index {@code srcPos} into this array at
     * {@code dstPos}; dtypes must match. The block copy under concat, narrow and index selection.
     */
    public void copyRange(int dstPos, NDArray src, int srcPos, int n) {
        version[0]++;
        if (src.dtype != dtype) {
            throw new IllegalArgumentException("copyRange: expected " + dtype + ", got " + src.dtype);
        }
        System.arraycopy(f != null ? src.f : src.d, srcPos, f != null ? f : d, dstPos, n);
    }

    /**
     * How many times the storage has been changed in place through this array or a view of it ({@link #set},
     * {@link #fill}, {@link #addInPlace}, ...). The autograd engine compares it with the value it saw when it saved
     * the array for backward, to refuse a gradient computed from changed values.
     */
    public int version() {
        return version[0];
    }

    /**
     * Records an in-place change made through {@link #floats()} or {@link #doubles()} directly (the methods of this
     * class record their own).
     */
    public void markModified() {
        version[0]++;
    }

    /** True when any element is NaN or infinite. */
    public boolean hasNonFinite() {
        for (int i = 0; i < size(); i++) {
            if (!Double.isFinite(get(i))) {
                return true;
            }
        }
        return false;
    }

    private void requireSame(String op, NDArray x) {
        if (!x.shape.equals(shape) || x.dtype != dtype) {
            throw new IllegalArgumentException(op + ": expected " + dtype + " " + shape + ", got " + x.dtype + " "
                    + x.shape);
        }
    }

    /** The values as nested lists, PyTorch-style: {@code [[1.0000, 2.0000], [3.0000, 4.0000]]}; long arrays are elided. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        appendNested(sb, 0, 0);
        return sb.toString();
    }

    private static final int EDGE = 3;

    private void appendNested(StringBuilder sb, int dim, int offset) {
        if (shape.rank() == 0) {
            sb.append(format(get(0)));
            return;
        }
        int n = shape.dim(dim);
        int stride = shape.strides()[dim];
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (n > 2 * EDGE + 1 && i == EDGE) {
                sb.append("..., ");
                i = n - EDGE - 1;
                continue;
            }
            if (dim == shape.rank() - 1) {
                sb.append(format(get(offset + i)));
            } else {
                appendNested(sb, dim + 1, offset + i * stride);
            }
            if (i < n - 1) {
                sb.append(", ");
            }
        }
        sb.append(']');
    }

    private static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        double abs = Math.abs(v);
        return abs != 0 && (abs >= 1e5 || abs < 1e-4) ? String.format("%.4e", v) : String.format("%.4f", v);
    }
}

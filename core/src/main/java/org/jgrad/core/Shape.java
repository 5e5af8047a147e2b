package org.jgrad.core;

import java.util.Arrays;

/**
 * The dimensions of a dense, row-major array: {@code (2, 3)} is two rows of three.
 *
 * <p>A shape is immutable. Strides are in elements, the last dimension has stride 1. A shape with no
 * dimensions is a scalar and holds one element; a dimension of size 0 gives an empty array.
 *
 * <pre>{@code
 * Shape s = Shape.of(2, 3);
 * s.size();                                    // 6
 * Shape.broadcast(Shape.of(4, 1), Shape.of(3)); // (4, 3)
 * }</pre>
 */
public final class Shape {
    /** The shape of a scalar: no dimensions, one element. */
    public static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;
    private final int[] strides;
    private final int size;

    private Shape(int[] dims) {
        this.dims = dims;
        this.strides = new int[dims.length];
        long n = 1;
        for (int d = dims.length - 1; d >= 0; d--) {
            if (dims[d] < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + ": dimension " + d
                        + " is " + dims[d] + ", expected a size >= 0");
            }
            strides[d] = (int) Math.min(n, Integer.MAX_VALUE);
            n *= dims[d];
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has more than "
                        + Integer.MAX_VALUE + " elements");
            }
        }
        this.size = (int) n;
    }

    /** A shape with the given dimensions, outermost first. */
    public static Shape of(int... dims) {
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    /** Number of dimensions (0 for a scalar). */
    public int rank() {
        return dims.length;
    }

    /** Size of dimension {@code d}; negative {@code d} counts from the end, as in PyTorch. */
    public int dim(int d) {
        return dims[normalize(d)];
    }

    /** A copy of the dimensions. */
    public int[] dims() {
        return dims.clone();
    }

    /** Row-major strides in elements (a copy). */
    public int[] strides() {
        return strides.clone();
    }

    /** Number of elements: the product of the dimensions. */
    public int size() {
        return size;
    }

    /** True when this shape holds exactly one element (a scalar, or all dimensions 1). */
    public boolean isSingleton() {
        return size == 1;
    }

    /** Turns a possibly negative dimension index into {@code 0..rank-1}, or throws naming the range. */
    public int normalize(int d) {
        int r = d < 0 ? d + dims.length : d;
        if (r < 0 || r >= dims.length) {
            throw new IndexOutOfBoundsException("dimension " + d + " is out of range for shape " + this
                    + " (expected " + (-dims.length) + " to " + (dims.length - 1) + ")");
        }
        return r;
    }

    /** This shape with dimension {@code d} removed, or set to 1 when {@code keepDim}. */
    public Shape reduce(int d, boolean keepDim) {
        int axis = normalize(d);
        if (keepDim) {
            int[] out = dims.clone();
            out[axis] = 1;
            return new Shape(out);
        }
        int[] out = new int[dims.length - 1];
        for (int i = 0, j = 0; i < dims.length; i++) {
            if (i != axis) {
                out[j++] = dims[i];
            }
        }
        return of(out);
    }

    /**
     * The shape of an elementwise result of {@code a} and {@code b}, by NumPy's and PyTorch's rule: align the
     * dimensions from the right; two sizes agree when they are equal or one of them is 1.
     *
     * @throws IllegalArgumentException naming both shapes and the first dimension that disagrees
     */
    public static Shape broadcast(Shape a, Shape b) {
        if (a.equals(b)) {
            return a;
        }
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.rank() ? 1 : a.dims[i - (rank - a.rank())];
            int db = i < rank - b.rank() ? 1 : b.dims[i - (rank - b.rank())];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("cannot broadcast shapes " + a + " and " + b
                        + ": sizes " + da + " and " + db + " differ at dimension " + i
                        + " (counted after aligning from the right), and neither is 1");
            }
            out[i] = da == 1 ? db : da;
        }
        return of(out);
    }

    /**
     * Strides for reading an array of this shape as if it had shape {@code target}: broadcast dimensions get
     * stride 0. {@code target} must be a broadcast of this shape.
     */
    public int[] broadcastStrides(Shape target) {
        int[] out = new int[target.rank()];
        int offset = target.rank() - rank();
        for (int i = 0; i < rank(); i++) {
            out[i + offset] = dims[i] == 1 ? 0 : strides[i];
        }
        return out;
    }

    /**
     * True for the 2-D shape {@code (rows, cols)}: {@code equals(Shape.of(rows, cols))} without making a shape, for
     * checks that run every training step.
     */
    public boolean isMatrix(int rows, int cols) {
        return dims.length == 2 && dims[0] == rows && dims[1] == cols;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Written as a tuple: {@code (2, 3)}, {@code (5,)}, {@code ()}. */
    @Override
    public String toString() {
        if (dims.length == 1) {
            return "(" + dims[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(dims[i]);
        }
        return sb.append(')').toString();
    }

    /** Written as in matrix algebra, {@code 3x4}; used in matmul messages. */
    public String toMatrixString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : "x").append(dims[i]);
        }
        return sb.toString();
    }
}

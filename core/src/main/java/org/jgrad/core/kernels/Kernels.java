package org.jgrad.core.kernels;

/**
 * The float32 numeric kernels: every hot loop in jgrad is one of these methods.
 *
 * <p>Two implementations exist, chosen once at start-up by {@link #get()} (the pattern of Lucene's
 * {@code VectorizationProvider}): {@link ScalarKernels}, plain Java loops, and {@code VectorKernels}, written on
 * the JDK Vector API ({@code jdk.incubator.vector}). When that module is not readable, jgrad logs one warning
 * and runs scalar. The system property {@code jgrad.kernels=scalar|vector} forces a choice, and
 * {@code jgrad.vectorBits=128|256|512} the vector width (the Vector API species of that shape, whatever the CPU
 * prefers: how the tests run every width on one machine). An invalid value of either is an
 * {@link IllegalArgumentException} from {@link #get()} naming it.
 *
 * <p>Both implementations, at every vector width, give the same bits for every kernel: the reductions follow one
 * association order ({@link Summation}: 64 logical partial sums), the matrix product one order per element of C
 * (an fma chain over each depth block, {@link MatrixProduct#depthBlock()}), exp one polynomial.
 *
 * <p>Arrays are passed with an offset and a length so that callers can work on rows of a matrix without copying.
 * Outputs may alias inputs exactly (same array, same offset).
 */
public interface Kernels {

    /** The implementation chosen at start-up. */
    static Kernels get() {
        return KernelProvider.get();
    }

    /** A short name: {@code "scalar"} or {@code "vector(256 bit)"}. */
    String name();

    /** {@code out[i] = a[i] + b[i]} for {@code i < n}. */
    void add(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n);

    /** {@code out[i] = a[i] - b[i]}. */
    void sub(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n);

    /** {@code out[i] = a[i] * b[i]}. */
    void mul(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n);

    /** {@code out[i] = a[i] / b[i]}. */
    void div(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n);

    /** {@code out[i] = a[i] + s}. */
    void addScalar(float[] a, int ao, float s, float[] out, int oo, int n);

    /** {@code out[i] = a[i] * s}. */
    void mulScalar(float[] a, int ao, float s, float[] out, int oo, int n);

    /** {@code out[i] = exp(a[i])}. */
    void exp(float[] a, int ao, float[] out, int oo, int n);

    /** {@code out[i] = log(a[i])} (natural logarithm). */
    void log(float[] a, int ao, float[] out, int oo, int n);

    /** {@code out[i] = 1 / (1 + exp(-a[i]))}. */
    void sigmoid(float[] a, int ao, float[] out, int oo, int n);

    /** {@code out[i] = max(a[i], 0)}. */
    void relu(float[] a, int ao, float[] out, int oo, int n);

    /**
     * relu's backward: {@code out[i] = x[i] > 0 ? dz[i] : 0}, where {@code x} is relu's input (0 at {@code x = 0}
     * and for NaN, as PyTorch's {@code threshold_backward}).
     */
    void reluBackward(float[] dz, int dzo, float[] x, int xo, float[] out, int oo, int n);

    /** {@code a[i] = v} for {@code i < n}. */
    void fill(float[] a, int ao, float v, int n);

    /**
     * {@code sum(a[ao .. ao+n))}, accurate to about 1e-6 relative at any length: float32 partial sums of at
     * most 64 terms, added in float64 ({@link Summation}).
     */
    float sum(float[] a, int ao, int n);

    /** {@code sum(a[i] * b[i])}: 64 float32 partial sums of fused multiply-adds ({@link Summation}). */
    float dot(float[] a, int ao, float[] b, int bo, int n);

    /**
     * One row against several: {@code c[co + j] = dot(a[ao ..], b[bo + j * n ..])} for {@code j < rows}, each dot
     * of length {@code n} (the rows of {@code b} are consecutive), with {@link #dot}'s bits. {@code a} is read once
     * per group of rows, not once per row. An array that ends within 64 elements after its last full chunk of 64
     * ({@code a}, or the last row of {@code b}) has that partial chunk copied once per call; callers that call this
     * often on one short {@code a} give it that much room.
     */
    void dots(float[] a, int ao, float[] b, int bo, int rows, int n, float[] c, int co);

    /** {@code y[i] += alpha * x[i]} (BLAS axpy), one fused multiply-add per element. */
    void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n);

    /**
     * Several rows into one, {@code y += alpha^T X}: for each row {@code r < rows} in order,
     * {@code y[i] += alpha[ao + r] * x[xo + r * n + i]} for {@code i < n}, one fused multiply-add per row and element
     * (the bits of {@code rows} calls of {@link #axpy}, row by row), with {@code y} loaded and stored once per group
     * of rows rather than once per row.
     */
    void axpys(float[] alpha, int ao, float[] x, int xo, int rows, int n, float[] y, int yo);

    /**
     * Rows gathered by index: {@code out[i * width ..]} = {@code src[rows[from + i] * width ..]}, {@code width}
     * values, for {@code i < count} (a data loader's batch; the caller has checked the indices). Rows drawn at random
     * from a data set larger than the caches each begin with a miss to memory: the implementations keep several rows
     * in flight rather than copying one after another (see {@link RowGather}).
     */
    default void gatherRows(float[] src, int[] rows, int from, int count, int width, float[] out) {
        gatherRows(src, rows, from, count, width, out, 0);
    }

    /** {@link #gatherRows(float[], int[], int, int, int, float[])} into {@code out} from {@code to} on. */
    void gatherRows(float[] src, int[] rows, int from, int count, int width, float[] out, int to);

    /**
     * {@code C = op(A) op(B)}, overwriting {@code C} (m x n, row-major), where {@code op(A)} is m x k and
     * {@code op(B)} is k x n. With {@code transA}, {@code A} is stored k x m and read transposed; with
     * {@code transB}, {@code B} is stored n x k. No transpose is materialised.
     *
     * <p>Matrix-vector shapes, and {@code A B^T} with few columns, run on {@link #dots} and {@link #axpy};
     * everything else on {@link #gemmTile}. Large products are split across {@link Parallel#threads()} threads
     * ({@link MatrixProduct}).
     */
    default void matmul(float[] a, boolean transA, float[] b, boolean transB, float[] c, int m, int k, int n) {
        MatrixProduct.multiply(this, new MatrixProduct(a, transA, b, transB, c, m, k, n));
    }

    /**
     * One rectangle of a matrix product: {@code C[i0:i1, j0:j1] = op(A)[i0:i1, :] op(B)[:, j0:j1]}, overwriting
     * that rectangle of {@code C} and nothing else (so that threads can share {@code C}).
     */
    void gemmTile(MatrixProduct p, int i0, int i1, int j0, int j1);
}

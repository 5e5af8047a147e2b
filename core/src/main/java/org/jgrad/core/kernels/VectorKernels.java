package org.jgrad.core.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the JDK Vector API, using the widest float species the CPU offers (8 lanes on AVX2, 16 on AVX-512),
 * or the one {@code jgrad.vectorBits} names ({@link VectorWidth}).
 *
 * <p>Each loop runs whole vectors up to {@code species.loopBound(n)} and finishes with one masked vector for the
 * tail. The hot loops name their operator directly ({@code x.add(y)}): a shared helper taking the operator as
 * a parameter is, once compiled, too big for C2 to inline, and with a non-constant operator the Vector API falls
 * back to a slow generic path; the helpers serve only the tails. The reductions are in {@link VectorReductions}.
 *
 * <p>Every kernel gives the same bits before and after the JIT compiles it, at every vector width, and as the
 * scalar kernels, so that seeded runs repeat exactly: elementwise kernels are lanewise, reductions follow
 * {@link Summation}'s order of 64 logical lanes, exp is {@link ExpPolynomial}'s, and every multiply-add that is
 * fused here is fused there.
 * Instantiated only through {@link Kernels#get()}, which checks that {@code jdk.incubator.vector} is readable.
 */
public final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> S = VectorWidth.FLOATS;
    private static final int L = S.length();

    @Override
    public String name() {
        return "vector(" + S.vectorBitSize() + " bit)";
    }

    private static void binary(VectorOperators.Binary op, float[] a, int ao, float[] b, int bo, float[] out, int oo,
            int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector x = FloatVector.fromArray(S, a, ao + i);
            x.lanewise(op, FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector x = FloatVector.fromArray(S, a, ao + i, m);
            x.lanewise(op, FloatVector.fromArray(S, b, bo + i, m)).intoArray(out, oo + i, m);
        }
    }

    private static void withScalar(VectorOperators.Binary op, float[] a, int ao, float s, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).lanewise(op, s).intoArray(out, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, a, ao + i, m).lanewise(op, s).intoArray(out, oo + i, m);
        }
    }

    @Override
    public void add(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        }
        if (i < n) {
            binary(VectorOperators.ADD, a, ao + i, b, bo + i, out, oo + i, n - i);
        }
    }

    @Override
    public void sub(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        }
        if (i < n) {
            binary(VectorOperators.SUB, a, ao + i, b, bo + i, out, oo + i, n - i);
        }
    }

    @Override
    public void mul(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        }
        if (i < n) {
            binary(VectorOperators.MUL, a, ao + i, b, bo + i, out, oo + i, n - i);
        }
    }

    @Override
    public void div(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).div(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        }
        if (i < n) {
            binary(VectorOperators.DIV, a, ao + i, b, bo + i, out, oo + i, n - i);
        }
    }

    @Override
    public void addScalar(float[] a, int ao, float s, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).add(s).intoArray(out, oo + i);
        }
        if (i < n) {
            withScalar(VectorOperators.ADD, a, ao + i, s, out, oo + i, n - i);
        }
    }

    @Override
    public void mulScalar(float[] a, int ao, float s, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).mul(s).intoArray(out, oo + i);
        }
        if (i < n) {
            withScalar(VectorOperators.MUL, a, ao + i, s, out, oo + i, n - i);
        }
    }

    @Override
    public void exp(float[] a, int ao, float[] out, int oo, int n) {
        VectorExp.exp(a, ao, 1f, out, oo, n);
    }

    @Override
    public void log(float[] a, int ao, float[] out, int oo, int n) {
        // a scalar loop: lanewise(LOG) rounds differently interpreted and compiled (see VectorExp), Math.log
        // does not (HotSpot's interpreter and compilers share its intrinsic)
        for (int i = 0; i < n; i++) {
            out[oo + i] = (float) Math.log(a[ao + i]);
        }
    }

    @Override
    public void sigmoid(float[] a, int ao, float[] out, int oo, int n) {
        // sigma(z) = 1 / (1 + exp(-z)); exp(-z) overflows to +inf for z < -88, giving exactly 0
        VectorExp.exp(a, ao, -1f, out, oo, n);
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            one.div(FloatVector.fromArray(S, out, oo + i).add(one)).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = 1f / (1f + out[oo + i]);
        }
    }

    @Override
    public void relu(float[] a, int ao, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).max(0f).intoArray(out, oo + i);
        }
        if (i < n) {
            withScalar(VectorOperators.MAX, a, ao + i, 0f, out, oo + i, n - i);
        }
    }

    @Override
    public void reluBackward(float[] dz, int dzo, float[] x, int xo, float[] out, int oo, int n) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            VectorMask<Float> positive = FloatVector.fromArray(S, x, xo + i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, dz, dzo + i), positive).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = x[xo + i] > 0 ? dz[dzo + i] : 0f;
        }
    }

    @Override
    public void fill(float[] a, int ao, float v, int n) {
        java.util.Arrays.fill(a, ao, ao + n, v);
    }

    @Override
    public float sum(float[] a, int ao, int n) {
        return VectorReductions.sum(a, ao, n);
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
        return VectorReductions.dot(a, ao, b, bo, n);
    }

    @Override
    public void dots(float[] a, int ao, float[] b, int bo, int rows, int n, float[] c, int co) {
        VectorReductions.dots(a, ao, b, bo, rows, n, c, co);
    }

    @Override
    public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        FloatVector va = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xo + i).fma(va, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = Math.fma(alpha, x[xo + i], y[yo + i]);
        }
    }

    /**
     * {@link RowGather}'s reading ahead, and the rows copied eight at a time, side by side, one vector of each row in
     * turn (then four, then one): eight rows' cache lines in flight instead of one row's. Batches of 64 rows of 784
     * float32 drawn at random from 60,000 into a reused array, one thread, a harness:
     * <ul>
     *   <li>AVX-512 EPYC, two JVMs: four rows side by side 13.7-14.6 us a batch, against 18.7-19.7 reading ahead with
     *       one {@code System.arraycopy} a row, and 22.6-24.0 copying alone;
     *   <li>AVX-512 Intel Xeon (eighteenth session): eight rows 22.2-23.3 us, four 25.3-26.5, one
     *       {@code System.arraycopy} a row 27.7-28.6, sixteen or more 31-33; reading ahead changed nothing there, and
     *       copying the same 64 rows in order took 17.0-17.9 (copying at about 12 GB/s).
     * </ul>
     */
    @Override
    public void gatherRows(float[] src, int[] rows, int from, int count, int width, float[] out, int to) {
        if (count < 4 || width < L) {
            RowGather.copy(src, rows, from, count, width, out, to);
            return;
        }
        int read = Math.min(RowGather.AHEAD, count); // rows [0, read) have been read ahead
        double sum = RowGather.readAhead(src, rows, from, 0, read, width);
        int i = 0;
        for (; i + 8 <= count; i += 8) {
            int end = Math.min(count, i + 8 + RowGather.AHEAD);
            sum += RowGather.readAhead(src, rows, from, read, end, width);
            read = Math.max(read, end);
            copy8(src, rows, from + i, width, out, to + i * width);
        }
        for (; i + 4 <= count; i += 4) {
            int end = Math.min(count, i + 4 + RowGather.AHEAD);
            sum += RowGather.readAhead(src, rows, from, read, end, width);
            read = Math.max(read, end);
            copy4(src, rows, from + i, width, out, to + i * width);
        }
        for (; i < count; i++) {
            System.arraycopy(src, rows[from + i] * width, out, to + i * width, width);
        }
        RowGather.sink(sum);
    }

    /**
     * The rows {@code rows[at .. at + 8)} of {@code src} into {@code out} from {@code o}, a vector of each in turn.
     * Written out, as {@link #copy4} is: one method for any count of rows, with a loop over the rows inside the loop
     * over the columns, gathered a batch of 64 rows of 784 in 30-39 us against 21 (one thread, medians of ten).
     */
    private static void copy8(float[] src, int[] rows, int at, int width, float[] out, int o) {
        int r0 = rows[at] * width;
        int r1 = rows[at + 1] * width;
        int r2 = rows[at + 2] * width;
        int r3 = rows[at + 3] * width;
        int r4 = rows[at + 4] * width;
        int r5 = rows[at + 5] * width;
        int r6 = rows[at + 6] * width;
        int r7 = rows[at + 7] * width;
        int c = 0;
        for (int bound = S.loopBound(width); c < bound; c += L) {
            FloatVector.fromArray(S, src, r0 + c).intoArray(out, o + c);
            FloatVector.fromArray(S, src, r1 + c).intoArray(out, o + width + c);
            FloatVector.fromArray(S, src, r2 + c).intoArray(out, o + 2 * width + c);
            FloatVector.fromArray(S, src, r3 + c).intoArray(out, o + 3 * width + c);
            FloatVector.fromArray(S, src, r4 + c).intoArray(out, o + 4 * width + c);
            FloatVector.fromArray(S, src, r5 + c).intoArray(out, o + 5 * width + c);
            FloatVector.fromArray(S, src, r6 + c).intoArray(out, o + 6 * width + c);
            FloatVector.fromArray(S, src, r7 + c).intoArray(out, o + 7 * width + c);
        }
        for (; c < width; c++) {
            out[o + c] = src[r0 + c];
            out[o + width + c] = src[r1 + c];
            out[o + 2 * width + c] = src[r2 + c];
            out[o + 3 * width + c] = src[r3 + c];
            out[o + 4 * width + c] = src[r4 + c];
            out[o + 5 * width + c] = src[r5 + c];
            out[o + 6 * width + c] = src[r6 + c];
            out[o + 7 * width + c] = src[r7 + c];
        }
    }

    /** The rows {@code rows[at .. at + 4)} of {@code src} into {@code out} from {@code o}, a vector of each in turn. */
    private static void copy4(float[] src, int[] rows, int at, int width, float[] out, int o) {
        int r0 = rows[at] * width;
        int r1 = rows[at + 1] * width;
        int r2 = rows[at + 2] * width;
        int r3 = rows[at + 3] * width;
        int c = 0;
        for (int bound = S.loopBound(width); c < bound; c += L) {
            FloatVector.fromArray(S, src, r0 + c).intoArray(out, o + c);
            FloatVector.fromArray(S, src, r1 + c).intoArray(out, o + width + c);
            FloatVector.fromArray(S, src, r2 + c).intoArray(out, o + 2 * width + c);
            FloatVector.fromArray(S, src, r3 + c).intoArray(out, o + 3 * width + c);
        }
        for (; c < width; c++) {
            out[o + c] = src[r0 + c];
            out[o + width + c] = src[r1 + c];
            out[o + 2 * width + c] = src[r2 + c];
            out[o + 3 * width + c] = src[r3 + c];
        }
    }

    /**
     * Four rows at a time: each vector of {@code y} is loaded once, takes the four rows' multiply-adds in row order,
     * and is stored once (a quarter of {@link #axpy}'s loads and stores of {@code y}).
     */
    @Override
    public void axpys(float[] alpha, int ao, float[] x, int xo, int rows, int n, float[] y, int yo) {
        int r = 0;
        // eight rows per pass over y where there are eight: y loaded and stored once per eight rows. For a y that
        // does not fit L1 beside the rows (logreg-cat's dW, 48 KB), y's traffic from L2 halves (see LogisticStep)
        for (; r + 8 <= rows; r += 8) {
            axpy8(alpha, ao + r, x, xo + r * n, n, y, yo);
        }
        for (; r + 4 <= rows; r += 4) {
            float a0 = alpha[ao + r];
            float a1 = alpha[ao + r + 1];
            float a2 = alpha[ao + r + 2];
            float a3 = alpha[ao + r + 3];
            FloatVector v0 = FloatVector.broadcast(S, a0);
            FloatVector v1 = FloatVector.broadcast(S, a1);
            FloatVector v2 = FloatVector.broadcast(S, a2);
            FloatVector v3 = FloatVector.broadcast(S, a3);
            int x0 = xo + r * n;
            int x1 = x0 + n;
            int x2 = x1 + n;
            int x3 = x2 + n;
            int i = 0;
            for (int bound = S.loopBound(n); i < bound; i += L) {
                FloatVector s = FloatVector.fromArray(S, x, x0 + i).fma(v0, FloatVector.fromArray(S, y, yo + i));
                s = FloatVector.fromArray(S, x, x1 + i).fma(v1, s);
                s = FloatVector.fromArray(S, x, x2 + i).fma(v2, s);
                FloatVector.fromArray(S, x, x3 + i).fma(v3, s).intoArray(y, yo + i);
            }
            for (; i < n; i++) {
                float s = Math.fma(a0, x[x0 + i], y[yo + i]);
                s = Math.fma(a1, x[x1 + i], s);
                s = Math.fma(a2, x[x2 + i], s);
                y[yo + i] = Math.fma(a3, x[x3 + i], s);
            }
        }
        for (; r < rows; r++) {
            axpy(alpha[ao + r], x, xo + r * n, y, yo, n);
        }
    }

    /** Rows {@code x[xo ..]} to {@code x[xo + 7n ..]} into y, as eight {@link #axpy} calls in order. */
    private static void axpy8(float[] alpha, int ao, float[] x, int xo, int n, float[] y, int yo) {
        FloatVector v0 = FloatVector.broadcast(S, alpha[ao]);
        FloatVector v1 = FloatVector.broadcast(S, alpha[ao + 1]);
        FloatVector v2 = FloatVector.broadcast(S, alpha[ao + 2]);
        FloatVector v3 = FloatVector.broadcast(S, alpha[ao + 3]);
        FloatVector v4 = FloatVector.broadcast(S, alpha[ao + 4]);
        FloatVector v5 = FloatVector.broadcast(S, alpha[ao + 5]);
        FloatVector v6 = FloatVector.broadcast(S, alpha[ao + 6]);
        FloatVector v7 = FloatVector.broadcast(S, alpha[ao + 7]);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            int p = xo + i;
            FloatVector s = FloatVector.fromArray(S, x, p).fma(v0, FloatVector.fromArray(S, y, yo + i));
            s = FloatVector.fromArray(S, x, p + n).fma(v1, s);
            s = FloatVector.fromArray(S, x, p + 2 * n).fma(v2, s);
            s = FloatVector.fromArray(S, x, p + 3 * n).fma(v3, s);
            s = FloatVector.fromArray(S, x, p + 4 * n).fma(v4, s);
            s = FloatVector.fromArray(S, x, p + 5 * n).fma(v5, s);
            s = FloatVector.fromArray(S, x, p + 6 * n).fma(v6, s);
            FloatVector.fromArray(S, x, p + 7 * n).fma(v7, s).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            float s = y[yo + i];
            for (int r = 0; r < 8; r++) {
                s = Math.fma(alpha[ao + r], x[xo + r * n + i], s);
            }
            y[yo + i] = s;
        }
    }

    @Override
    public void gemmTile(MatrixProduct p, int i0, int i1, int j0, int j1) {
        VectorGemm.tile(p, i0, i1, j0, j1);
    }
}

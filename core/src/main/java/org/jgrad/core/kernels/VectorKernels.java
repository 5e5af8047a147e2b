package org.jgrad.core.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the JDK Vector API, using the widest float species the CPU offers (8 lanes on AVX2).
 *
 * <p>Each loop runs whole vectors up to {@code species.loopBound(n)} and finishes with one masked vector for the
 * tail. The hot loops name their operator directly ({@code x.add(y)}): a shared helper taking the operator as
 * a parameter is, once compiled, too big for C2 to inline, and with a non-constant operator the Vector API falls
 * back to a slow generic path; the helpers serve only the tails. Reductions keep four independent accumulators so
 * that consecutive additions do not wait on each other.
 *
 * <p>Every kernel gives the same bits before and after the JIT compiles it, so that seeded runs repeat exactly:
 * lane sums are added in a fixed order ({@link #sumLanes}) and exp is {@link VectorExp}'s polynomial.
 * Instantiated only through {@link Kernels#get()}, which checks that {@code jdk.incubator.vector} is readable.
 */
public final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
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
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        int i = 0;
        for (int bound = n - 4 * L + 1; i < bound; i += 4 * L) {
            s0 = s0.add(FloatVector.fromArray(S, a, ao + i));
            s1 = s1.add(FloatVector.fromArray(S, a, ao + i + L));
            s2 = s2.add(FloatVector.fromArray(S, a, ao + i + 2 * L));
            s3 = s3.add(FloatVector.fromArray(S, a, ao + i + 3 * L));
        }
        for (int bound = S.loopBound(n); i < bound; i += L) {
            s0 = s0.add(FloatVector.fromArray(S, a, ao + i));
        }
        float s = sumLanes(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) {
            s += a[ao + i];
        }
        return s;
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        int i = 0;
        for (int bound = n - 4 * L + 1; i < bound; i += 4 * L) {
            s0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), s0);
            s1 = FloatVector.fromArray(S, a, ao + i + L).fma(FloatVector.fromArray(S, b, bo + i + L), s1);
            s2 = FloatVector.fromArray(S, a, ao + i + 2 * L).fma(FloatVector.fromArray(S, b, bo + i + 2 * L), s2);
            s3 = FloatVector.fromArray(S, a, ao + i + 3 * L).fma(FloatVector.fromArray(S, b, bo + i + 3 * L), s3);
        }
        for (int bound = S.loopBound(n); i < bound; i += L) {
            s0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), s0);
        }
        float s = sumLanes(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    @Override
    public void dots(float[] a, int ao, float[] b, int bo, int rows, int n, float[] c, int co) {
        int j = 0;
        // four rows of b at a time, two accumulators each: one load of a feeds four FMAs
        for (; j + 4 <= rows; j += 4) {
            int b0 = bo + j * n;
            int b1 = b0 + n;
            int b2 = b1 + n;
            int b3 = b2 + n;
            FloatVector s00 = FloatVector.zero(S);
            FloatVector s01 = FloatVector.zero(S);
            FloatVector s10 = FloatVector.zero(S);
            FloatVector s11 = FloatVector.zero(S);
            FloatVector s20 = FloatVector.zero(S);
            FloatVector s21 = FloatVector.zero(S);
            FloatVector s30 = FloatVector.zero(S);
            FloatVector s31 = FloatVector.zero(S);
            int i = 0;
            for (int bound = n - 2 * L + 1; i < bound; i += 2 * L) {
                FloatVector x0 = FloatVector.fromArray(S, a, ao + i);
                FloatVector x1 = FloatVector.fromArray(S, a, ao + i + L);
                s00 = x0.fma(FloatVector.fromArray(S, b, b0 + i), s00);
                s01 = x1.fma(FloatVector.fromArray(S, b, b0 + i + L), s01);
                s10 = x0.fma(FloatVector.fromArray(S, b, b1 + i), s10);
                s11 = x1.fma(FloatVector.fromArray(S, b, b1 + i + L), s11);
                s20 = x0.fma(FloatVector.fromArray(S, b, b2 + i), s20);
                s21 = x1.fma(FloatVector.fromArray(S, b, b2 + i + L), s21);
                s30 = x0.fma(FloatVector.fromArray(S, b, b3 + i), s30);
                s31 = x1.fma(FloatVector.fromArray(S, b, b3 + i + L), s31);
            }
            float d0 = sumLanes(s00.add(s01));
            float d1 = sumLanes(s10.add(s11));
            float d2 = sumLanes(s20.add(s21));
            float d3 = sumLanes(s30.add(s31));
            for (; i < n; i++) {
                d0 += a[ao + i] * b[b0 + i];
                d1 += a[ao + i] * b[b1 + i];
                d2 += a[ao + i] * b[b2 + i];
                d3 += a[ao + i] * b[b3 + i];
            }
            c[co + j] = d0;
            c[co + j + 1] = d1;
            c[co + j + 2] = d2;
            c[co + j + 3] = d3;
        }
        for (; j < rows; j++) {
            c[co + j] = dot(a, ao, b, bo + j * n, n);
        }
    }

    /**
     * The lanes' sum in a fixed order, left to right. {@code reduceLanes(ADD)} is not used: interpreted it adds
     * lane by lane, compiled it adds as a tree, and the two round differently.
     */
    private static float sumLanes(FloatVector v) {
        float[] lanes = new float[L];
        v.intoArray(lanes, 0);
        float s = 0;
        for (float lane : lanes) {
            s += lane;
        }
        return s;
    }

    @Override
    public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        FloatVector va = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xo + i).fma(va, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }

    @Override
    public void gemmTile(MatrixProduct p, int i0, int i1, int j0, int j1) {
        VectorGemm.tile(p, i0, i1, j0, j1);
    }
}

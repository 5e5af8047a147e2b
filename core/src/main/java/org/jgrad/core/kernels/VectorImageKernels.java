package org.jgrad.core.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ImageKernels} on the Vector API, at the width of {@link VectorWidth}. Each output element is computed by
 * the operations the scalar kernels name, in their order, in one lane: the bits do not depend on the width.
 * Instantiated only through {@link ImageKernels#get()}.
 */
final class VectorImageKernels implements ImageKernels {
    private static final VectorSpecies<Float> S = VectorWidth.FLOATS;
    private static final int L = S.length();
    @SuppressWarnings("unchecked")
    private static final VectorSpecies<Integer> I = (VectorSpecies<Integer>) S.withLanes(int.class);
    /** Lane k takes lane 2k of the two vectors laid end to end (the even columns of a row), or 2k + 1. */
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(S, k -> 2 * k);
    private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(S, k -> 2 * k + 1);
    private static final int[] TWICE_LANE = new int[L];

    static {
        for (int k = 0; k < L; k++) {
            TWICE_LANE[k] = 2 * k;
        }
    }

    /** Lanes of a vector at {@code s[a]} that lie inside s: all of them, except near its end. */
    private static FloatVector load(float[] s, int a) {
        return a + L <= s.length ? FloatVector.fromArray(S, s, a)
                : FloatVector.fromArray(S, s, a, S.indexInRange(a, s.length));
    }

    @Override
    public void copyRuns(float[] s, int sOff, int sStep, float[] d, int dOff, int rows, int n) {
        ScalarImageKernels.requireSlack("copyRuns: d", d.length, dOff + rows * n);
        int bound = S.loopBound(n);
        for (int r = 0; r < rows; r++) {
            int a = sOff + r * sStep;
            int b = dOff + r * n;
            int t = 0;
            for (; t < bound; t += L) {
                FloatVector.fromArray(S, s, a + t).intoArray(d, b + t);
            }
            if (t < n) {
                // a whole vector: its lanes past the run land on the next run's place, written after this one
                load(s, a + t).intoArray(d, b + t);
            }
        }
    }

    // a run shorter than a vector (the benchmark's 14-float rows) is one masked vector: a scalar loop cost 4-5 ns a
    // run, 2.7 ms against 0.5 for the benchmark's 64 images
    @Override
    public void addBlock(float[] s, int sOff, int sStep, float[] d, int dOff, int dStep, int rows, int n) {
        int bound = S.loopBound(n);
        VectorMask<Float> tail = S.indexInRange(bound, n);
        for (int r = 0; r < rows; r++) {
            int a = sOff + r * sStep;
            int b = dOff + r * dStep;
            for (int t = 0; t < bound; t += L) {
                FloatVector.fromArray(S, s, a + t).add(FloatVector.fromArray(S, d, b + t)).intoArray(d, b + t);
            }
            if (bound < n) {
                FloatVector.fromArray(S, s, a + bound, tail).add(FloatVector.fromArray(S, d, b + bound, tail))
                        .intoArray(d, b + bound, tail);
            }
        }
    }

    @Override
    public void correlate(float[] x, int xOff, int rowStep, int[] taps, int p, float[] w, float[] bias, int co,
            float[] y, int yOff, int outH, int outW) {
        ScalarImageKernels.requireSlack("correlate: x", x.length,
                ScalarImageKernels.lastRead(xOff, rowStep, taps, p, outH, outW));
        for (int oh = 0; oh < outH; oh++) {
            int row = xOff + oh * rowStep;
            int o = 0;
            for (; o + 4 <= co; o += 4) {
                for (int t = 0; t < outW; t += 2 * L) {
                    if (t + L < outW) {
                        four2(x, row + t, taps, p, w, bias, o, y, yOff + (o * outH + oh) * outW + t, outH * outW,
                                outW - t);
                    } else {
                        for (int k = 0; k < 4; k++) {
                            one(x, row + t, taps, p, w, bias, o + k, y, yOff + ((o + k) * outH + oh) * outW + t,
                                    outW - t);
                        }
                    }
                }
            }
            for (; o < co; o++) {
                for (int t = 0; t < outW; t += L) {
                    one(x, row + t, taps, p, w, bias, o, y, yOff + (o * outH + oh) * outW + t, outW - t);
                }
            }
        }
    }

    /**
     * Output channels {@code o .. o + 3}, two vectors of columns from {@code y[yo]} on (planes {@code plane} apart),
     * of which the first {@code left} are inside the row (more than L).
     */
    private static void four2(float[] x, int at, int[] taps, int p, float[] w, float[] bias, int o, float[] y,
            int yo, int plane, int left) {
        FloatVector zero = FloatVector.zero(S);
        // channel k's two vectors are ck0 and ck1
        FloatVector c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero, c30 = zero, c31 = zero;
        int w0 = o * p;
        for (int q = 0; q < p; q++) {
            int a = at + taps[q];
            FloatVector x0 = FloatVector.fromArray(S, x, a);
            FloatVector x1 = FloatVector.fromArray(S, x, a + L);
            FloatVector w00 = FloatVector.broadcast(S, w[w0 + q]);
            FloatVector w10 = FloatVector.broadcast(S, w[w0 + p + q]);
            FloatVector w20 = FloatVector.broadcast(S, w[w0 + 2 * p + q]);
            FloatVector w30 = FloatVector.broadcast(S, w[w0 + 3 * p + q]);
            c00 = w00.fma(x0, c00);
            c01 = w00.fma(x1, c01);
            c10 = w10.fma(x0, c10);
            c11 = w10.fma(x1, c11);
            c20 = w20.fma(x0, c20);
            c21 = w20.fma(x1, c21);
            c30 = w30.fma(x0, c30);
            c31 = w30.fma(x1, c31);
        }
        store2(c00.add(bias[o]), c01.add(bias[o]), y, yo, left);
        store2(c10.add(bias[o + 1]), c11.add(bias[o + 1]), y, yo + plane, left);
        store2(c20.add(bias[o + 2]), c21.add(bias[o + 2]), y, yo + 2 * plane, left);
        store2(c30.add(bias[o + 3]), c31.add(bias[o + 3]), y, yo + 3 * plane, left);
    }

    /** {@code lo, hi} into {@code y[yo ..]}, only the first {@code left} lanes (more than L). */
    private static void store2(FloatVector lo, FloatVector hi, float[] y, int yo, int left) {
        lo.intoArray(y, yo);
        if (left >= 2 * L) {
            hi.intoArray(y, yo + L);
        } else {
            hi.intoArray(y, yo + L, S.indexInRange(L, left));
        }
    }

    /** Output channel {@code o}, one vector of columns from {@code y[yo]} on, of which {@code left} are in the row. */
    private static void one(float[] x, int at, int[] taps, int p, float[] w, float[] bias, int o, float[] y, int yo,
            int left) {
        FloatVector c = FloatVector.zero(S);
        int w0 = o * p;
        for (int q = 0; q < p; q++) {
            c = FloatVector.broadcast(S, w[w0 + q]).fma(FloatVector.fromArray(S, x, at + taps[q]), c);
        }
        c = c.add(bias[o]);
        if (left >= L) {
            c.intoArray(y, yo);
        } else {
            c.intoArray(y, yo, S.indexInRange(0, left));
        }
    }

    @Override
    public void maxPool2x2(float[] x, float[] y, int[] indices, int height, int width, int from, int to) {
        int outH = height / 2;
        int outW = width / 2;
        IntVector twice = IntVector.fromArray(I, TWICE_LANE, 0);
        for (int plane = from; plane < to; plane++) {
            for (int oh = 0; oh < outH; oh++) {
                int row = plane * height * width + 2 * oh * width;
                int out = (plane * outH + oh) * outW;
                for (int ow = 0; ow < outW; ow += L) {
                    int i0 = row + 2 * ow;
                    FloatVector a0 = load(x, i0);
                    FloatVector a1 = load(x, i0 + L);
                    FloatVector b0 = load(x, i0 + width);
                    FloatVector b1 = load(x, i0 + width + L);
                    FloatVector v0 = a0.rearrange(EVEN, a1);
                    FloatVector v1 = a0.rearrange(ODD, a1);
                    FloatVector v2 = b0.rearrange(EVEN, b1);
                    FloatVector v3 = b0.rearrange(ODD, b1);
                    FloatVector max = v0.max(v1).max(v2.max(v3));
                    IntVector base = twice.add(i0);
                    IntVector best = base.add(width + 1)
                            .blend(base.add(width), v2.eq(max).cast(I))
                            .blend(base.add(1), v1.eq(max).cast(I))
                            .blend(base, v0.eq(max).cast(I));
                    VectorMask<Float> nan = max.test(VectorOperators.IS_NAN);
                    if (nan.anyTrue()) {
                        // the last NaN in row order, as the scalar scan takes each NaN it meets
                        IntVector last = base.blend(base.add(1), v1.test(VectorOperators.IS_NAN).cast(I))
                                .blend(base.add(width), v2.test(VectorOperators.IS_NAN).cast(I))
                                .blend(base.add(width + 1), v3.test(VectorOperators.IS_NAN).cast(I));
                        best = best.blend(last, nan.cast(I));
                    }
                    if (ow + L <= outW) {
                        max.intoArray(y, out + ow);
                        best.intoArray(indices, out + ow);
                    } else {
                        VectorMask<Float> inside = S.indexInRange(ow, outW);
                        max.intoArray(y, out + ow, inside);
                        best.intoArray(indices, out + ow, inside.cast(I));
                    }
                }
            }
        }
    }
}

package org.jgrad.core.kernels;

import static org.jgrad.core.kernels.Summation.BLOCK;
import static org.jgrad.core.kernels.Summation.LANES;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code sum}, {@code dot} and {@code dots} on the Vector API, in {@link Summation}'s order: 64 logical lanes
 * whatever the width. The 64 lanes are covered in passes of four vectors ({@code GROUP}: one pass on 512-bit
 * vectors, two on 256, four on 128), so that every width runs the same loop with four independent accumulators;
 * the passes go over one {@link Summation#BLOCK} at a time, which stays in L1 between them. A step whose group of
 * lanes runs past the end is one masked step (masked-off lanes add exact zeros).
 */
final class VectorReductions {
    private static final VectorSpecies<Float> S = VectorWidth.FLOATS;
    private static final int L = S.length();
    /** Lanes per pass of sum and dot: four vectors. */
    private static final int GROUP = 4 * L;
    /** Lanes per pass of dots: two vectors for each of four rows (eight accumulators, as many as AVX2 can hold). */
    private static final int PAIR = 2 * L;
    /** float64 vectors of the same size, for sum's totals. */
    private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, S.vectorShape());
    private static final int DL = D.length();

    // lane j of v.rearrange(SHIFT_h) is lane j + h of v: the tree's levels inside one vector (only h < L is used)
    private static final VectorShuffle<Float> SHIFT_8 = VectorShuffle.iota(S, 8, 1, true);
    private static final VectorShuffle<Float> SHIFT_4 = VectorShuffle.iota(S, 4, 1, true);
    private static final VectorShuffle<Float> SHIFT_2 = VectorShuffle.iota(S, 2, 1, true);
    private static final VectorShuffle<Float> SHIFT_1 = VectorShuffle.iota(S, 1, 1, true);
    private static final VectorShuffle<Double> DSHIFT_4 = VectorShuffle.iota(D, 4, 1, true);
    private static final VectorShuffle<Double> DSHIFT_2 = VectorShuffle.iota(D, 2, 1, true);
    private static final VectorShuffle<Double> DSHIFT_1 = VectorShuffle.iota(D, 1, 1, true);

    private VectorReductions() {
    }

    static float sum(float[] a, int ao, int n) {
        if (n <= LANES) {
            return Summation.shortSum(a, ao, n);
        }
        double[] total = new double[LANES];
        for (int b0 = 0; b0 < n; b0 += BLOCK) {
            int b1 = Math.min(n, b0 + BLOCK);
            for (int g = 0; g < LANES; g += GROUP) {
                FloatVector s0 = FloatVector.zero(S);
                FloatVector s1 = FloatVector.zero(S);
                FloatVector s2 = FloatVector.zero(S);
                FloatVector s3 = FloatVector.zero(S);
                int i = b0 + g;
                for (; i + GROUP <= b1; i += LANES) {
                    s0 = s0.add(FloatVector.fromArray(S, a, ao + i));
                    s1 = s1.add(FloatVector.fromArray(S, a, ao + i + L));
                    s2 = s2.add(FloatVector.fromArray(S, a, ao + i + 2 * L));
                    s3 = s3.add(FloatVector.fromArray(S, a, ao + i + 3 * L));
                }
                if (i < b1) {
                    s0 = s0.add(FloatVector.fromArray(S, a, ao + i, S.indexInRange(i, b1)));
                    s1 = s1.add(FloatVector.fromArray(S, a, ao + i + L, S.indexInRange(i + L, b1)));
                    s2 = s2.add(FloatVector.fromArray(S, a, ao + i + 2 * L, S.indexInRange(i + 2 * L, b1)));
                    s3 = s3.add(FloatVector.fromArray(S, a, ao + i + 3 * L, S.indexInRange(i + 3 * L, b1)));
                }
                addTo(total, g, s0);
                addTo(total, g + L, s1);
                addTo(total, g + 2 * L, s2);
                addTo(total, g + 3 * L, s3);
            }
        }
        // the tree: levels down to one vector in memory, then inside the vector
        for (int half = LANES >> 1; half >= DL; half >>= 1) {
            for (int j = 0; j < half; j += DL) {
                DoubleVector.fromArray(D, total, j).add(DoubleVector.fromArray(D, total, j + half)).intoArray(total, j);
            }
        }
        DoubleVector v = DoubleVector.fromArray(D, total, 0);
        if (DL > 4) {
            v = v.add(v.rearrange(DSHIFT_4));
        }
        if (DL > 2) {
            v = v.add(v.rearrange(DSHIFT_2));
        }
        if (DL > 1) {
            v = v.add(v.rearrange(DSHIFT_1));
        }
        return (float) v.lane(0);
    }

    /** {@code total[at + j] += s[j]} in float64, for the L lanes of {@code s}. */
    private static void addTo(double[] total, int at, FloatVector s) {
        for (int part = 0; part < 2; part++) {
            int to = at + part * DL;
            DoubleVector d = (DoubleVector) s.convertShape(VectorOperators.F2D, D, part);
            d.add(DoubleVector.fromArray(D, total, to)).intoArray(total, to);
        }
    }

    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        if (GROUP == LANES) {
            return dotInRegisters(a, ao, b, bo, n);
        }
        float[] p = new float[LANES];
        for (int b0 = 0; b0 < n; b0 += BLOCK) {
            int b1 = Math.min(n, b0 + BLOCK);
            for (int g = 0; g < LANES; g += GROUP) {
                boolean first = b0 == 0;
                FloatVector s0 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, p, g);
                FloatVector s1 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, p, g + L);
                FloatVector s2 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, p, g + 2 * L);
                FloatVector s3 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, p, g + 3 * L);
                int i = b0 + g;
                for (; i + GROUP <= b1; i += LANES) {
                    s0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), s0);
                    s1 = FloatVector.fromArray(S, a, ao + i + L).fma(FloatVector.fromArray(S, b, bo + i + L), s1);
                    s2 = FloatVector.fromArray(S, a, ao + i + 2 * L)
                            .fma(FloatVector.fromArray(S, b, bo + i + 2 * L), s2);
                    s3 = FloatVector.fromArray(S, a, ao + i + 3 * L)
                            .fma(FloatVector.fromArray(S, b, bo + i + 3 * L), s3);
                }
                if (i < b1) {
                    s0 = maskedFma(a, ao, b, bo, i, b1, s0);
                    s1 = maskedFma(a, ao, b, bo, i + L, b1, s1);
                    s2 = maskedFma(a, ao, b, bo, i + 2 * L, b1, s2);
                    s3 = maskedFma(a, ao, b, bo, i + 3 * L, b1, s3);
                }
                s0.intoArray(p, g);
                s1.intoArray(p, g + L);
                s2.intoArray(p, g + 2 * L);
                s3.intoArray(p, g + 3 * L);
            }
        }
        return combine(p, 0);
    }

    /**
     * {@link #dot} when the four accumulators are all 64 lanes (512 bits): the same operations in the same order, with
     * the lanes never leaving registers (no block passes, no array of partial sums): a short dot product, one per row
     * of a fused logistic step, costs its FMAs and the tree.
     */
    private static float dotInRegisters(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        int i = 0;
        for (; i + GROUP <= n; i += LANES) {
            s0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), s0);
            s1 = FloatVector.fromArray(S, a, ao + i + L).fma(FloatVector.fromArray(S, b, bo + i + L), s1);
            s2 = FloatVector.fromArray(S, a, ao + i + 2 * L).fma(FloatVector.fromArray(S, b, bo + i + 2 * L), s2);
            s3 = FloatVector.fromArray(S, a, ao + i + 3 * L).fma(FloatVector.fromArray(S, b, bo + i + 3 * L), s3);
        }
        if (i < n) {
            s0 = maskedFma(a, ao, b, bo, i, n, s0);
            s1 = maskedFma(a, ao, b, bo, i + L, n, s1);
            s2 = maskedFma(a, ao, b, bo, i + 2 * L, n, s2);
            s3 = maskedFma(a, ao, b, bo, i + 3 * L, n, s3);
        }
        return tree(s0, s1, s2, s3);
    }

    /** {@code s + a[i ..] * b[i ..]} for the lanes below {@code end}; {@code s} elsewhere. */
    private static FloatVector maskedFma(float[] a, int ao, float[] b, int bo, int i, int end, FloatVector s) {
        if (i >= end) {
            return s;
        }
        VectorMask<Float> m = S.indexInRange(i, end);
        if (ao + i + L <= a.length && bo + i + L <= b.length) {
            // whole vectors are in the arrays (the next row's values past the end): plain loads, the lanes past the
            // end blended back to s; masked loads measured about twice as slow over the rows of a fused logistic step
            return s.blend(FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), s), m);
        }
        return FloatVector.fromArray(S, a, ao + i, m).fma(FloatVector.fromArray(S, b, bo + i, m), s);
    }

    /** Four rows of {@code b} at a time, two accumulators each: one load of {@code a} feeds four FMAs. */
    static void dots(float[] a, int ao, float[] b, int bo, int rows, int n, float[] c, int co) {
        int j = 0;
        float[] p = rows >= 4 ? new float[4 * LANES] : null;
        for (; j + 4 <= rows; j += 4) {
            int r0 = bo + j * n;
            int r1 = r0 + n;
            int r2 = r1 + n;
            int r3 = r2 + n;
            for (int b0 = 0; b0 < n; b0 += BLOCK) {
                int b1 = Math.min(n, b0 + BLOCK);
                for (int g = 0; g < LANES; g += PAIR) {
                    // the first block starts from zero, later ones from the lanes the last one left in p
                    boolean first = b0 == 0;
                    FloatVector s00 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, p, g);
                    FloatVector s01 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, p, g + L);
                    FloatVector s10 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, p, LANES + g);
                    FloatVector s11 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, p, LANES + g + L);
                    FloatVector s20 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, p, 2 * LANES + g);
                    FloatVector s21 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, p, 2 * LANES + g + L);
                    FloatVector s30 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, p, 3 * LANES + g);
                    FloatVector s31 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, p, 3 * LANES + g + L);
                    int i = b0 + g;
                    for (; i + PAIR <= b1; i += LANES) {
                        FloatVector x0 = FloatVector.fromArray(S, a, ao + i);
                        FloatVector x1 = FloatVector.fromArray(S, a, ao + i + L);
                        s00 = x0.fma(FloatVector.fromArray(S, b, r0 + i), s00);
                        s01 = x1.fma(FloatVector.fromArray(S, b, r0 + i + L), s01);
                        s10 = x0.fma(FloatVector.fromArray(S, b, r1 + i), s10);
                        s11 = x1.fma(FloatVector.fromArray(S, b, r1 + i + L), s11);
                        s20 = x0.fma(FloatVector.fromArray(S, b, r2 + i), s20);
                        s21 = x1.fma(FloatVector.fromArray(S, b, r2 + i + L), s21);
                        s30 = x0.fma(FloatVector.fromArray(S, b, r3 + i), s30);
                        s31 = x1.fma(FloatVector.fromArray(S, b, r3 + i + L), s31);
                    }
                    if (i < b1) {
                        s00 = maskedFma(a, ao, b, r0, i, b1, s00);
                        s01 = maskedFma(a, ao, b, r0, i + L, b1, s01);
                        s10 = maskedFma(a, ao, b, r1, i, b1, s10);
                        s11 = maskedFma(a, ao, b, r1, i + L, b1, s11);
                        s20 = maskedFma(a, ao, b, r2, i, b1, s20);
                        s21 = maskedFma(a, ao, b, r2, i + L, b1, s21);
                        s30 = maskedFma(a, ao, b, r3, i, b1, s30);
                        s31 = maskedFma(a, ao, b, r3, i + L, b1, s31);
                    }
                    s00.intoArray(p, g);
                    s01.intoArray(p, g + L);
                    s10.intoArray(p, LANES + g);
                    s11.intoArray(p, LANES + g + L);
                    s20.intoArray(p, 2 * LANES + g);
                    s21.intoArray(p, 2 * LANES + g + L);
                    s30.intoArray(p, 3 * LANES + g);
                    s31.intoArray(p, 3 * LANES + g + L);
                }
            }
            c[co + j] = combine(p, 0);
            c[co + j + 1] = combine(p, LANES);
            c[co + j + 2] = combine(p, 2 * LANES);
            c[co + j + 3] = combine(p, 3 * LANES);
        }
        for (; j < rows; j++) {
            c[co + j] = dot(a, ao, b, bo + j * n, n);
        }
    }

    /**
     * {@link Summation}'s tree of the 64 lanes at {@code p[off ..]}: the levels that pair lanes more than four
     * vectors apart in memory (none at 512 bits), the next two on four vectors in registers, the rest inside one
     * vector by lane shifts. Each level adds the same pairs as the scalar tree.
     */
    private static float combine(float[] p, int off) {
        for (int half = LANES >> 1; half >= GROUP; half >>= 1) {
            for (int j = 0; j < half; j += L) {
                FloatVector.fromArray(S, p, off + j).add(FloatVector.fromArray(S, p, off + j + half))
                        .intoArray(p, off + j);
            }
        }
        return tree(FloatVector.fromArray(S, p, off), FloatVector.fromArray(S, p, off + L),
                FloatVector.fromArray(S, p, off + 2 * L), FloatVector.fromArray(S, p, off + 3 * L));
    }

    /** The tree's last levels: four vectors (lanes 0 .. 4L), then inside one vector by lane shifts. */
    private static float tree(FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3) {
        FloatVector v = v0.add(v2).add(v1.add(v3));
        if (L > 8) {
            v = v.add(v.rearrange(SHIFT_8));
        }
        if (L > 4) {
            v = v.add(v.rearrange(SHIFT_4));
        }
        if (L > 2) {
            v = v.add(v.rearrange(SHIFT_2));
        }
        v = v.add(v.rearrange(SHIFT_1));
        return v.lane(0);
    }
}

package org.jgrad.core.kernels;

import static org.jgrad.core.kernels.ExpPolynomial.C2;
import static org.jgrad.core.kernels.ExpPolynomial.C3;
import static org.jgrad.core.kernels.ExpPolynomial.C4;
import static org.jgrad.core.kernels.ExpPolynomial.C5;
import static org.jgrad.core.kernels.ExpPolynomial.C6;
import static org.jgrad.core.kernels.ExpPolynomial.C7;
import static org.jgrad.core.kernels.ExpPolynomial.LN2_HI;
import static org.jgrad.core.kernels.ExpPolynomial.LN2_LO;
import static org.jgrad.core.kernels.ExpPolynomial.LOG2E;
import static org.jgrad.core.kernels.ExpPolynomial.MAX_X;
import static org.jgrad.core.kernels.ExpPolynomial.MIN_X;
import static org.jgrad.core.kernels.ExpPolynomial.ROUNDER;
import static org.jgrad.core.kernels.ExpPolynomial.ROUNDER_BITS;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code exp} on float vectors, built only from add, multiply, fma, min/max, shifts and bit reinterpretation, so
 * that it gives the same bits interpreted and compiled. ({@code lanewise(EXP)} does not: before C2 compiles it the
 * Vector API computes each lane with {@code Math.exp}, afterwards with a vectorised library routine that rounds
 * differently, which made seeded training runs depend on JIT timing.)
 *
 * <p>The method is Cody and Waite's range reduction (W. J. Cody, W. Waite, <i>Software Manual for the Elementary
 * Functions</i>, 1980, chapter 6):
 *
 * <pre>
 *   n = round(x / ln 2)                    by the float trick (x log2(e) + 1.5 * 2^23) - 1.5 * 2^23
 *   r = x - n ln2_hi - n ln2_lo            |r| <= ln(2)/2; ln2_hi has 9 significant bits, so n ln2_hi is exact
 *   exp(x) = 2^n exp(r)
 *   exp(r) ~ sum_{j=0..7} r^j / j!         Taylor, Horner form with fma; the first omitted term is
 *                                          (ln(2)/2)^8 / 8! ~ 5e-9, below half an ulp of exp(r) (6e-8)
 * </pre>
 *
 * 2^n is applied as two powers of two, {@code 2^(n >> 1) 2^(n - (n >> 1))}, each a normal float for every n the
 * clamped input can give, so that results near overflow and in the subnormal range are rounded once. Inputs are
 * clamped to [-105, 88.8] first: below, exp rounds to 0; above, to infinity. NaN stays NaN. Error: within 2 ulps of
 * the correctly rounded result on normal outputs. The constants, and the same steps on one number for the scalar
 * kernels, are in {@link ExpPolynomial}.
 */
final class VectorExp {
    private static final VectorSpecies<Float> S = VectorWidth.FLOATS;

    private VectorExp() {
    }

    private static FloatVector c(float value) {
        return FloatVector.broadcast(S, value);
    }

    /**
     * {@code out[i] = exp(scale * a[i])} for {@code i < n} ({@code scale = -1} serves sigmoid). The polynomial is
     * written inside this one loop, not in a helper taking and returning vectors: once such a helper has been
     * compiled on its own it is too big for C2 to inline, and a vector passed to a call that is not inlined is
     * boxed, which made the kernel ten times slower after a few seconds. The tail runs the same loop on a padded
     * copy.
     */
    static void exp(float[] a, int ao, float scale, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, a, ao + i).mul(scale).max(MIN_X).min(MAX_X);
            FloatVector t = x.fma(c(LOG2E), c(ROUNDER));
            FloatVector k = t.sub(ROUNDER);
            FloatVector r = k.fma(c(-LN2_HI), x);
            r = k.fma(c(-LN2_LO), r);
            FloatVector p = r.fma(c(C7), c(C6));
            p = p.fma(r, c(C5));
            p = p.fma(r, c(C4));
            p = p.fma(r, c(C3));
            p = p.fma(r, c(C2));
            p = p.fma(r, c(1f));
            p = p.fma(r, c(1f));
            IntVector bits = t.reinterpretAsInts().sub(ROUNDER_BITS);
            IntVector half = bits.lanewise(VectorOperators.ASHR, 1);
            FloatVector s1 = half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = bits.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            // NaN: the clamp keeps it, and p is NaN whatever the scale
            p.mul(s1).mul(s2).intoArray(out, oo + i);
        }
        if (i < n) {
            float[] tail = new float[S.length()];
            System.arraycopy(a, ao + i, tail, 0, n - i);
            exp(tail, 0, scale, tail, 0, tail.length);
            System.arraycopy(tail, 0, out, oo + i, n - i);
        }
    }
}

package org.jgrad.core.kernels;

/**
 * The float32 {@code exp} of both kernel implementations, step for step: {@link VectorExp} runs these operations
 * on vectors, {@link #exp} on one number, with {@code Math.fma} wherever the vector code fuses, so that the scalar
 * and vector kernels give the same bits (and so every vector width does). The method and its error are described
 * in {@link VectorExp}.
 */
final class ExpPolynomial {
    static final float LOG2E = 1.44269504f;
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23: adding it rounds a float below 2^22 in magnitude to an integer, kept in the low mantissa bits. */
    static final float ROUNDER = 12582912f;
    static final int ROUNDER_BITS = 0x4B400000;
    static final float MIN_X = -105f;
    static final float MAX_X = 88.8f;
    /** Taylor coefficients 1/j! (scalars, not an array: C2 folds a static final float, not an array element). */
    static final float C7 = 1f / 5040;
    static final float C6 = 1f / 720;
    static final float C5 = 1f / 120;
    static final float C4 = 1f / 24;
    static final float C3 = 1f / 6;
    static final float C2 = 0.5f;

    private ExpPolynomial() {
    }

    /** {@code exp(x)}, within 2 ulps, with exactly the bits of {@link VectorExp#exp}. */
    static float exp(float x) {
        // Math.max/min keep NaN, as the vector max/min do
        float c = Math.min(Math.max(x, MIN_X), MAX_X);
        float t = Math.fma(c, LOG2E, ROUNDER);
        float k = t - ROUNDER;
        float r = Math.fma(k, -LN2_HI, c);
        r = Math.fma(k, -LN2_LO, r);
        float p = Math.fma(r, C7, C6);
        p = Math.fma(p, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        int bits = Float.floatToRawIntBits(t) - ROUNDER_BITS;
        int half = bits >> 1;
        float s1 = Float.intBitsToFloat((half + 127) << 23);
        float s2 = Float.intBitsToFloat((bits - half + 127) << 23);
        return p * s1 * s2;
    }
}

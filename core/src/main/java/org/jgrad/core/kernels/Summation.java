package org.jgrad.core.kernels;

/**
 * The one association order of every float32 reduction ({@code sum}, {@code dot}, {@code dots}), whatever the
 * vector width: what makes a seeded run give the same bits on 128-, 256- and 512-bit machines and on the scalar
 * kernels.
 *
 * <pre>
 *   logical lane j (of LANES = 64) owns the elements i with i mod 64 = j, and adds them up in order of i:
 *     sum:  lane_j = lane_j + a[i]                 in float32, restarted at 0 for each BLOCK of 4096 elements;
 *                                                  each block's lane sum is added to a float64 total_j
 *     dot:  lane_j = fma(a[i], b[i], lane_j)       in float32 over the whole length
 *   the 64 lanes are then combined by one fixed tree: for half = 32, 16, ..., 1: lane_j += lane_(j + half), j < half
 *   (in float64 for sum, rounded to float32 once at the end; in float32 for dot).
 * </pre>
 *
 * A 512-bit kernel holds 64 lanes in 4 vectors, a 256-bit one in 8, a 128-bit one in 16 (in passes over a block when
 * they do not fit in registers), the scalar kernel in an array of 64; each lane sees the same operations in the same
 * order, so the results are bit-identical. The vector kernels run the tree's levels as vector additions and, inside
 * one vector, as lane shifts; either way the same pairs are added.
 *
 * <p>Accuracy: a float32 lane sum runs over at most 64 terms before it is moved to float64 (NumPy's pairwise sum has
 * blocks of 128), so the relative error of {@code sum} is that of a 64-term float32 sum, about 1e-6 or less, at any
 * length: 1e7 times 0.1f sums to 999,999.44 (exact: 1,000,000.0149; PyTorch gives the same float, 999,999.4375) on
 * every kernel. Dot products keep float32 lanes over the whole length; 64 lanes divide the terms each accumulates by
 * 64.
 */
final class Summation {
    /** Logical partial sums per reduction. */
    static final int LANES = 64;
    /** Elements per float32 block of {@code sum}: 64 steps of 64 lanes. */
    static final int BLOCK = 64 * LANES;

    private Summation() {
    }

    /** The tree of the first {@code width} (a power of two) lanes at {@code p[off ..]}, in place; returns its root. */
    static float combine(float[] p, int off, int width) {
        for (int half = width >> 1; half >= 1; half >>= 1) {
            for (int j = 0; j < half; j++) {
                p[off + j] += p[off + j + half];
            }
        }
        return p[off];
    }

    /** {@link #combine(float[], int, int)} in float64. */
    static double combine(double[] p, int width) {
        for (int half = width >> 1; half >= 1; half >>= 1) {
            for (int j = 0; j < half; j++) {
                p[j] += p[j + half];
            }
        }
        return p[0];
    }

    /**
     * {@code sum} of at most {@link #LANES} elements, by the same order: lane j holds {@code 0 + a[j]}, and the lanes
     * past {@code n} are zero, so the 64-lane tree reduces to the tree of the next power of two (its upper levels add
     * exact zeros; a lane is never -0, since it starts at +0 and x + (-x) rounds to +0).
     */
    static float shortSum(float[] a, int ao, int n) {
        int width = n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
        double[] p = new double[width];
        for (int j = 0; j < n; j++) {
            p[j] = 0f + a[ao + j];
        }
        return (float) combine(p, width);
    }
}

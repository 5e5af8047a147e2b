package org.jgrad.core.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The packing step of {@link VectorGemm}: a block of A or B copied into strips {@code width} wide, step-major, so
 * that the micro-kernel reads each strip contiguously. Packing pads edges with zeros (the kernel never branches
 * inside its loop) and absorbs transposition: op(A) and op(B) are read in whichever layout they are stored.
 *
 * <p>A strip whose values lie across rows of the source (A stored m x k, B stored n x k) is a transpose. Where
 * vectors have at least 8 lanes it runs in 8 x 8 blocks transposed in registers with 8-lane (256-bit) vectors,
 * whatever the kernels' width: a B strip is two or four such blocks side by side, an 8-row A strip one (mlp's
 * X W1^T, 128 x 784 x 256, packed X one source row at a time before: 173 against 184 GFLOP/s for the whole product
 * at 512 bits). An earlier transpose of A strips was reverted because C2 compiled it seconds after the
 * micro-kernel, and {@code jgrad bench sgemm-1024}, then warmed up for one second, ran at 21-35 GFLOP/s; the bench
 * now warms up until the JIT is quiet.
 */
final class PanelPacking {
    private static final VectorSpecies<Float> S = VectorWidth.FLOATS;
    private static final int L = S.length();

    /** Whether strips across rows are packed by 8 x 8 register transposes (vectors of 8 or more lanes). */
    static final boolean REGISTER_TRANSPOSE = L >= 8;

    /** The 8-lane species of the transposes and of 8-wide copies. */
    private static final VectorSpecies<Float> E = FloatVector.SPECIES_256;

    // two-vector shuffles of the 8 x 8 transpose (index i < 8 takes lane i of the first vector, 8 + i lane i of the
    // second); built only where they are used
    private static final VectorShuffle<Float> PAIRS_LO = shuffle(0, 8, 1, 9, 4, 12, 5, 13);
    private static final VectorShuffle<Float> PAIRS_HI = shuffle(2, 10, 3, 11, 6, 14, 7, 15);
    private static final VectorShuffle<Float> QUADS_LO = shuffle(0, 1, 8, 9, 4, 5, 12, 13);
    private static final VectorShuffle<Float> QUADS_HI = shuffle(2, 3, 10, 11, 6, 7, 14, 15);
    private static final VectorShuffle<Float> HALVES_LO = shuffle(0, 1, 2, 3, 8, 9, 10, 11);
    private static final VectorShuffle<Float> HALVES_HI = shuffle(4, 5, 6, 7, 12, 13, 14, 15);

    private PanelPacking() {
    }

    private static VectorShuffle<Float> shuffle(int... lanes) {
        return REGISTER_TRANSPOSE ? VectorShuffle.fromValues(E, lanes) : null;
    }

    /**
     * Packs a block of a matrix into strips {@code width} wide, step-major: {@code dst[(s / width) * kc * width
     * + q * width + s % width] = M(s0 + s, q0 + q)} for {@code s < count}, {@code q < kc}, zeros past the edges
     * (up to the next multiple of {@code width}). {@code M(s, q)} is {@code src[q * ld + s]} when {@code alongStrip}
     * (the strip's values adjacent in memory), else {@code src[s * ld + q]}. For A, s is a row of op(A) and q its
     * depth; for B, s is a column of op(B). The strips start at {@code dst[to]}.
     */
    static void pack(float[] src, int ld, boolean alongStrip, int s0, int count, int q0, int kc, int width,
            float[] dst, int to) {
        for (int strip = 0; strip < count; strip += width) {
            int base = to + strip * kc;
            int live = Math.min(width, count - strip);
            if (live < width) {
                partialStrip(src, ld, alongStrip, s0 + strip, live, q0, kc, width, dst, base);
            } else if (alongStrip) {
                stripAlong(src, ld, q0 * ld + s0 + strip, kc, width, dst, base);
            } else {
                stripAcross(src, ld, (s0 + strip) * ld + q0, kc, width, dst, base);
            }
        }
    }

    /** A whole strip whose {@code width} values of a step are adjacent: {@code src[from + q * ld + w]}. */
    private static void stripAlong(float[] src, int ld, int from, int kc, int width, float[] dst, int base) {
        if (width == L || width == 2 * L) {
            // one or two whole vectors per step: a B strip (2L wide), or at 128 bits a 4-row A strip (L wide)
            for (int q = 0; q < kc; q++) {
                int f = from + q * ld;
                int to = base + q * width;
                FloatVector.fromArray(S, src, f).intoArray(dst, to);
                if (width == 2 * L) {
                    FloatVector.fromArray(S, src, f + L).intoArray(dst, to + L);
                }
            }
        } else if (width == 8 && REGISTER_TRANSPOSE) {
            // an 8-row A strip of op(A) = A^T at 512 bits: one 8-lane vector per step
            for (int q = 0; q < kc; q++) {
                FloatVector.fromArray(E, src, from + q * ld).intoArray(dst, base + q * 8);
            }
        } else {
            // an A strip of op(A) = A^T, 4 or 8 rows: a short copy (System.arraycopy costs more than the copying
            // here; the widths written out, as a variable one measured slower)
            for (int q = 0; q < kc; q++) {
                int f = from + q * ld;
                int to = base + q * width;
                dst[to] = src[f];
                dst[to + 1] = src[f + 1];
                dst[to + 2] = src[f + 2];
                dst[to + 3] = src[f + 3];
                if (width == 8) {
                    dst[to + 4] = src[f + 4];
                    dst[to + 5] = src[f + 5];
                    dst[to + 6] = src[f + 6];
                    dst[to + 7] = src[f + 7];
                }
            }
        }
    }

    /** A whole strip whose values of a step lie across {@code width} rows: {@code src[from + w * ld + q]}. */
    private static void stripAcross(float[] src, int ld, int from, int kc, int width, float[] dst, int base) {
        if (width == 2 * L && REGISTER_TRANSPOSE) {
            for (int v = 0; v < width; v += 8) {
                transpose8(src, ld, from + v * ld, kc, dst, base + v, width);
            }
        } else if (width == 8 && REGISTER_TRANSPOSE) {
            transpose8(src, ld, from, kc, dst, base, 8);
        } else if (width == 2 * L) {
            // a B strip from gathers of one step from L rows at a time (4-lane vectors): rows[w] = w * ld
            int[] rows = new int[L];
            for (int w = 0; w < L; w++) {
                rows[w] = w * ld;
            }
            for (int q = 0; q < kc; q++) {
                for (int v = 0; v < width; v += L) {
                    FloatVector.fromArray(S, src, from + v * ld + q, rows, 0).intoArray(dst, base + q * width + v);
                }
            }
        } else {
            // an A strip, one source row at a time (faster here than gathering: about 55 against 75 us for the
            // 128 x 784 X of mlp's first layer at 256 bits)
            // (the two widths written out: a variable stride measured slower)
            if (width == 4) {
                for (int w = 0; w < 4; w++) {
                    int row = from + w * ld;
                    for (int q = 0; q < kc; q++) {
                        dst[base + q * 4 + w] = src[row + q];
                    }
                }
            } else {
                for (int w = 0; w < width; w++) {
                    int row = from + w * ld;
                    for (int q = 0; q < kc; q++) {
                        dst[base + q * 8 + w] = src[row + q];
                    }
                }
            }
        }
    }

    /** The last strip of a block, {@code live < width} rows or columns wide, padded with zeros. */
    private static void partialStrip(float[] src, int ld, boolean alongStrip, int s, int live, int q0, int kc,
            int width, float[] dst, int base) {
        if (alongStrip) {
            for (int q = 0; q < kc; q++) {
                int from = (q0 + q) * ld + s;
                int to = base + q * width;
                System.arraycopy(src, from, dst, to, live);
                java.util.Arrays.fill(dst, to + live, to + width, 0f);
            }
            return;
        }
        // whole groups of eight rows by register transposes, as in a whole strip: conv1's weight gradient (a B strip
        // of 25 of the 32 columns at 512 bits, one per patch offset, over 50,176 steps a batch) packed 1.2 M floats
        // a batch one at a time, and took 1.6 ms of the batch's 15.8
        int transposed = REGISTER_TRANSPOSE ? live & ~7 : 0;
        for (int w = 0; w < transposed; w += 8) {
            transpose8(src, ld, (s + w) * ld + q0, kc, dst, base + w, width);
        }
        // the rest of each step: zeros by 8-lane stores where the width allows, then the last live rows over them
        int from = s * ld + q0;
        boolean vectorZeros = REGISTER_TRANSPOSE && width % 8 == 0;
        FloatVector zero = vectorZeros ? FloatVector.zero(E) : null;
        for (int q = 0; q < kc; q++) {
            int to = base + q * width;
            if (vectorZeros) {
                for (int w = transposed; w < width; w += 8) {
                    zero.intoArray(dst, to + w);
                }
            } else {
                java.util.Arrays.fill(dst, to + live, to + width, 0f);
            }
            for (int w = transposed; w < live; w++) {
                dst[to + w] = src[from + w * ld + q];
            }
        }
    }

    /**
     * Eight rows of the source into eight adjacent values per step of a strip {@code stride} wide (a B strip, or
     * an 8-row A strip): {@code dst[to + q * stride + w] = src[from + w * ld + q]} for {@code w < 8},
     * {@code q < kc}. Eight steps at a time it loads 8 x 8 values and transposes them in registers in three rounds
     * of two-vector shuffles (pairs, then pairs of pairs, then halves), as a BLAS packing routine does with unpack
     * instructions. For mlp's 256 x 784 W^T at 256 bits this packs in 82 us against 109 with gathers.
     */
    private static void transpose8(float[] src, int ld, int from, int kc, float[] dst, int to, int stride) {
        int q = 0;
        for (; q + 8 <= kc; q += 8) {
            FloatVector r0 = FloatVector.fromArray(E, src, from + q);
            FloatVector r1 = FloatVector.fromArray(E, src, from + ld + q);
            FloatVector r2 = FloatVector.fromArray(E, src, from + 2 * ld + q);
            FloatVector r3 = FloatVector.fromArray(E, src, from + 3 * ld + q);
            FloatVector r4 = FloatVector.fromArray(E, src, from + 4 * ld + q);
            FloatVector r5 = FloatVector.fromArray(E, src, from + 5 * ld + q);
            FloatVector r6 = FloatVector.fromArray(E, src, from + 6 * ld + q);
            FloatVector r7 = FloatVector.fromArray(E, src, from + 7 * ld + q);
            // t0 = (r0[0] r1[0] r0[1] r1[1] | r0[4] r1[4] r0[5] r1[5]), t1 the same of lanes 2, 3, 6, 7, and so on
            FloatVector t0 = r0.rearrange(PAIRS_LO, r1);
            FloatVector t1 = r0.rearrange(PAIRS_HI, r1);
            FloatVector t2 = r2.rearrange(PAIRS_LO, r3);
            FloatVector t3 = r2.rearrange(PAIRS_HI, r3);
            FloatVector t4 = r4.rearrange(PAIRS_LO, r5);
            FloatVector t5 = r4.rearrange(PAIRS_HI, r5);
            FloatVector t6 = r6.rearrange(PAIRS_LO, r7);
            FloatVector t7 = r6.rearrange(PAIRS_HI, r7);
            // u0 = (rows 0-3 of step 0 | rows 0-3 of step 4), u1 steps 1 | 5, u2 2 | 6, u3 3 | 7; u4-u7 rows 4-7
            FloatVector u0 = t0.rearrange(QUADS_LO, t2);
            FloatVector u1 = t0.rearrange(QUADS_HI, t2);
            FloatVector u2 = t1.rearrange(QUADS_LO, t3);
            FloatVector u3 = t1.rearrange(QUADS_HI, t3);
            FloatVector u4 = t4.rearrange(QUADS_LO, t6);
            FloatVector u5 = t4.rearrange(QUADS_HI, t6);
            FloatVector u6 = t5.rearrange(QUADS_LO, t7);
            FloatVector u7 = t5.rearrange(QUADS_HI, t7);
            // step s: rows 0-3 from u(s % 4), rows 4-7 from u(4 + s % 4), lower halves for s < 4
            int d = to + q * stride;
            u0.rearrange(HALVES_LO, u4).intoArray(dst, d);
            u1.rearrange(HALVES_LO, u5).intoArray(dst, d + stride);
            u2.rearrange(HALVES_LO, u6).intoArray(dst, d + 2 * stride);
            u3.rearrange(HALVES_LO, u7).intoArray(dst, d + 3 * stride);
            u0.rearrange(HALVES_HI, u4).intoArray(dst, d + 4 * stride);
            u1.rearrange(HALVES_HI, u5).intoArray(dst, d + 5 * stride);
            u2.rearrange(HALVES_HI, u6).intoArray(dst, d + 6 * stride);
            u3.rearrange(HALVES_HI, u7).intoArray(dst, d + 7 * stride);
        }
        for (; q < kc; q++) {
            for (int w = 0; w < 8; w++) {
                dst[to + q * stride + w] = src[from + w * ld + q];
            }
        }
    }
}

package org.jgrad.core.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * A cache-blocked matrix product with packed panels and a register-blocked micro-kernel (the Goto/BLIS scheme),
 * on the Vector API.
 *
 * <p>For each block of {@code KC} rows of {@code op(B)} and {@code NC} of its columns, the block is copied
 * ("packed") into strips {@code NR} columns wide, so that the micro-kernel reads it contiguously; for each block of
 * {@code MC} rows of {@code op(A)}, those rows are packed into strips {@code MR} rows tall. The micro-kernel then
 * keeps an {@code MR x NR} tile of C in registers (4 x 16 floats: eight 8-lane accumulators on AVX2) and runs
 * {@code KC} rank-1 updates of it: two vector loads of B and four broadcasts of A per step, eight FMAs. Packing
 * pads edges with zeros, so the kernel never branches inside its loop; only the final store is masked. The packing
 * also absorbs transposition: {@code op(A)} and {@code op(B)} are read in whichever layout they are stored.
 */
final class VectorGemm {
    private static final VectorSpecies<Float> S = VectorWidth.FLOATS;
    private static final int L = S.length();
    static final int MR = 4;
    static final int NR = 2 * L;
    private static final int KC = MatrixProduct.KC;
    private static final int MC = MR * 36;
    private static final int NC = NR * 64;

    /** Whether B^T strips are packed by 8 x 8 register transposes (8-lane vectors), rather than by gathers. */
    static final boolean REGISTER_TRANSPOSE = L == 8;

    // two-vector shuffles of the 8 x 8 transpose (index i < 8 takes lane i of the first vector, 8 + i lane i of the
    // second); built only where vectors have 8 lanes
    private static final VectorShuffle<Float> PAIRS_LO = shuffle(0, 8, 1, 9, 4, 12, 5, 13);
    private static final VectorShuffle<Float> PAIRS_HI = shuffle(2, 10, 3, 11, 6, 14, 7, 15);
    private static final VectorShuffle<Float> QUADS_LO = shuffle(0, 1, 8, 9, 4, 5, 12, 13);
    private static final VectorShuffle<Float> QUADS_HI = shuffle(2, 3, 10, 11, 6, 7, 14, 15);
    private static final VectorShuffle<Float> HALVES_LO = shuffle(0, 1, 2, 3, 8, 9, 10, 11);
    private static final VectorShuffle<Float> HALVES_HI = shuffle(4, 5, 6, 7, 12, 13, 14, 15);

    // packing buffers, one pair per thread, reused across calls
    private static final ThreadLocal<float[]> PACKED_A = ThreadLocal.withInitial(() -> new float[MC * KC]);
    private static final ThreadLocal<float[]> PACKED_B = ThreadLocal.withInitial(() -> new float[KC * NC]);

    private VectorGemm() {
    }

    private static VectorShuffle<Float> shuffle(int... lanes) {
        return REGISTER_TRANSPOSE ? VectorShuffle.fromValues(S, lanes) : null;
    }

    /** {@code C[i0:i1, j0:j1] = op(A)[i0:i1, :] op(B)[:, j0:j1]}. */
    static void tile(MatrixProduct p, int i0, int i1, int j0, int j1) {
        float[] c = p.c();
        int n = p.n();
        int k = p.k();
        float[] ap = PACKED_A.get();
        float[] bp = PACKED_B.get();
        float[] t = new float[MR * NR];
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            int depth = MatrixProduct.depthBlock(k);
            for (int pc = 0; pc < k; pc += depth) {
                int kc = Math.min(depth, k - pc);
                // B(p, j) is b[p * n + j], or b[j * k + p] when transposed
                pack(p.b(), p.transB() ? k : n, !p.transB(), jc, nc, pc, kc, NR, bp);
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    // A(i, p) is a[i * k + p], or a[p * m + i] when transposed
                    pack(p.a(), p.transA() ? p.m() : k, p.transA(), ic, mc, pc, kc, MR, ap);
                    for (int jr = 0; jr < nc; jr += NR) {
                        for (int ir = 0; ir < mc; ir += MR) {
                            kernel(ap, ir * kc, bp, jr * kc, kc, t);
                            addTile(t, c, (ic + ir) * n + jc + jr, n, Math.min(MR, mc - ir),
                                    Math.min(NR, nc - jr), pc == 0);
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs a block of a matrix into strips {@code width} wide, step-major: {@code dst[(s / width) * kc * width
     * + q * width + s % width] = M(s0 + s, q0 + q)} for {@code s < count}, {@code q < kc}, zeros past the edges.
     * {@code M(s, q)} is {@code src[q * ld + s]} when {@code alongStrip} (the strip's values adjacent in memory), else
     * {@code src[s * ld + q]}. For A, s is a row of op(A) and q its depth; for B, s is a column of op(B).
     */
    private static void pack(float[] src, int ld, boolean alongStrip, int s0, int count, int q0, int kc, int width,
            float[] dst) {
        for (int strip = 0; strip < count; strip += width) {
            int base = strip * kc;
            int live = Math.min(width, count - strip);
            if (alongStrip && live == NR && width == NR) {
                // a whole B strip: two vector copies per step
                for (int q = 0; q < kc; q++) {
                    int from = (q0 + q) * ld + s0 + strip;
                    FloatVector.fromArray(S, src, from).intoArray(dst, base + q * NR);
                    FloatVector.fromArray(S, src, from + L).intoArray(dst, base + q * NR + L);
                }
            } else if (alongStrip && width == MR && live == MR) {
                // a whole A strip of op(A) = A^T: MR adjacent values per step (a constant-length copy, where
                // System.arraycopy and the fill below cost more than the copying)
                for (int q = 0; q < kc; q++) {
                    int from = (q0 + q) * ld + s0 + strip;
                    int to = base + q * MR;
                    for (int w = 0; w < MR; w++) {
                        dst[to + w] = src[from + w];
                    }
                }
            } else if (alongStrip) {
                for (int q = 0; q < kc; q++) {
                    int from = (q0 + q) * ld + s0 + strip;
                    int to = base + q * width;
                    System.arraycopy(src, from, dst, to, live);
                    java.util.Arrays.fill(dst, to + live, to + width, 0f);
                }
            } else if (live == width) {
                // a whole strip read across rows
                int from = (s0 + strip) * ld + q0;
                if (width == NR && REGISTER_TRANSPOSE) {
                    transposeRows(src, ld, from, kc, dst, base);
                    transposeRows(src, ld, from + L * ld, kc, dst, base + L);
                } else if (width == NR) {
                    // gathers of one step from L rows at a time: rows[w] = w * ld
                    int[] rows = new int[L];
                    for (int w = 0; w < L; w++) {
                        rows[w] = w * ld;
                    }
                    for (int q = 0; q < kc; q++) {
                        FloatVector.fromArray(S, src, from + q, rows, 0).intoArray(dst, base + q * NR);
                        FloatVector.fromArray(S, src, from + L * ld + q, rows, 0).intoArray(dst, base + q * NR + L);
                    }
                } else {
                    // an A strip, one source row at a time (faster here than gathering: about 55 against 75 us for the
                    // 128 x 784 X of mlp's first layer)
                    for (int w = 0; w < MR; w++) {
                        int row = from + w * ld;
                        for (int q = 0; q < kc; q++) {
                            dst[base + q * MR + w] = src[row + q];
                        }
                    }
                }
            } else {
                for (int w = 0; w < width; w++) {
                    int from = (s0 + strip + w) * ld + q0;
                    for (int q = 0; q < kc; q++) {
                        dst[base + q * width + w] = w < live ? src[from + q] : 0f;
                    }
                }
            }
        }
    }

    /**
     * Half a B strip from 8 rows of the source (8 columns of op(B) = B^T): {@code dst[to + q * NR + w] =
     * src[from + w * ld + q]} for {@code w < 8}, {@code q < kc}. Eight steps at a time it loads 8 x 8 values and
     * transposes them in registers in three rounds of two-vector shuffles (pairs, then pairs of pairs, then halves),
     * as a BLAS packing routine does with unpack instructions; 8-lane vectors only. For mlp's 256 x 784 W^T this
     * packs in 82 us against 109 with gathers.
     */
    private static void transposeRows(float[] src, int ld, int from, int kc, float[] dst, int to) {
        int q = 0;
        for (; q + 8 <= kc; q += 8) {
            FloatVector r0 = FloatVector.fromArray(S, src, from + q);
            FloatVector r1 = FloatVector.fromArray(S, src, from + ld + q);
            FloatVector r2 = FloatVector.fromArray(S, src, from + 2 * ld + q);
            FloatVector r3 = FloatVector.fromArray(S, src, from + 3 * ld + q);
            FloatVector r4 = FloatVector.fromArray(S, src, from + 4 * ld + q);
            FloatVector r5 = FloatVector.fromArray(S, src, from + 5 * ld + q);
            FloatVector r6 = FloatVector.fromArray(S, src, from + 6 * ld + q);
            FloatVector r7 = FloatVector.fromArray(S, src, from + 7 * ld + q);
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
            int d = to + q * NR;
            u0.rearrange(HALVES_LO, u4).intoArray(dst, d);
            u1.rearrange(HALVES_LO, u5).intoArray(dst, d + NR);
            u2.rearrange(HALVES_LO, u6).intoArray(dst, d + 2 * NR);
            u3.rearrange(HALVES_LO, u7).intoArray(dst, d + 3 * NR);
            u0.rearrange(HALVES_HI, u4).intoArray(dst, d + 4 * NR);
            u1.rearrange(HALVES_HI, u5).intoArray(dst, d + 5 * NR);
            u2.rearrange(HALVES_HI, u6).intoArray(dst, d + 6 * NR);
            u3.rearrange(HALVES_HI, u7).intoArray(dst, d + 7 * NR);
        }
        for (; q < kc; q++) {
            for (int w = 0; w < 8; w++) {
                dst[to + q * NR + w] = src[from + w * ld + q];
            }
        }
    }

    /**
     * {@code t = Apanel Bpanel}, one MR x NR tile, into {@code t} (row-major, NR wide). Storing to constant offsets
     * of a small array, rather than adding into C here, measured 3x faster: with C's loads and stores in this
     * method C2 spills accumulators inside the loop.
     */
    private static void kernel(float[] ap, int ao, float[] bp, int bo, int kc, float[] t) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        // 4 x 16, one step per iteration: C2 issues all of a step's loads before its FMAs, so accumulators plus loads
        // must fit in the 16 ymm registers (8 + 6 here). 6 x 16 (12 + 8), or any tile unrolled by two, spilled
        // accumulators to the stack inside the loop and ran at 30-45 GFLOP/s against 65-72 for this one.
        for (int q = 0; q < kc; q++) {
            int bq = bo + q * NR;
            int aq = ao + q * MR;
            FloatVector b0;
            FloatVector b1;
            FloatVector a;
            b0 = FloatVector.fromArray(S, bp, bq);
            b1 = FloatVector.fromArray(S, bp, bq + L);
            a = FloatVector.broadcast(S, ap[aq]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[aq + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[aq + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[aq + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
        }
        c00.intoArray(t, 0);
        c01.intoArray(t, L);
        c10.intoArray(t, NR);
        c11.intoArray(t, NR + L);
        c20.intoArray(t, 2 * NR);
        c21.intoArray(t, 2 * NR + L);
        c30.intoArray(t, 3 * NR);
        c31.intoArray(t, 3 * NR + L);
    }

    /**
     * {@code C[tile] += t} for the {@code rows x cols} part of the tile that lies inside C; {@code C[tile] = t} for
     * the first depth block ({@code first}), so that C never needs zeroing.
     */
    private static void addTile(float[] t, float[] c, int co, int ldc, int rows, int cols, boolean first) {
        if (cols == NR) {
            for (int r = 0; r < rows; r++) {
                int off = co + r * ldc;
                FloatVector lo = FloatVector.fromArray(S, t, r * NR);
                FloatVector hi = FloatVector.fromArray(S, t, r * NR + L);
                if (!first) {
                    lo = lo.add(FloatVector.fromArray(S, c, off));
                    hi = hi.add(FloatVector.fromArray(S, c, off + L));
                }
                lo.intoArray(c, off);
                hi.intoArray(c, off + L);
            }
            return;
        }
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                int at = co + r * ldc + j;
                c[at] = first ? t[r * NR + j] : c[at] + t[r * NR + j];
            }
        }
    }
}

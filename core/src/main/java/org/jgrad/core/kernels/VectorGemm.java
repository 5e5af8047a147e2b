package org.jgrad.core.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * A cache-blocked matrix product with packed panels and a register-blocked micro-kernel (the Goto/BLIS scheme),
 * on the Vector API.
 *
 * <p>For each block of at most {@code KC} rows of {@code op(B)} and {@code NC} of its columns, the block is
 * copied ("packed", {@link PanelPacking}) into strips {@code NR = 2L} columns wide, so that the micro-kernel reads it
 * contiguously; for each block of {@code MC} rows of {@code op(A)}, those rows are packed into strips {@code MR} rows
 * tall. The micro-kernel ({@link MicroKernels}) keeps an {@code MR x NR} tile of C in registers and runs
 * {@code kc} rank-1 updates of it: two vector loads of B and MR broadcasts of A per step, 2 MR FMAs. The tile is
 * 4 x 2L (8 accumulators) up to 256 bits, for the 16 registers of AVX2, and 8 x 2L (16 accumulators) at 512 bits,
 * for the 32 of AVX-512: the same FMAs with half the loads of B and of C per FMA.
 *
 * <p>Every element of C is the same sum whatever the tile and the width: the depth is cut into the blocks of
 * {@link MatrixProduct#depthBlock}, each block is one fma chain from zero, and the blocks are added left to right.
 */
final class VectorGemm {
    private static final VectorSpecies<Float> S = VectorWidth.FLOATS;
    private static final int L = S.length();
    /** Rows of the register tile. */
    static final int MR = L >= 16 ? 8 : 4;
    /** Columns of the register tile: two vectors. */
    static final int NR = 2 * L;
    private static final int KC = MatrixProduct.KC;
    // a block of A (MC x KC floats: 144 KB at 4 rows, 288 KB at 8) stays in the 1-2 MB L2 while every strip of B
    // runs over it; a block of B (KC x NC) in L3
    private static final int MC = MR * 36;
    private static final int NC = NR * 64;
    /**
     * Whether the last, partial column strip of C is added with masked vectors (AVX-512's mask registers make them
     * cheap; AVX2 has only emulated masked stores, and a scalar loop measured 5-10% faster on products whose n is
     * not a multiple of 16, such as 32 x 400 x 196).
     */
    static final boolean MASKED_EDGE = L >= 16;

    // packing buffers, one pair per thread, reused across calls
    private static final ThreadLocal<float[]> PACKED_A = ThreadLocal.withInitial(() -> new float[MC * KC]);
    private static final ThreadLocal<float[]> PACKED_B = ThreadLocal.withInitial(() -> new float[KC * NC]);

    private VectorGemm() {
    }

    /** {@code C[i0:i1, j0:j1] = op(A)[i0:i1, :] op(B)[:, j0:j1]}. */
    static void tile(MatrixProduct p, int i0, int i1, int j0, int j1) {
        float[] c = p.c();
        int n = p.n();
        int k = p.k();
        float[] ap = PACKED_A.get();
        float[] bp = PACKED_B.get();
        float[] t = new float[MR * NR];
        int depth = MatrixProduct.depthBlock(k);
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += depth) {
                int kc = Math.min(depth, k - pc);
                // B(p, j) is b[p * n + j], or b[j * k + p] when transposed
                PanelPacking.pack(p.b(), p.transB() ? k : n, !p.transB(), jc, nc, pc, kc, NR, bp, 0);
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    // A(i, p) is a[i * k + p], or a[p * m + i] when transposed; a last strip of at most 4 rows (of
                    // an 8-row tile) is packed 4 wide and runs on the 4-row kernel: half the FMAs on padding
                    int narrow = MR == 8 && mc % 8 <= 4 ? mc % 8 : 0;
                    int lda = p.transA() ? p.m() : k;
                    PanelPacking.pack(p.a(), lda, p.transA(), ic, mc - narrow, pc, kc, MR, ap, 0);
                    PanelPacking.pack(p.a(), lda, p.transA(), ic + mc - narrow, narrow, pc, kc, 4, ap,
                            (mc - narrow) * kc);
                    for (int jr = 0; jr < nc; jr += NR) {
                        for (int ir = 0; ir < mc; ir += MR) {
                            kernel(mc - ir, ap, ir * kc, bp, jr * kc, kc, t);
                            addTile(t, c, (ic + ir) * n + jc + jr, n, Math.min(MR, mc - ir),
                                    Math.min(NR, nc - jr), pc == 0);
                        }
                    }
                }
            }
        }
    }

    /** The tile of the strip at {@code ap[ao]}, {@code rows} rows of op(A) from it on: 8 rows wide, or 4. */
    private static void kernel(int rows, float[] ap, int ao, float[] bp, int bo, int kc, float[] t) {
        if (MR == 8 && rows > 4) {
            MicroKernels.rows8(ap, ao, bp, bo, kc, t);
        } else {
            MicroKernels.rows4(ap, ao, bp, bo, kc, t);
        }
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
        addPartialTile(t, c, co, ldc, rows, cols, first);
    }

    /**
     * {@link #addTile} for the last, partial column strip: its own method, so that addTile stays small enough for C2
     * to inline into the loop of {@link #tile} (with both paths in one method it did not, and products of small
     * depth, such as 400 x 32 x 196, ran 7% slower).
     */
    private static void addPartialTile(float[] t, float[] c, int co, int ldc, int rows, int cols, boolean first) {
        if (!MASKED_EDGE) {
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < cols; j++) {
                    int at = co + r * ldc + j;
                    c[at] = first ? t[r * NR + j] : c[at] + t[r * NR + j];
                }
            }
            return;
        }
        // the last strip of C's columns: masked vectors, so that nothing past column j1 is touched
        VectorMask<Float> lowMask = S.indexInRange(0, cols);
        VectorMask<Float> highMask = S.indexInRange(L, cols);
        for (int r = 0; r < rows; r++) {
            int off = co + r * ldc;
            FloatVector lo = FloatVector.fromArray(S, t, r * NR);
            FloatVector hi = FloatVector.fromArray(S, t, r * NR + L);
            if (!first) {
                lo = lo.add(FloatVector.fromArray(S, c, off, lowMask));
                hi = hi.add(FloatVector.fromArray(S, c, off + L, highMask));
            }
            lo.intoArray(c, off, lowMask);
            hi.intoArray(c, off + L, highMask);
        }
    }
}

package org.jgrad.core.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * A cache-blocked matrix product with packed panels and a register-blocked micro-kernel (the Goto/BLIS scheme),
 * on the Vector API.
 *
 * <p>For each depth block ({@link MatrixProduct#depthBlock()}) and a block of columns of {@code op(B)}, the block is
 * copied ("packed", {@link PanelPacking}) into strips {@code NR = 2L} columns wide, so that the micro-kernel reads it
 * contiguously; for each block of rows of {@code op(A)}, those rows are packed into strips {@code MR} rows tall. The
 * micro-kernel ({@link MicroKernels}) keeps an {@code MR x NR} tile of C in registers and runs the depth block's
 * rank-1 updates of it: two vector loads of B and MR broadcasts of A per step, 2 MR FMAs; the tile is then added to
 * what C holds from the depth blocks before it. Two orders of the loops ({@link MatrixProduct#large()}): small
 * products run each strip of B (in L1) over the strips of A, large ones each strip of A (in L1) over a block of B in
 * L2. The tile is 4 x 2L (8 accumulators) up to 256 bits, for the 16 registers of AVX2, and 12 x 2L (24
 * accumulators) at 512 bits, for the 32 of AVX-512 (a block's last 8 or 4 rows on an 8- or 4-row tile): the same
 * FMAs with a third of the loads of B and of C per FMA.
 *
 * <p>Every element of C is the same sum whatever the tile and the width: the depth is cut into the blocks of
 * {@link MatrixProduct#depthBlock()}, each block is one fma chain from zero, and the blocks are added left to right.
 */
final class VectorGemm {
    private static final VectorSpecies<Float> S = VectorWidth.FLOATS;
    private static final int L = S.length();
    /** Rows of the main register tile; a block's last rows may run on a narrower one ({@link #lastWidth}). */
    static final int MR = L >= 16 ? 12 : 4;
    /** Columns of the register tile: two vectors. */
    static final int NR = 2 * L;
    private static final int KC = MatrixProduct.KC;
    private static final int KC_LARGE = MatrixProduct.KC_LARGE;
    /**
     * {@link #largeTile}'s blocks: the rows of A packed for one depth block at a time (up to 2048, 4 MB, read from
     * L3 strip by strip), and the columns of B's block, which stays in L2 (512 x 512 floats, 1 MB) while every
     * strip of A runs over it. An Intel Xeon at 512 bits, in a harness alternating with the passes of three depth
     * blocks that ran large products before (one JVM each, three JVMs): 1024^3 148-153 GFLOP/s against 128-135,
     * 2048^3 146-158 against 133-148, 1024^3 with A transposed 137-155 against 128-142; under {@code -XX:UseAVX=2}
     * 86-87 against 80-85 and 83-89 against 84. B's block of 256 or 768 columns measured alike or slower.
     */
    static final int MC_LARGE = 2048;
    static final int NC_LARGE = 512;
    // smallTile's blocks. At 512 bits (measured when products ran passes of three depth blocks) 128 rows: 96
    // measured faster than 192 and 288 (1024^3: 197 against 186 and 190 GFLOP/s), and 128 faster than 96 where it
    // keeps mlp's batch of 128 in one block instead of 96 + 32, which read every strip of B twice (MatmulBench,
    // AVX-512 EPYC, two alternating JVMs each: 128 x 784 x 256 with B transposed 0.331 and 0.320 ms against 0.342
    // and 0.340; 1024^3 11.6 and 11.7 against 12.0 and 12.7; 2048^3 and conv2's 400 x 32 x 196 alike); below 512
    // bits, the blocks as before. Blocks of rows do not change any element's sum (the depth blocks do)
    private static final int MC = L >= 16 ? 128 : MR * 36;
    private static final int NC = NR * (L >= 16 ? 32 : 64);
    /**
     * Whether the last, partial column strip of C is read and written with masked vectors (AVX-512's mask
     * registers make them cheap; AVX2 has only emulated masked stores, and a scalar loop measured 5-10% faster on
     * products whose n is not a multiple of 16, such as 32 x 400 x 196).
     */
    static final boolean MASKED_EDGE = L >= 16;

    // packing buffers, one pair per thread, reused across calls, each from index LineAlignedBuffer.OFFSET on, where a
    // 64-byte line starts when the JVM lets us know: the strips' vector stores and B's loads then never straddle two
    // lines. A: one depth block of MC_LARGE rows (a 12-row strip's packing writes up to 4 floats past its end, MR
    // rows more of room hold them). B: one depth block of the wider of the two blocks of B, then the kernel's
    // scratch tile t, also on a line (every offset below is a multiple of 16 floats)
    private static final int A0 = LineAlignedBuffer.OFFSET;
    private static final int B0 = LineAlignedBuffer.OFFSET;
    private static final int T0 = B0 + Math.max(KC * NC, KC_LARGE * NC_LARGE);
    private static final ThreadLocal<float[]> PACKED_A = ThreadLocal.withInitial(
            () -> LineAlignedBuffer.allocate(Math.max((MC + MR) * KC, (MC_LARGE + MR) * KC_LARGE)));
    private static final ThreadLocal<float[]> PACKED_B = ThreadLocal.withInitial(
            () -> LineAlignedBuffer.allocate(T0 + MR * NR - B0));

    private VectorGemm() {
    }

    /** {@code C[i0:i1, j0:j1] = op(A)[i0:i1, :] op(B)[:, j0:j1]}. */
    static void tile(MatrixProduct p, int i0, int i1, int j0, int j1) {
        if (p.large()) {
            largeTile(p, i0, i1, j0, j1);
        } else {
            smallTile(p, i0, i1, j0, j1);
        }
    }

    /**
     * For each block of B's columns and each depth block: B's block packed once, then for each block of MC rows of
     * A, its strips packed, every strip of B run over every strip of A (the strip of B in L1, A's from L2).
     */
    private static void smallTile(MatrixProduct p, int i0, int i1, int j0, int j1) {
        float[] ap = PACKED_A.get();
        float[] bp = PACKED_B.get();
        int k = p.k();
        int depth = p.depthBlock();
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += depth) {
                int kp = Math.min(depth, k - pc);
                packColumns(p, jc, nc, pc, kp, bp);
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    int whole = packRows(p, ic, mc, pc, kp, ap);
                    for (int jr = 0; jr < nc; jr += NR) {
                        for (int ir = 0; ir < mc; ir += MR) {
                            step(p, ap, ir, whole, mc, bp, jr, nc, kp, ic, jc, pc > 0);
                        }
                    }
                }
            }
        }
    }

    /**
     * BLIS's order of loops, with the roles of this kernel's operands: for each depth block, A's rows packed once
     * (up to {@link #MC_LARGE}), then for each block of {@link #NC_LARGE} columns of B, packed so that it stays in L2,
     * every strip of A (in L1) run over every strip of B (streamed from L2).
     */
    private static void largeTile(MatrixProduct p, int i0, int i1, int j0, int j1) {
        float[] ap = PACKED_A.get();
        float[] bp = PACKED_B.get();
        int k = p.k();
        int depth = p.depthBlock();
        for (int pc = 0; pc < k; pc += depth) {
            int kp = Math.min(depth, k - pc);
            for (int ic = i0; ic < i1; ic += MC_LARGE) {
                int mc = Math.min(MC_LARGE, i1 - ic);
                int whole = packRows(p, ic, mc, pc, kp, ap);
                for (int jc = j0; jc < j1; jc += NC_LARGE) {
                    int nc = Math.min(NC_LARGE, j1 - jc);
                    packColumns(p, jc, nc, pc, kp, bp);
                    for (int ir = 0; ir < mc; ir += MR) {
                        for (int jr = 0; jr < nc; jr += NR) {
                            step(p, ap, ir, whole, mc, bp, jr, nc, kp, ic, jc, pc > 0);
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs op(B)'s depth rows {@code pc .. pc + kp} of columns {@code jc .. jc + nc} into strips NR wide, from
     * {@code bp[B0]} on (each strip starts a multiple of NR * kp floats further on, so on a line when B0 is).
     */
    private static void packColumns(MatrixProduct p, int jc, int nc, int pc, int kp, float[] bp) {
        // B(p, j) is b[p * n + j], or b[j * k + p] when transposed
        PanelPacking.pack(p.b(), p.transB() ? p.k() : p.n(), !p.transB(), jc, nc, pc, kp, NR, bp, B0);
    }

    /**
     * Packs op(A)'s rows {@code ic .. ic + mc} of depth {@code pc .. pc + kp}: whole strips MR tall, then the rows
     * past the last whole strip on the narrowest tile that holds them (mlp's 128 = 10 x 12 + 8). Returns the rows
     * in whole strips.
     */
    private static int packRows(MatrixProduct p, int ic, int mc, int pc, int kp, float[] ap) {
        // A(i, p) is a[i * k + p], or a[p * m + i] when transposed
        int last = lastWidth(mc % MR);
        int narrow = last < MR ? mc % MR : 0;
        int whole = mc - narrow;
        int lda = p.transA() ? p.m() : p.k();
        PanelPacking.pack(p.a(), lda, p.transA(), ic, whole, pc, kp, MR, ap, A0);
        PanelPacking.pack(p.a(), lda, p.transA(), ic + whole, narrow, pc, kp, last, ap, A0 + whole * kp);
        return whole;
    }

    /**
     * One tile of C, the strip of A at row {@code ir} of the block (rows {@code ic ..}) against the strip of B at
     * column {@code jr} (columns {@code jc ..}), over one depth block: the block's fma chains from zero, added to
     * what C holds from the depth blocks before it ({@code fromC}), so that every element is the same sum in the
     * same order whatever the loops' order.
     */
    private static void step(MatrixProduct p, float[] ap, int ir, int whole, int mc, float[] bp, int jr, int nc,
            int kp, int ic, int jc, boolean fromC) {
        float[] c = p.c();
        int n = p.n();
        int width = ir < whole ? MR : lastWidth(mc % MR);
        int co = (ic + ir) * n + jc + jr;
        int rows = Math.min(width, mc - ir);
        int cols = Math.min(NR, nc - jr);
        // the tile t in bp past B's strips
        kernel(width, ap, A0 + ir * kp, bp, B0 + jr * kp, kp, bp, T0);
        if (fromC) {
            addTile(bp, T0, c, co, n, rows, cols);
        } else {
            moveTile(bp, T0, c, co, n, rows, cols);
        }
    }

    /**
     * The width of the strip that runs the {@code rest} rows past a block's last whole strip: 4 or 8 where they fit
     * (at 512 bits), else a whole strip padded with zeros.
     */
    static int lastWidth(int rest) {
        if (rest == 0 || MR == 4) {
            return MR;
        }
        return rest <= 4 ? 4 : rest <= 8 ? 8 : MR;
    }

    /** The tile of the strip at {@code ap[ao]}, {@code width} (12, 8 or 4) rows wide, into t from {@code to}. */
    private static void kernel(int width, float[] ap, int ao, float[] bp, int bo, int kc, float[] t, int to) {
        if (width == 12) {
            MicroKernels.rows12(ap, ao, bp, bo, kc, t, to);
        } else if (width == 8) {
            MicroKernels.rows8(ap, ao, bp, bo, kc, t, to);
        } else {
            MicroKernels.rows4(ap, ao, bp, bo, kc, t, to);
        }
    }

    /**
     * Adds the {@code rows x cols} part of the tile t that lies inside C to C: {@code C[tile] = C[tile] + t[tile]},
     * in one pass over C's part (it used to be copied beside t, added to, and copied back: three passes). Rows of t
     * are {@code NR} floats apart, rows of C {@code n}.
     */
    private static void addTile(float[] t, int to, float[] c, int co, int n, int rows, int cols) {
        if (cols == NR) {
            for (int r = 0; r < rows; r++) {
                int at = co + r * n;
                int from = to + r * NR;
                FloatVector.fromArray(S, c, at).add(FloatVector.fromArray(S, t, from)).intoArray(c, at);
                FloatVector.fromArray(S, c, at + L).add(FloatVector.fromArray(S, t, from + L)).intoArray(c, at + L);
            }
            return;
        }
        partialTile(t, to, c, co, n, rows, cols, true);
    }

    /** Copies the {@code rows x cols} part of the tile t that lies inside C into C: {@code C[tile] = t[tile]}. */
    private static void moveTile(float[] t, int to, float[] c, int co, int n, int rows, int cols) {
        if (cols == NR) {
            for (int r = 0; r < rows; r++) {
                FloatVector.fromArray(S, t, to + r * NR).intoArray(c, co + r * n);
                FloatVector.fromArray(S, t, to + r * NR + L).intoArray(c, co + r * n + L);
            }
            return;
        }
        partialTile(t, to, c, co, n, rows, cols, false);
    }

    /**
     * {@link #moveTile} ({@code add} false) and {@link #addTile} for the last, partial column strip: its own method,
     * so that those two stay small enough for C2 to inline into the loop of {@link #tile} (with both paths in one
     * method it did not, and products of small depth, such as 400 x 32 x 196, ran 7% slower).
     */
    private static void partialTile(float[] t, int to, float[] c, int co, int n, int rows, int cols, boolean add) {
        if (!MASKED_EDGE) {
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < cols; j++) {
                    float v = t[to + r * NR + j];
                    c[co + r * n + j] = add ? c[co + r * n + j] + v : v;
                }
            }
            return;
        }
        // masked vectors, so that nothing of C past column j1 is touched
        VectorMask<Float> lowMask = S.indexInRange(0, cols);
        VectorMask<Float> highMask = S.indexInRange(L, cols);
        for (int r = 0; r < rows; r++) {
            int at = co + r * n;
            int from = to + r * NR;
            FloatVector low = FloatVector.fromArray(S, t, from, lowMask);
            FloatVector high = FloatVector.fromArray(S, t, from + L, highMask);
            if (add) {
                low = FloatVector.fromArray(S, c, at, lowMask).add(low);
                high = FloatVector.fromArray(S, c, at + L, highMask).add(high);
            }
            low.intoArray(c, at, lowMask);
            high.intoArray(c, at + L, highMask);
        }
    }
}

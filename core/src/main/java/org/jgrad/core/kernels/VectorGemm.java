package org.jgrad.core.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * A cache-blocked matrix product with packed panels and a register-blocked micro-kernel (the Goto/BLIS scheme),
 * on the Vector API.
 *
 * <p>For each pass over at most {@code PASS} rows of {@code op(B)} (whole depth blocks) and {@code NC} of its columns,
 * the block is copied ("packed", {@link PanelPacking}) into strips {@code NR = 2L} columns wide, so that the
 * micro-kernel reads it contiguously; for each block of {@code MC} rows of {@code op(A)}, those rows are packed into
 * strips {@code MR} rows tall. The micro-kernel ({@link MicroKernels}) keeps an {@code MR x NR} tile of C in
 * registers and runs {@code kc} rank-1 updates of it, one depth block: two vector loads of B and MR broadcasts of A
 * per step, 2 MR FMAs. It runs once per depth block of the pass, adding each block's tile to the sum of the blocks
 * before it, and the pass's sum is then added to C. The tile is
 * 4 x 2L (8 accumulators) up to 256 bits, for the 16 registers of AVX2, and 12 x 2L (24 accumulators) at 512 bits,
 * for the 32 of AVX-512 (a block's last 8 or 4 rows on an 8- or 4-row tile): the same FMAs with a third of the loads
 * of B and of C per FMA.
 *
 * <p>Every element of C is the same sum whatever the tile and the width: the depth is cut into the blocks of
 * {@link MatrixProduct#depthBlock}, each block is one fma chain from zero, and the blocks are added left to right.
 */
final class VectorGemm {
    private static final VectorSpecies<Float> S = VectorWidth.FLOATS;
    private static final int L = S.length();
    /** Rows of the main register tile; a block's last rows may run on a narrower one ({@link #lastWidth}). */
    static final int MR = L >= 16 ? 12 : 4;
    /** Columns of the register tile: two vectors. */
    static final int NR = 2 * L;
    private static final int KC = MatrixProduct.KC;
    /**
     * The most depth one pass packs: whole depth blocks (three of up to 384), run one after another on
     * the same tile in registers and summed in a small array, so that C is read and written once per pass instead
     * of once per block (1024^3 in one pass instead of three, 2048^3 in two instead of six). With C's rows {@code n}
     * floats apart a tile of C missed the caches on each block (likely most of the 20% of JFR samples that
     * sgemm-2048 spent adding tiles to C); 2048^3 on one thread went from 163-178 to 190-209 GFLOP/s of CPU time.
     * At every width: below 512 bits one block per pass measured alike on an AMD EPYC (1024^3: 95 against 98 with
     * three, 2048^3: 94 against 93), but on an Intel Xeon under {@code -XX:UseAVX=2} three blocks ran 2048^3 at
     * 82-83 GFLOP/s against 66-72 and 1024^3 at 84-86 against 78-81, with mlp's and the cnn's products alike (a
     * harness, the two versions alternating in one JVM).
     */
    static final int PASS = 3 * KC;
    /**
     * The most floats of C (a rectangle of it, one thread's) that run one depth block a pass: there C stays in L2
     * between passes, and a pass's strip of B stays in L1 across the strips of A (mlp's 128 x 784 x 256 under
     * {@code -XX:UseAVX=2}: epochs 5% slower with three blocks a pass; at 512 bits, a harness, 142-147 GFLOP/s
     * against 135-138 for that product alone).
     */
    static final long C_IN_CACHE = 1L << 18;
    // a block of A (MC x PASS floats, 576 KB at 512 bits) and the strip of B that runs over it (PASS x NR, 144 KB)
    // share the 1 MB L2; the block of B (PASS x NC, 4.5 MB) is read from L3. At 512 bits 128 rows (16 strips): 96
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

    // packing buffers, one pair per thread, reused across calls
    private static final ThreadLocal<float[]> PACKED_A = ThreadLocal.withInitial(() -> new float[(MC + MR) * PASS]);
    private static final ThreadLocal<float[]> PACKED_B = ThreadLocal.withInitial(() -> new float[PASS * NC]);

    private VectorGemm() {
    }

    /** {@code C[i0:i1, j0:j1] = op(A)[i0:i1, :] op(B)[:, j0:j1]}. */
    static void tile(MatrixProduct p, int i0, int i1, int j0, int j1) {
        float[] c = p.c();
        int n = p.n();
        int k = p.k();
        float[] ap = PACKED_A.get();
        float[] bp = PACKED_B.get();
        // the tile of one depth block (t), and the running sum of the blocks (sum)
        float[] t = new float[MR * NR];
        float[] sum = new float[MR * NR];
        int depth = MatrixProduct.depthBlock(k);
        // several depth blocks a pass only where C's rectangle is too big to stay in cache between passes
        int pass = (long) (i1 - i0) * (j1 - j0) > C_IN_CACHE ? Math.max(1, PASS / depth) * depth : depth;
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += pass) {
                int kp = Math.min(pass, k - pc);
                // B(p, j) is b[p * n + j], or b[j * k + p] when transposed
                PanelPacking.pack(p.b(), p.transB() ? k : n, !p.transB(), jc, nc, pc, kp, NR, bp, 0);
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    // A(i, p) is a[i * k + p], or a[p * m + i] when transposed; the rows past the last whole
                    // strip are packed, and run, on the narrowest tile that holds them (mlp's 128 = 10 x 12 + 8)
                    int last = lastWidth(mc % MR);
                    int narrow = last < MR ? mc % MR : 0;
                    int whole = mc - narrow;
                    int lda = p.transA() ? p.m() : k;
                    PanelPacking.pack(p.a(), lda, p.transA(), ic, whole, pc, kp, MR, ap, 0);
                    PanelPacking.pack(p.a(), lda, p.transA(), ic + whole, narrow, pc, kp, last, ap, whole * kp);
                    for (int jr = 0; jr < nc; jr += NR) {
                        for (int ir = 0; ir < mc; ir += MR) {
                            int width = ir < whole ? MR : last;
                            int co = (ic + ir) * n + jc + jr;
                            int tileRows = Math.min(width, mc - ir);
                            int tileCols = Math.min(NR, nc - jr);
                            // the pass's depth blocks one after another, each one fma chain from zero added to the
                            // sum of the blocks before it: after the first pass, that sum starts as C (the earlier
                            // passes)
                            boolean fromC = pc > 0;
                            if (fromC) {
                                moveTile(c, co, n, sum, 0, NR, tileRows, tileCols);
                            }
                            for (int q = 0; q < kp; q += depth) {
                                boolean add = fromC || q > 0;
                                kernel(width, ap, ir * kp + q * width, bp, jr * kp + q * NR, Math.min(depth, kp - q),
                                        add ? t : sum);
                                if (add) {
                                    addInto(sum, t, width * NR);
                                }
                            }
                            moveTile(sum, 0, NR, c, co, n, tileRows, tileCols);
                        }
                    }
                }
            }
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

    /** The tile of the strip at {@code ap[ao]}, {@code width} (12, 8 or 4) rows wide, into t. */
    private static void kernel(int width, float[] ap, int ao, float[] bp, int bo, int kc, float[] t) {
        if (width == 12) {
            MicroKernels.rows12(ap, ao, bp, bo, kc, t);
        } else if (width == 8) {
            MicroKernels.rows8(ap, ao, bp, bo, kc, t);
        } else {
            MicroKernels.rows4(ap, ao, bp, bo, kc, t);
        }
    }

    /** {@code sum[i] = sum[i] + t[i]} for {@code i < len} (a multiple of L). */
    private static void addInto(float[] sum, float[] t, int len) {
        for (int i = 0; i < len; i += L) {
            FloatVector.fromArray(S, sum, i).add(FloatVector.fromArray(S, t, i)).intoArray(sum, i);
        }
    }

    /**
     * Copies the {@code rows x cols} part of a tile that lies inside C between C and {@code t}: {@code to[tile] =
     * from[tile]}, rows {@code ldFrom} and {@code ldTo} floats apart ({@code NR} in t, {@code n} in C).
     */
    private static void moveTile(float[] from, int fo, int ldFrom, float[] to, int too, int ldTo, int rows,
            int cols) {
        if (cols == NR) {
            for (int r = 0; r < rows; r++) {
                FloatVector.fromArray(S, from, fo + r * ldFrom).intoArray(to, too + r * ldTo);
                FloatVector.fromArray(S, from, fo + r * ldFrom + L).intoArray(to, too + r * ldTo + L);
            }
            return;
        }
        movePartialTile(from, fo, ldFrom, to, too, ldTo, rows, cols);
    }

    /**
     * {@link #moveTile} for the last, partial column strip: its own method, so that moveTile stays small enough for
     * C2 to inline into the loop of {@link #tile} (with both paths in one method it did not, and products of small
     * depth, such as 400 x 32 x 196, ran 7% slower).
     */
    private static void movePartialTile(float[] from, int fo, int ldFrom, float[] to, int too, int ldTo, int rows,
            int cols) {
        if (!MASKED_EDGE) {
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < cols; j++) {
                    to[too + r * ldTo + j] = from[fo + r * ldFrom + j];
                }
            }
            return;
        }
        // masked vectors, so that nothing of C past column j1 is touched
        VectorMask<Float> lowMask = S.indexInRange(0, cols);
        VectorMask<Float> highMask = S.indexInRange(L, cols);
        for (int r = 0; r < rows; r++) {
            int f = fo + r * ldFrom;
            int d = too + r * ldTo;
            FloatVector.fromArray(S, from, f, lowMask).intoArray(to, d, lowMask);
            FloatVector.fromArray(S, from, f + L, highMask).intoArray(to, d + L, highMask);
        }
    }
}

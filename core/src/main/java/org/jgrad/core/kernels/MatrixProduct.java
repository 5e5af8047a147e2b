package org.jgrad.core.kernels;

/**
 * The operands of one float32 matrix product {@code C = op(A) op(B)} (C is m x n row-major, {@code op(A)} m x k,
 * {@code op(B)} k x n), and the plan that runs it: matrix-vector shapes and {@code A B^T} with few columns on
 * {@code dots}/{@code axpy}, everything else in rectangles of C on {@link Kernels#gemmTile}, split across threads
 * when the product is large.
 *
 * @param a A, stored m x k, or k x m when {@code transA}
 * @param b B, stored k x n, or n x k when {@code transB}
 * @param c C, m x n, overwritten
 */
public record MatrixProduct(float[] a, boolean transA, float[] b, boolean transB, float[] c, int m, int k, int n) {
    /** The most depth (rows of op(B)) one block of the product spans. */
    static final int KC = 384;
    /**
     * The most depth one block of a {@linkplain #large() large} product spans: its strips of A stay in L1 (12 x 512
     * floats, 24 KB) and its blocks of B in L2 (512 x 512 floats, 1 MB), and C, which no cache holds, is read and
     * written once a block: 1024^3 in two blocks of 512 instead of three of 342, 2048^3 in four instead of six. An
     * Intel Xeon at 512 bits, a harness, three JVMs each way alternating (medians of ten products each, with
     * {@code VectorGemm}'s one-pass addition into C): 1024^3 175-180 GFLOP/s against 171-173 on one thread,
     * 2048^3 174-178 against 168-173; on two threads 2048^3 374-379 against 336-340, 1024^3 alike (315-322).
     */
    static final int KC_LARGE = 512;
    /**
     * The most floats of C a product may have and still run in {@link VectorGemm}'s order for small products
     * (C in L2 between depth blocks, each strip of B in L1 across the strips of A: mlp's 128 x 784 x 256 at 142-147
     * GFLOP/s at 512 bits against 135-138 with the passes of three depth blocks that this replaced, and epochs 5%
     * faster under {@code -XX:UseAVX=2}); a larger C runs in the order for large ones, with the deeper blocks of
     * {@link #KC_LARGE}.
     */
    static final long C_IN_CACHE = 1L << 18;
    /** Products {@code A B^T} with fewer columns than this run as dot products (one vector-kernel strip is 16). */
    private static final int DOTS_BELOW = 16;
    /** A thread of the tiled product gets at least this many floating-point operations: about 40 us of work. */
    private static final long MIN_TILED_FLOPS_PER_THREAD = 1L << 22;

    public MatrixProduct {
        long needA = (long) m * k;
        long needB = (long) k * n;
        long needC = (long) m * n;
        if (m < 0 || k < 0 || n < 0 || a.length < needA || b.length < needB || c.length < needC) {
            throw new IllegalArgumentException("matmul: (" + m + "x" + k + ") @ (" + k + "x" + n + ") needs arrays of "
                    + needA + ", " + needB + " and " + needC + " floats, got " + a.length + ", " + b.length + " and "
                    + c.length);
        }
    }

    /**
     * Whether C has more than {@link #C_IN_CACHE} floats. Decided on the whole product, not on a thread's part of
     * it, so that its depth blocks, and so every element's bits, do not depend on the number of threads.
     */
    boolean large() {
        return (long) m * n > C_IN_CACHE;
    }

    /**
     * The depth of each block: k split into {@code ceil(k / KC)} equal blocks (784 = 262 + 262 + 260, not 384 + 384
     * + 16: no short block of poor register reuse), or {@code ceil(k / KC_LARGE)} for a {@linkplain #large() large}
     * product. Both kernels block the depth alike, so that every element of C is the same sum in the same order at
     * every vector width: an fma chain from 0 over each block, the blocks added left to right.
     */
    int depthBlock() {
        int most = large() ? KC_LARGE : KC;
        int blocks = (k + most - 1) / most;
        return (k + blocks - 1) / blocks;
    }

    /** {@code op(A)[i, p]}. */
    public float aAt(int i, int p) {
        return transA ? a[p * m + i] : a[i * k + p];
    }

    /** {@code op(B)[p, j]}. */
    public float bAt(int p, int j) {
        return transB ? b[j * k + p] : b[p * n + j];
    }

    /** Runs the product on {@code kernels}. */
    static void multiply(Kernels kernels, MatrixProduct p) {
        int m = p.m;
        int n = p.n;
        int k = p.k;
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            kernels.fill(p.c, 0, 0f, m * n);
            return;
        }
        int parts = Parallel.worthSplitting(2L * m * n * k);
        if (!p.transA && (n == 1 || p.transB && n < DOTS_BELOW)) {
            // rows of A and columns of op(B) both contiguous (a column of B always is when n = 1): C[i, j] is the
            // dot product A[i,:] . op(B)[:,j]. For a few columns this beats the tiled product, which would pad them
            // to a whole strip (mlp's 256 -> 10 output layer: 40 -> 28-35 us)
            int split = Math.min(parts, m);
            Parallel.forEach(split, part -> {
                for (int i = Parallel.start(m, split, part), end = Parallel.start(m, split, part + 1); i < end; i++) {
                    kernels.dots(p.a, i * k, p.b, 0, n, k, p.c, i * n);
                }
            });
            return;
        }
        if (n == 1) {
            // A stored transposed (k x m): C = sum_p b[p] A[p,:], rows of A streamed once, each thread owning a
            // slice of C
            int split = Math.min(parts, Math.max(1, m / 64));
            Parallel.forEach(split, part -> {
                int i0 = Parallel.start(m, split, part);
                int len = Parallel.start(m, split, part + 1) - i0;
                kernels.fill(p.c, i0, 0f, len);
                for (int q = 0; q < k; q++) {
                    kernels.axpy(p.b[q], p.a, q * m + i0, p.c, i0, len);
                }
            });
            return;
        }
        // the tiled product runs about 100 GFLOP/s on one core, so a part must have millions of FMAs to pay for
        // its hand-off (mlp's 128 x 10 x 256 products stay on one thread)
        parts = Parallel.worthSplitting(2L * m * n * k, MIN_TILED_FLOPS_PER_THREAD);
        // small products by rows unless they are wide. Large ones by rows where each part keeps 1024 rows or more
        // (each block of B it packs then serves that many rows of A), else by columns unless there are few: a
        // thread's half of 1024^3 ran alone (one thread, a harness) at 173-188 GFLOP/s as 1024 x 512 and 164-168
        // as 512 x 1024, and 1024^3 on two threads at 346-378 by columns against 288-310 by rows; 2048^3 on two
        // threads by rows 381-393 against 344-362
        boolean byRows = p.large() ? m / parts >= 1024 || n < 512 : m >= n || n < 64;
        if (byRows) {
            int split = Math.min(parts, Math.max(1, m / 16));
            Parallel.forEach(split, part -> kernels.gemmTile(p, Parallel.start(m, split, part),
                    Parallel.start(m, split, part + 1), 0, n));
        } else {
            int split = Math.min(parts, Math.max(1, n / 32));
            Parallel.forEach(split, part -> kernels.gemmTile(p, 0, m, Parallel.start(n, split, part),
                    Parallel.start(n, split, part + 1)));
        }
    }
}

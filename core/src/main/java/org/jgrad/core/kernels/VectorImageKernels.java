package org.jgrad.core.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ImageKernels} on the Vector API, at the width of {@link VectorWidth}. Each output element is computed by
 * the operations the scalar kernels name, in their order, in one lane: the bits do not depend on the width.
 * Instantiated only through {@link ImageKernels#get()}.
 */
final class VectorImageKernels implements ImageKernels {
    private static final VectorSpecies<Float> S = VectorWidth.FLOATS;
    private static final int L = S.length();
    private static final VectorSpecies<Integer> I = VectorWidth.INTS;
    // index vectors of two-vector selects (index i < L takes lane i of the first vector, L + i lane i of the second),
    // on int lanes: the floats' bits move as ints (reinterpreted, no instruction), one select a result where
    // rearrange(shuffle, v) of floats compiled to two permutes and a blend
    /** Lane k takes lane 2k of the two vectors laid end to end (the even columns of a row), or 2k + 1. */
    private static final IntVector EVEN = indices(k -> 2 * k);
    private static final IntVector ODD = indices(k -> 2 * k + 1);
    /** Lanes 2k and 2k + 1 take lane k of the first vector and of the second (the first halves zipped), or k + L/2. */
    private static final IntVector ZIP_LOW = indices(k -> k % 2 * L + k / 2);
    private static final IntVector ZIP_HIGH = indices(k -> k % 2 * L + L / 2 + k / 2);
    /** {@link #winogradInput8}'s coefficients, as vectors made once. */
    private static final FloatVector IN8_A = FloatVector.broadcast(S, 5.25f);
    private static final FloatVector IN8_B = FloatVector.broadcast(S, -4.25f);
    private static final FloatVector IN8_C = FloatVector.broadcast(S, 0.25f);
    private static final FloatVector IN8_D = FloatVector.broadcast(S, -1.25f);
    private static final FloatVector IN8_E = FloatVector.broadcast(S, 0.5f);
    private static final FloatVector IN8_F = FloatVector.broadcast(S, -2.5f);
    private static final FloatVector IN8_G = FloatVector.broadcast(S, 4f);
    private static final FloatVector IN8_H = FloatVector.broadcast(S, -5f);
    private static final FloatVector IN8_I = FloatVector.broadcast(S, 2f);
    private static final int[] TWICE_LANE = new int[L];
    private static final ImageKernels SCALAR = new ScalarImageKernels();

    static {
        for (int k = 0; k < L; k++) {
            TWICE_LANE[k] = 2 * k;
        }
    }

    /** The index vector whose lane k is {@code lane(k)}. */
    private static IntVector indices(java.util.function.IntUnaryOperator lane) {
        int[] v = new int[L];
        for (int k = 0; k < L; k++) {
            v[k] = lane.applyAsInt(k);
        }
        return IntVector.fromArray(I, v, 0);
    }

    /** Lanes of a vector at {@code s[a]} that lie inside s: all of them, except near its end. */
    private static FloatVector load(float[] s, int a) {
        return a + L <= s.length ? FloatVector.fromArray(S, s, a)
                : FloatVector.fromArray(S, s, a, S.indexInRange(a, s.length));
    }

    @Override
    public void copyRuns(float[] s, int sOff, int sStep, float[] d, int dOff, int rows, int n) {
        ScalarImageKernels.requireSlack("copyRuns: d", d.length, dOff + rows * n);
        int bound = S.loopBound(n);
        for (int r = 0; r < rows; r++) {
            int a = sOff + r * sStep;
            int b = dOff + r * n;
            int t = 0;
            for (; t < bound; t += L) {
                FloatVector.fromArray(S, s, a + t).intoArray(d, b + t);
            }
            if (t < n) {
                // a whole vector: its lanes past the run land on the next run's place, written after this one
                load(s, a + t).intoArray(d, b + t);
            }
        }
    }

    /**
     * Blocks of L x L transposed in registers ({@link PanelPacking#transposeBlock}, at 256 and 512 bits) straight into
     * dst; a block of fewer than L rows goes through a scratch block and masked stores, unless its extra lanes land
     * where a later row is written. A block whose loads would leave src (past a partial block's rows or columns,
     * which are read and thrown away) runs as the scalar loop. The cnn's second layer, 64 images of 16 channels
     * channels last: 29-34 us at 512 bits (60-63 through a scratch block, 107-120 as a scalar loop); its 32 channels
     * of products back to planes 66-90 us (129-133, 220-290). At 256 bits, where an 8 x 8 block is not much faster
     * than the scalar loop, about even.
     */
    @Override
    public void transpose(float[] src, int sOff, int sStep, int sNext, float[] dst, int dOff, int dStep, int dNext,
            int rows, int cols, int count, float[] bias, float[] scratch) {
        if (!PanelPacking.REGISTER_TRANSPOSE) {
            SCALAR.transpose(src, sOff, sStep, sNext, dst, dOff, dStep, dNext, rows, cols, count, bias, null);
            return;
        }
        // rows of fewer than L values laid end to end in dst (the cnn's 14-pixel rows of an image plane), at least
        // half a vector long: the whole vectors of row n land their extra lanes on the first values of row n + 1,
        // which are written after them
        boolean spill = rows < L && dNext == rows && 2 * rows >= L;
        for (int n = 0; n < count; n++) {
            boolean whole = spill && n + 1 < count;
            for (int i0 = 0; i0 < rows; i0 += L) {
                int in = Math.min(L, rows - i0);
                VectorMask<Float> inside = S.indexInRange(0, in);
                for (int j0 = 0; j0 < cols; j0 += L) {
                    int from = sOff + n * sNext + i0 * sStep + j0;
                    int to = dOff + n * dNext + j0 * dStep + i0;
                    int jn = Math.min(L, cols - j0);
                    if (from + (L - 1) * sStep + L > src.length) {
                        SCALAR.transpose(src, from, sStep, 0, dst, to, dStep, 0, in, jn, 1,
                                bias == null ? null : java.util.Arrays.copyOfRange(bias, j0, j0 + jn), null);
                    } else if (in == L || whole) {
                        PanelPacking.transposeBlock(src, sStep, from, dst, to, dStep, jn);
                        if (bias != null) {
                            for (int j = 0; j < jn; j++) {
                                int at = to + j * dStep;
                                FloatVector.fromArray(S, dst, at).add(bias[j0 + j]).intoArray(dst, at);
                            }
                        }
                    } else {
                        // through the scratch block: each run masked, with its column's bias added on the way
                        PanelPacking.transposeBlock(src, sStep, from, scratch);
                        if (bias == null) {
                            for (int j = 0; j < jn; j++) {
                                FloatVector.fromArray(S, scratch, j * L).intoArray(dst, to + j * dStep, inside);
                            }
                        } else {
                            for (int j = 0; j < jn; j++) {
                                FloatVector.fromArray(S, scratch, j * L).add(bias[j0 + j])
                                        .intoArray(dst, to + j * dStep, inside);
                            }
                        }
                    }
                }
            }
        }
    }

    // a run shorter than a vector (the benchmark's 14-float rows) is one masked vector: a scalar loop cost 4-5 ns a
    // run, 2.7 ms against 0.5 for the benchmark's 64 images
    @Override
    public void addBlock(float[] s, int sOff, int sStep, float[] d, int dOff, int dStep, int rows, int n) {
        int bound = S.loopBound(n);
        VectorMask<Float> tail = S.indexInRange(bound, n);
        for (int r = 0; r < rows; r++) {
            int a = sOff + r * sStep;
            int b = dOff + r * dStep;
            for (int t = 0; t < bound; t += L) {
                FloatVector.fromArray(S, s, a + t).add(FloatVector.fromArray(S, d, b + t)).intoArray(d, b + t);
            }
            if (bound < n) {
                FloatVector.fromArray(S, s, a + bound, tail).add(FloatVector.fromArray(S, d, b + bound, tail))
                        .intoArray(d, b + bound, tail);
            }
        }
    }

    // The Winograd kernels run whole vectors only: their caller pads its channels to a multiple of lanes(). Masked
    // tails kept C2 from intrinsifying these methods (a 2x slower epoch with masked loads and stores).

    /**
     * Throws, naming {@code op}, unless {@code width} is a whole number of pairs of vectors (weightRows' and
     * weightPlane's columns).
     */
    private static void requirePairs(String op, int width) {
        if (width % (2 * L) != 0) {
            throw new IllegalArgumentException(op + ": expected a width that is a multiple of " + 2 * L + ", got "
                    + width);
        }
    }

    /** Throws unless {@code lanes} is a whole number of vectors. */
    private static void requireWhole(int lanes) {
        if (lanes % L != 0) {
            throw new IllegalArgumentException("Winograd kernels: expected a multiple of " + L + " lanes, got "
                    + lanes);
        }
    }

    @Override
    public void winogradInput(float[] in, int inOff, int inRow, int inCol, float[] out, int outOff, int outRow,
            int outCol, int lanes, float[] scratch) {
        requireWhole(lanes);
        for (int c = 0; c < lanes; c += L) {
            for (int a = 0; a < 6; a++) {
                input6(in, inOff + a * inRow + c, inCol, scratch, a * 6 * L, L);
            }
            for (int j = 0; j < 6; j++) {
                input6(scratch, j * L, 6 * L, out, outOff + j * outCol + c, outRow);
            }
        }
    }

    @Override
    public void winogradOutput(float[] in, int inOff, int inRow, int inCol, float[] out, int outOff, int outRow,
            int outCol, int lanes, float[] scratch) {
        requireWhole(lanes);
        for (int c = 0; c < lanes; c += L) {
            for (int a = 0; a < 6; a++) {
                output6(in, inOff + a * inRow + c, inCol, scratch, a * 2 * L, L);
            }
            for (int j = 0; j < 2; j++) {
                output6(scratch, j * L, 2 * L, out, outOff + j * outCol + c, outRow);
            }
        }
    }

    @Override
    public void winogradGradient(float[] in, int inOff, int inRow, int inCol, float[] out, int outOff, int outRow,
            int outCol, int lanes, float[] scratch) {
        requireWhole(lanes);
        for (int c = 0; c < lanes; c += L) {
            for (int a = 0; a < 2; a++) {
                gradient6(in, inOff + a * inRow + c, inCol, scratch, a * 6 * L, L);
            }
            for (int j = 0; j < 6; j++) {
                gradient6(scratch, j * L, 6 * L, out, outOff + j * outCol + c, outRow);
            }
        }
    }

    @Override
    public void winogradInput8(float[] in, int inOff, int inRow, int inCol, float[] out, int outOff, int outRow,
            int outCol, int lanes, float[] scratch) {
        requireWhole(lanes);
        for (int c = 0; c < lanes; c += L) {
            // the eight rows into scratch, then its eight columns into out: sixteen 1-D transforms (ScalarImageKernels'
            // input8, lane by lane), written out in two loops so that scratch's strides are constants in their
            // addresses: 0.19-0.20 against 0.21 ms for a batch's 64 images of 16 channels with one loop that chose its
            // arrays and strides for each of the sixteen passes (a harness; the same code moves about 25% from JVM
            // to JVM). As a method of its own
            // (463 bytes of bytecode) C2 called the transform sixteen times a tile instead of inlining it: 240-320 ns
            // a tile of 16 channels against 205-230
            for (int p = 0; p < 8; p++) {
                int at = inOff + p * inRow + c;
                int to = p * 8 * L;
                FloatVector d0 = FloatVector.fromArray(S, in, at);
                FloatVector d1 = FloatVector.fromArray(S, in, at + inCol);
                FloatVector d2 = FloatVector.fromArray(S, in, at + 2 * inCol);
                FloatVector d3 = FloatVector.fromArray(S, in, at + 3 * inCol);
                FloatVector d4 = FloatVector.fromArray(S, in, at + 4 * inCol);
                FloatVector d5 = FloatVector.fromArray(S, in, at + 5 * inCol);
                FloatVector d6 = FloatVector.fromArray(S, in, at + 6 * inCol);
                FloatVector d7 = FloatVector.fromArray(S, in, at + 7 * inCol);
                d4.sub(d2).fma(IN8_A, d0.sub(d6)).intoArray(scratch, to);
                FloatVector t1 = d4.fma(IN8_B, d2.add(d6));
                FloatVector t2 = d3.fma(IN8_B, d1.add(d5));
                t1.add(t2).intoArray(scratch, to + L);
                t1.sub(t2).intoArray(scratch, to + 2 * L);
                FloatVector t3 = d2.fma(IN8_C, d4.fma(IN8_D, d6));
                FloatVector t4 = d1.fma(IN8_E, d3.fma(IN8_F, d5.add(d5)));
                t3.add(t4).intoArray(scratch, to + 3 * L);
                t3.sub(t4).intoArray(scratch, to + 4 * L);
                FloatVector t5 = d2.fma(IN8_G, d4.fma(IN8_H, d6));
                FloatVector t6 = d1.fma(IN8_I, d3.fma(IN8_F, d5.mul(IN8_E)));
                t5.add(t6).intoArray(scratch, to + 5 * L);
                t5.sub(t6).intoArray(scratch, to + 6 * L);
                d3.sub(d5).fma(IN8_A, d7.sub(d1)).intoArray(scratch, to + 7 * L);
            }
            for (int p = 0; p < 8; p++) {
                int at = p * L;
                int to = outOff + p * outCol + c;
                FloatVector d0 = FloatVector.fromArray(S, scratch, at);
                FloatVector d1 = FloatVector.fromArray(S, scratch, at + 8 * L);
                FloatVector d2 = FloatVector.fromArray(S, scratch, at + 2 * 8 * L);
                FloatVector d3 = FloatVector.fromArray(S, scratch, at + 3 * 8 * L);
                FloatVector d4 = FloatVector.fromArray(S, scratch, at + 4 * 8 * L);
                FloatVector d5 = FloatVector.fromArray(S, scratch, at + 5 * 8 * L);
                FloatVector d6 = FloatVector.fromArray(S, scratch, at + 6 * 8 * L);
                FloatVector d7 = FloatVector.fromArray(S, scratch, at + 7 * 8 * L);
                d4.sub(d2).fma(IN8_A, d0.sub(d6)).intoArray(out, to);
                FloatVector t1 = d4.fma(IN8_B, d2.add(d6));
                FloatVector t2 = d3.fma(IN8_B, d1.add(d5));
                t1.add(t2).intoArray(out, to + outRow);
                t1.sub(t2).intoArray(out, to + 2 * outRow);
                FloatVector t3 = d2.fma(IN8_C, d4.fma(IN8_D, d6));
                FloatVector t4 = d1.fma(IN8_E, d3.fma(IN8_F, d5.add(d5)));
                t3.add(t4).intoArray(out, to + 3 * outRow);
                t3.sub(t4).intoArray(out, to + 4 * outRow);
                FloatVector t5 = d2.fma(IN8_G, d4.fma(IN8_H, d6));
                FloatVector t6 = d1.fma(IN8_I, d3.fma(IN8_F, d5.mul(IN8_E)));
                t5.add(t6).intoArray(out, to + 5 * outRow);
                t5.sub(t6).intoArray(out, to + 6 * outRow);
                d3.sub(d5).fma(IN8_A, d7.sub(d1)).intoArray(out, to + 7 * outRow);
            }
        }
    }

    @Override
    public void winogradOutput8(float[] in, int inOff, int inRow, int inCol, float[] out, int outOff, int outRow,
            int outCol, int lanes, float[] scratch) {
        requireWhole(lanes);
        for (int c = 0; c < lanes; c += L) {
            for (int a = 0; a < 8; a++) {
                output8(in, inOff + a * inRow + c, inCol, scratch, a * 4 * L, L);
            }
            for (int j = 0; j < 4; j++) {
                output8(scratch, j * L, 4 * L, out, outOff + j * outCol + c, outRow);
            }
        }
    }

    @Override
    public void winogradGradient8(float[] in, int inOff, int inRow, int inCol, float[] out, int outOff, int outRow,
            int outCol, int lanes, float[] scratch) {
        requireWhole(lanes);
        for (int c = 0; c < lanes; c += L) {
            for (int a = 0; a < 4; a++) {
                gradient8(in, inOff + a * inRow + c, inCol, scratch, a * 8 * L, L);
            }
            for (int j = 0; j < 8; j++) {
                gradient8(scratch, j * L, 8 * L, out, outOff + j * outCol + c, outRow);
            }
        }
    }

    /** {@link ScalarImageKernels}'s 1-D output transform of eight values into four, lane by lane. */
    private static void output8(float[] s, int at, int step, float[] d, int to, int dStep) {
        FloatVector m0 = FloatVector.fromArray(S, s, at);
        FloatVector m1 = FloatVector.fromArray(S, s, at + step);
        FloatVector m2 = FloatVector.fromArray(S, s, at + 2 * step);
        FloatVector m3 = FloatVector.fromArray(S, s, at + 3 * step);
        FloatVector m4 = FloatVector.fromArray(S, s, at + 4 * step);
        FloatVector m5 = FloatVector.fromArray(S, s, at + 5 * step);
        FloatVector m6 = FloatVector.fromArray(S, s, at + 6 * step);
        FloatVector m7 = FloatVector.fromArray(S, s, at + 7 * step);
        FloatVector s12 = m1.add(m2);
        FloatVector d12 = m1.sub(m2);
        FloatVector s34 = m3.add(m4);
        FloatVector d34 = m3.sub(m4);
        FloatVector s56 = m5.add(m6);
        FloatVector d56 = m5.sub(m6);
        m0.add(s12).add(s34).add(s56).intoArray(d, to);
        d34.fma(FloatVector.broadcast(S, 2f), d56.fma(FloatVector.broadcast(S, 0.5f), d12)).intoArray(d, to + dStep);
        s34.fma(FloatVector.broadcast(S, 4f), s56.fma(FloatVector.broadcast(S, 0.25f), s12))
                .intoArray(d, to + 2 * dStep);
        d34.fma(FloatVector.broadcast(S, 8f), d56.fma(FloatVector.broadcast(S, 0.125f), d12)).add(m7)
                .intoArray(d, to + 3 * dStep);
    }

    /** {@link ScalarImageKernels}'s 1-D output-gradient transform of four values into eight, lane by lane. */
    private static void gradient8(float[] s, int at, int step, float[] d, int to, int dStep) {
        FloatVector e0 = FloatVector.fromArray(S, s, at);
        FloatVector e1 = FloatVector.fromArray(S, s, at + step);
        FloatVector e2 = FloatVector.fromArray(S, s, at + 2 * step);
        FloatVector e3 = FloatVector.fromArray(S, s, at + 3 * step);
        FloatVector p = e0.add(e2);
        FloatVector q = e1.add(e3);
        FloatVector p2 = e2.fma(FloatVector.broadcast(S, 4f), e0);
        FloatVector q2 = e3.fma(FloatVector.broadcast(S, 8f), e1.add(e1));
        FloatVector p3 = e2.fma(FloatVector.broadcast(S, 0.25f), e0);
        FloatVector q3 = e3.fma(FloatVector.broadcast(S, 0.125f), e1.mul(FloatVector.broadcast(S, 0.5f)));
        e0.intoArray(d, to);
        p.add(q).intoArray(d, to + dStep);
        p.sub(q).intoArray(d, to + 2 * dStep);
        p2.add(q2).intoArray(d, to + 3 * dStep);
        p2.sub(q2).intoArray(d, to + 4 * dStep);
        p3.add(q3).intoArray(d, to + 5 * dStep);
        p3.sub(q3).intoArray(d, to + 6 * dStep);
        e3.intoArray(d, to + 7 * dStep);
    }

    /** {@link ScalarImageKernels}'s 1-D input transform, lane by lane. */
    private static void input6(float[] s, int at, int step, float[] d, int to, int dStep) {
        FloatVector d0 = FloatVector.fromArray(S, s, at);
        FloatVector d1 = FloatVector.fromArray(S, s, at + step);
        FloatVector d2 = FloatVector.fromArray(S, s, at + 2 * step);
        FloatVector d3 = FloatVector.fromArray(S, s, at + 3 * step);
        FloatVector d4 = FloatVector.fromArray(S, s, at + 4 * step);
        FloatVector d5 = FloatVector.fromArray(S, s, at + 5 * step);
        FloatVector d31 = d3.sub(d1);
        FloatVector d42 = d4.sub(d2);
        d0.fma(FloatVector.broadcast(S, 4f), d2.fma(FloatVector.broadcast(S, -5f), d4)).intoArray(d, to);
        d1.add(d2).fma(FloatVector.broadcast(S, 4f), d3.add(d4).neg()).intoArray(d, to + dStep);
        d2.sub(d1).fma(FloatVector.broadcast(S, 4f), d3.sub(d4)).intoArray(d, to + 2 * dStep);
        d31.fma(FloatVector.broadcast(S, 2f), d42).intoArray(d, to + 3 * dStep);
        d31.fma(FloatVector.broadcast(S, -2f), d42).intoArray(d, to + 4 * dStep);
        d1.fma(FloatVector.broadcast(S, 4f), d3.fma(FloatVector.broadcast(S, -5f), d5)).intoArray(d, to + 5 * dStep);
    }

    /** {@link ScalarImageKernels}'s 1-D output transform, lane by lane. */
    private static void output6(float[] s, int at, int step, float[] d, int to, int dStep) {
        FloatVector m0 = FloatVector.fromArray(S, s, at);
        FloatVector m1 = FloatVector.fromArray(S, s, at + step);
        FloatVector m2 = FloatVector.fromArray(S, s, at + 2 * step);
        FloatVector m3 = FloatVector.fromArray(S, s, at + 3 * step);
        FloatVector m4 = FloatVector.fromArray(S, s, at + 4 * step);
        FloatVector m5 = FloatVector.fromArray(S, s, at + 5 * step);
        m0.add(m1.add(m2)).add(m3.add(m4)).intoArray(d, to);
        m3.sub(m4).fma(FloatVector.broadcast(S, 2f), m1.sub(m2)).add(m5).intoArray(d, to + dStep);
    }

    /** {@link ScalarImageKernels}'s 1-D output-gradient transform, lane by lane. */
    private static void gradient6(float[] s, int at, int step, float[] d, int to, int dStep) {
        FloatVector e0 = FloatVector.fromArray(S, s, at);
        FloatVector e1 = FloatVector.fromArray(S, s, at + step);
        e0.intoArray(d, to);
        e0.add(e1).intoArray(d, to + dStep);
        e0.sub(e1).intoArray(d, to + 2 * dStep);
        e1.fma(FloatVector.broadcast(S, 2f), e0).intoArray(d, to + 3 * dStep);
        e1.fma(FloatVector.broadcast(S, -2f), e0).intoArray(d, to + 4 * dStep);
        e1.intoArray(d, to + 5 * dStep);
    }

    // Both products are sums over k of a[at + r rowStep + k kStep] b[bt + k bStep + lanes] for rows r: tileProducts
    // walks a tile's row of v (rows one vector apart in each run of L channels, k along the row and on to the next
    // run), tileGradients a column of v (rows 1 apart, k down the column, one vector apart). Eight rows, and two
    // vectors of columns where there are two: sixteen accumulators in flight (with four, the fma latency held these
    // kernels to about one fma a cycle).
    @Override
    public void tileProducts(float[] v, int block, float[] u, float[] out, int blocks, int rows, int used, int depth,
            int cols) {
        requireWhole(cols);
        if (block != L) {
            SCALAR.tileProducts(v, block, u, out, blocks, rows, used, depth, cols);
            return;
        }
        int position = Math.ceilDiv(depth, L) * rows * L;
        int run = rows * L;
        int whole = used / 8 * 8;
        for (int b = 0; b < blocks; b++) {
            int t = 0;
            if (L >= 16 && cols == L) {
                // one vector of columns (the cnn's input gradient, 16 channels at 512 bits): sixteen rows at a time,
                // sixteen accumulators where eight rows have eight
                for (; t + 16 <= whole; t += 16) {
                    tile16(v, b * position + t * L, run, u, b * depth * cols, cols, depth, out,
                            (b * rows + t) * cols, cols);
                }
            }
            for (; t < whole; t += 8) {
                int o = 0;
                for (; o + 2 * L <= cols; o += 2 * L) {
                    if (L >= 16) {
                        tile8x2(v, b * position + t * L, run, u, b * depth * cols + o, cols, depth, out,
                                (b * rows + t) * cols + o, cols);
                    } else {
                        // 16 accumulators and three more vectors do not fit AVX2's 16 registers: two halves of 4 rows
                        tile4x2(v, b * position + t * L, run, u, b * depth * cols + o, cols, depth, out,
                                (b * rows + t) * cols + o, cols);
                        tile4x2(v, b * position + (t + 4) * L, run, u, b * depth * cols + o, cols, depth, out,
                                (b * rows + t + 4) * cols + o, cols);
                    }
                }
                for (; o < cols; o += L) {
                    tile8(v, b * position + t * L, run, u, b * depth * cols + o, cols, depth, out,
                            (b * rows + t) * cols + o, cols);
                }
            }
        }
        // the rows past the last eight (the benchmark's 49 tiles leave one): one row of eight positions at a time,
        // eight chains in flight where one row alone had one (fma-latency bound, 8% of the products' time)
        for (int t = whole; t < used; t++) {
            int b = 0;
            for (; b + 8 <= blocks; b += 8) {
                for (int o = 0; o < cols; o += L) {
                    across8(v, b * position + t * L, position, run, u, b * depth * cols + o, depth * cols, cols,
                            depth, out, (b * rows + t) * cols + o, rows * cols);
                }
            }
            for (; b < blocks; b++) {
                for (int o = 0; o < cols; o += L) {
                    FloatVector acc = FloatVector.zero(S);
                    for (int c = 0; c < depth; c++) {
                        acc = FloatVector.broadcast(S, v[b * position + c / L * run + t * L + c % L])
                                .fma(FloatVector.fromArray(S, u, (b * depth + c) * cols + o), acc);
                    }
                    acc.intoArray(out, (b * rows + t) * cols + o);
                }
            }
        }
    }

    /**
     * Eight rows of {@link #tileProducts} from eight positions, each its own matrix:
     * {@code out[to + j outStep] = chain over q < k of fma(a[at + j aStep + q / L run + q % L], b[bt + j bStep + q
     * bRow], .)} from 0, for {@code j < 8}, one vector of columns.
     */
    private static void across8(float[] a, int at, int aStep, int run, float[] b, int bt, int bStep, int bRow, int k,
            float[] out, int to, int outStep) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        for (int q = 0; q < k; q++) {
            int r = at + q / L * run + q % L;
            int c = bt + q * bRow;
            a0 = FloatVector.broadcast(S, a[r]).fma(FloatVector.fromArray(S, b, c), a0);
            a1 = FloatVector.broadcast(S, a[r + aStep]).fma(FloatVector.fromArray(S, b, c + bStep), a1);
            a2 = FloatVector.broadcast(S, a[r + 2 * aStep]).fma(FloatVector.fromArray(S, b, c + 2 * bStep), a2);
            a3 = FloatVector.broadcast(S, a[r + 3 * aStep]).fma(FloatVector.fromArray(S, b, c + 3 * bStep), a3);
            a4 = FloatVector.broadcast(S, a[r + 4 * aStep]).fma(FloatVector.fromArray(S, b, c + 4 * bStep), a4);
            a5 = FloatVector.broadcast(S, a[r + 5 * aStep]).fma(FloatVector.fromArray(S, b, c + 5 * bStep), a5);
            a6 = FloatVector.broadcast(S, a[r + 6 * aStep]).fma(FloatVector.fromArray(S, b, c + 6 * bStep), a6);
            a7 = FloatVector.broadcast(S, a[r + 7 * aStep]).fma(FloatVector.fromArray(S, b, c + 7 * bStep), a7);
        }
        a0.intoArray(out, to);
        a1.intoArray(out, to + outStep);
        a2.intoArray(out, to + 2 * outStep);
        a3.intoArray(out, to + 3 * outStep);
        a4.intoArray(out, to + 4 * outStep);
        a5.intoArray(out, to + 5 * outStep);
        a6.intoArray(out, to + 6 * outStep);
        a7.intoArray(out, to + 7 * outStep);
    }

    @Override
    public void tileGradients(float[] v, int block, float[] d, float[] out, int blocks, int rows, int used, int left,
            int cols, boolean add) {
        requireWhole(cols);
        if (block != L) {
            SCALAR.tileGradients(v, block, d, out, blocks, rows, used, left, cols, add);
            return;
        }
        // eight channels at a time, never across a run of L (at 128 bits, four)
        int step = Math.min(8, L);
        for (int b = 0; b < blocks; b++) {
            for (int c = 0; c < left; c += step) {
                int count = Math.min(step, left - c);
                for (int t = 0; t < used; t += GRADIENT_BLOCK) {
                    sums(v, ImageKernels.tileIndex(b, t, c, rows, left, L), d, (b * rows + t) * cols, cols,
                            Math.min(GRADIENT_BLOCK, used - t), out, (b * left + c) * cols, cols, count, cols,
                            add || t > 0);
                }
            }
        }
    }

    @Override
    public void weightRows(float[] dy, int dyOff, int dyStep, float[] in, int inOff, int inStep, int rows, int kw,
            float[] acc, int accOff, int width) {
        requirePairs("weightRows", width);
        for (int x = 0; x < width; x += 2 * L) {
            if (kw == 5) {
                weightRows5(dy, dyOff + x, dyStep, in, inOff + x, inStep, rows, acc, accOff + x, width);
            } else {
                for (int j = 0; j < kw; j++) {
                    int at = accOff + j * width + x;
                    FloatVector a0 = FloatVector.fromArray(S, acc, at);
                    FloatVector a1 = FloatVector.fromArray(S, acc, at + L);
                    for (int r = 0; r < rows; r++) {
                        int d = dyOff + r * dyStep + x;
                        int i = inOff + r * inStep + x + j;
                        a0 = FloatVector.fromArray(S, dy, d).fma(FloatVector.fromArray(S, in, i), a0);
                        a1 = FloatVector.fromArray(S, dy, d + L).fma(FloatVector.fromArray(S, in, i + L), a1);
                    }
                    a0.intoArray(acc, at);
                    a1.intoArray(acc, at + L);
                }
            }
        }
    }

    // The first layer's weight gradient for all five kernel rows of a 5 x 5 kernel at once, at 512 bits: input row R
    // is loaded once (five shifted vectors) for the five dy rows R - r that meet it, instead of once per kernel row
    // as weightRows5 has it. 25 chains in registers (kernel row r, column j) plus five x vectors and one of dy: 31 of
    // the 32 zmm registers, so only where there are 32 (AVX-512). With 16 (AVX2), kernel rows go two at a time
    // (pair5: each input row loaded once for two of them) and the fifth through weightRows.
    @Override
    public void weightPlane(float[] dy, int dyOff, int dyStep, float[] in, int inOff, int inStep, int outH, int kh,
            int kw, float[] acc, int accOff, int width) {
        if (kh != 5 || kw != 5) {
            ImageKernels.super.weightPlane(dy, dyOff, dyStep, in, inOff, inStep, outH, kh, kw, acc, accOff, width);
            return;
        }
        requirePairs("weightPlane", width);
        if (L >= 16) {
            for (int x = 0; x < width; x += L) {
                plane5(dy, dyOff + x, dyStep, in, inOff + x, inStep, outH, acc, accOff + x, width);
            }
            return;
        }
        for (int x = 0; x < width; x += L) {
            pair5(dy, dyOff + x, dyStep, in, inOff + x, inStep, outH, 0, acc, accOff + x, width);
            pair5(dy, dyOff + x, dyStep, in, inOff + x, inStep, outH, 2, acc, accOff + x, width);
        }
        weightRows(dy, dyOff, dyStep, in, inOff + 4 * inStep, inStep, outH, 5, acc, accOff + 20 * width, width);
    }

    /**
     * {@link #weightPlane}'s kernel rows {@code r0} and {@code r0 + 1} of a 5 x 5 kernel for one vector of columns,
     * below 512 bits: input row {@code r0 + y} meets dy row y for kernel row r0 and dy row {@code y - 1} for kernel
     * row {@code r0 + 1}, so each of its five shifted vectors feeds two chains (ten in registers, with two dy vectors
     * and one x vector: 13 of AVX2's 16 registers) where {@link #weightRows5} loads it once per kernel row. The first
     * and the last input row feed one kernel row each. The same chains in the same order as {@link #plane5}.
     */
    private static void pair5(float[] dy, int dyOff, int dyStep, float[] in, int inOff, int inStep, int outH, int r0,
            float[] acc, int at, int width) {
        if (outH == 0) {
            return;
        }
        int top = at + 5 * r0 * width;
        FloatVector a0 = FloatVector.fromArray(S, acc, top);
        FloatVector a1 = FloatVector.fromArray(S, acc, top + width);
        FloatVector a2 = FloatVector.fromArray(S, acc, top + 2 * width);
        FloatVector a3 = FloatVector.fromArray(S, acc, top + 3 * width);
        FloatVector a4 = FloatVector.fromArray(S, acc, top + 4 * width);
        FloatVector b0 = FloatVector.fromArray(S, acc, top + 5 * width);
        FloatVector b1 = FloatVector.fromArray(S, acc, top + 6 * width);
        FloatVector b2 = FloatVector.fromArray(S, acc, top + 7 * width);
        FloatVector b3 = FloatVector.fromArray(S, acc, top + 8 * width);
        FloatVector b4 = FloatVector.fromArray(S, acc, top + 9 * width);
        // input row r0: dy row 0, kernel row r0 only
        int i = inOff + r0 * inStep;
        FloatVector e = FloatVector.fromArray(S, dy, dyOff);
        a0 = e.fma(FloatVector.fromArray(S, in, i), a0);
        a1 = e.fma(FloatVector.fromArray(S, in, i + 1), a1);
        a2 = e.fma(FloatVector.fromArray(S, in, i + 2), a2);
        a3 = e.fma(FloatVector.fromArray(S, in, i + 3), a3);
        a4 = e.fma(FloatVector.fromArray(S, in, i + 4), a4);
        for (int y = 1; y < outH; y++) {
            int row = inOff + (r0 + y) * inStep;
            int d = dyOff + y * dyStep;
            FloatVector e0 = FloatVector.fromArray(S, dy, d);
            FloatVector e1 = FloatVector.fromArray(S, dy, d - dyStep);
            FloatVector x = FloatVector.fromArray(S, in, row);
            a0 = e0.fma(x, a0);
            b0 = e1.fma(x, b0);
            x = FloatVector.fromArray(S, in, row + 1);
            a1 = e0.fma(x, a1);
            b1 = e1.fma(x, b1);
            x = FloatVector.fromArray(S, in, row + 2);
            a2 = e0.fma(x, a2);
            b2 = e1.fma(x, b2);
            x = FloatVector.fromArray(S, in, row + 3);
            a3 = e0.fma(x, a3);
            b3 = e1.fma(x, b3);
            x = FloatVector.fromArray(S, in, row + 4);
            a4 = e0.fma(x, a4);
            b4 = e1.fma(x, b4);
        }
        // input row r0 + outH: dy row outH - 1, kernel row r0 + 1 only
        i = inOff + (r0 + outH) * inStep;
        e = FloatVector.fromArray(S, dy, dyOff + (outH - 1) * dyStep);
        b0 = e.fma(FloatVector.fromArray(S, in, i), b0);
        b1 = e.fma(FloatVector.fromArray(S, in, i + 1), b1);
        b2 = e.fma(FloatVector.fromArray(S, in, i + 2), b2);
        b3 = e.fma(FloatVector.fromArray(S, in, i + 3), b3);
        b4 = e.fma(FloatVector.fromArray(S, in, i + 4), b4);
        a0.intoArray(acc, top);
        a1.intoArray(acc, top + width);
        a2.intoArray(acc, top + 2 * width);
        a3.intoArray(acc, top + 3 * width);
        a4.intoArray(acc, top + 4 * width);
        b0.intoArray(acc, top + 5 * width);
        b1.intoArray(acc, top + 6 * width);
        b2.intoArray(acc, top + 7 * width);
        b3.intoArray(acc, top + 8 * width);
        b4.intoArray(acc, top + 9 * width);
    }

    /**
     * {@link #weightPlane} for one vector of columns: chain (r, j) continues in {@code acc[at + (5 r + j) width]}
     * with {@code fma(dy[dyOff + y dyStep], in[inOff + (y + r) inStep + j], .)} for y from 0 to outH - 1, in order.
     */
    private static void plane5(float[] dy, int dyOff, int dyStep, float[] in, int inOff, int inStep, int outH,
            float[] acc, int at, int width) {
        FloatVector a00 = FloatVector.fromArray(S, acc, at + 0 * width);
        FloatVector a01 = FloatVector.fromArray(S, acc, at + 1 * width);
        FloatVector a02 = FloatVector.fromArray(S, acc, at + 2 * width);
        FloatVector a03 = FloatVector.fromArray(S, acc, at + 3 * width);
        FloatVector a04 = FloatVector.fromArray(S, acc, at + 4 * width);
        FloatVector a10 = FloatVector.fromArray(S, acc, at + 5 * width);
        FloatVector a11 = FloatVector.fromArray(S, acc, at + 6 * width);
        FloatVector a12 = FloatVector.fromArray(S, acc, at + 7 * width);
        FloatVector a13 = FloatVector.fromArray(S, acc, at + 8 * width);
        FloatVector a14 = FloatVector.fromArray(S, acc, at + 9 * width);
        FloatVector a20 = FloatVector.fromArray(S, acc, at + 10 * width);
        FloatVector a21 = FloatVector.fromArray(S, acc, at + 11 * width);
        FloatVector a22 = FloatVector.fromArray(S, acc, at + 12 * width);
        FloatVector a23 = FloatVector.fromArray(S, acc, at + 13 * width);
        FloatVector a24 = FloatVector.fromArray(S, acc, at + 14 * width);
        FloatVector a30 = FloatVector.fromArray(S, acc, at + 15 * width);
        FloatVector a31 = FloatVector.fromArray(S, acc, at + 16 * width);
        FloatVector a32 = FloatVector.fromArray(S, acc, at + 17 * width);
        FloatVector a33 = FloatVector.fromArray(S, acc, at + 18 * width);
        FloatVector a34 = FloatVector.fromArray(S, acc, at + 19 * width);
        FloatVector a40 = FloatVector.fromArray(S, acc, at + 20 * width);
        FloatVector a41 = FloatVector.fromArray(S, acc, at + 21 * width);
        FloatVector a42 = FloatVector.fromArray(S, acc, at + 22 * width);
        FloatVector a43 = FloatVector.fromArray(S, acc, at + 23 * width);
        FloatVector a44 = FloatVector.fromArray(S, acc, at + 24 * width);
        for (int row = 0; row < outH + 4; row++) {
            int i = inOff + row * inStep;
            FloatVector x0 = FloatVector.fromArray(S, in, i);
            FloatVector x1 = FloatVector.fromArray(S, in, i + 1);
            FloatVector x2 = FloatVector.fromArray(S, in, i + 2);
            FloatVector x3 = FloatVector.fromArray(S, in, i + 3);
            FloatVector x4 = FloatVector.fromArray(S, in, i + 4);
            int d = dyOff + row * dyStep;
            if (row < outH) {
                FloatVector e = FloatVector.fromArray(S, dy, d);
                a00 = e.fma(x0, a00);
                a01 = e.fma(x1, a01);
                a02 = e.fma(x2, a02);
                a03 = e.fma(x3, a03);
                a04 = e.fma(x4, a04);
            }
            if (row >= 1 && row - 1 < outH) {
                FloatVector e = FloatVector.fromArray(S, dy, d - dyStep);
                a10 = e.fma(x0, a10);
                a11 = e.fma(x1, a11);
                a12 = e.fma(x2, a12);
                a13 = e.fma(x3, a13);
                a14 = e.fma(x4, a14);
            }
            if (row >= 2 && row - 2 < outH) {
                FloatVector e = FloatVector.fromArray(S, dy, d - 2 * dyStep);
                a20 = e.fma(x0, a20);
                a21 = e.fma(x1, a21);
                a22 = e.fma(x2, a22);
                a23 = e.fma(x3, a23);
                a24 = e.fma(x4, a24);
            }
            if (row >= 3 && row - 3 < outH) {
                FloatVector e = FloatVector.fromArray(S, dy, d - 3 * dyStep);
                a30 = e.fma(x0, a30);
                a31 = e.fma(x1, a31);
                a32 = e.fma(x2, a32);
                a33 = e.fma(x3, a33);
                a34 = e.fma(x4, a34);
            }
            if (row >= 4 && row - 4 < outH) {
                FloatVector e = FloatVector.fromArray(S, dy, d - 4 * dyStep);
                a40 = e.fma(x0, a40);
                a41 = e.fma(x1, a41);
                a42 = e.fma(x2, a42);
                a43 = e.fma(x3, a43);
                a44 = e.fma(x4, a44);
            }
        }
        a00.intoArray(acc, at + 0 * width);
        a01.intoArray(acc, at + 1 * width);
        a02.intoArray(acc, at + 2 * width);
        a03.intoArray(acc, at + 3 * width);
        a04.intoArray(acc, at + 4 * width);
        a10.intoArray(acc, at + 5 * width);
        a11.intoArray(acc, at + 6 * width);
        a12.intoArray(acc, at + 7 * width);
        a13.intoArray(acc, at + 8 * width);
        a14.intoArray(acc, at + 9 * width);
        a20.intoArray(acc, at + 10 * width);
        a21.intoArray(acc, at + 11 * width);
        a22.intoArray(acc, at + 12 * width);
        a23.intoArray(acc, at + 13 * width);
        a24.intoArray(acc, at + 14 * width);
        a30.intoArray(acc, at + 15 * width);
        a31.intoArray(acc, at + 16 * width);
        a32.intoArray(acc, at + 17 * width);
        a33.intoArray(acc, at + 18 * width);
        a34.intoArray(acc, at + 19 * width);
        a40.intoArray(acc, at + 20 * width);
        a41.intoArray(acc, at + 21 * width);
        a42.intoArray(acc, at + 22 * width);
        a43.intoArray(acc, at + 23 * width);
        a44.intoArray(acc, at + 24 * width);
    }

    /**
     * {@link #weightRows} for a 5-column kernel and one pair of vectors of x: ten chains in registers, each row of dy
     * read once for all five columns (the loads and stores written out, as in {@link #rows8x2}).
     */
    private static void weightRows5(float[] dy, int dyOff, int dyStep, float[] in, int inOff, int inStep, int rows,
            float[] acc, int at, int width) {
        FloatVector a00 = FloatVector.fromArray(S, acc, at);
        FloatVector a01 = FloatVector.fromArray(S, acc, at + L);
        FloatVector a10 = FloatVector.fromArray(S, acc, at + width);
        FloatVector a11 = FloatVector.fromArray(S, acc, at + width + L);
        FloatVector a20 = FloatVector.fromArray(S, acc, at + 2 * width);
        FloatVector a21 = FloatVector.fromArray(S, acc, at + 2 * width + L);
        FloatVector a30 = FloatVector.fromArray(S, acc, at + 3 * width);
        FloatVector a31 = FloatVector.fromArray(S, acc, at + 3 * width + L);
        FloatVector a40 = FloatVector.fromArray(S, acc, at + 4 * width);
        FloatVector a41 = FloatVector.fromArray(S, acc, at + 4 * width + L);
        for (int r = 0; r < rows; r++) {
            int d = dyOff + r * dyStep;
            int i = inOff + r * inStep;
            FloatVector d0 = FloatVector.fromArray(S, dy, d);
            FloatVector d1 = FloatVector.fromArray(S, dy, d + L);
            a00 = d0.fma(FloatVector.fromArray(S, in, i), a00);
            a01 = d1.fma(FloatVector.fromArray(S, in, i + L), a01);
            a10 = d0.fma(FloatVector.fromArray(S, in, i + 1), a10);
            a11 = d1.fma(FloatVector.fromArray(S, in, i + 1 + L), a11);
            a20 = d0.fma(FloatVector.fromArray(S, in, i + 2), a20);
            a21 = d1.fma(FloatVector.fromArray(S, in, i + 2 + L), a21);
            a30 = d0.fma(FloatVector.fromArray(S, in, i + 3), a30);
            a31 = d1.fma(FloatVector.fromArray(S, in, i + 3 + L), a31);
            a40 = d0.fma(FloatVector.fromArray(S, in, i + 4), a40);
            a41 = d1.fma(FloatVector.fromArray(S, in, i + 4 + L), a41);
        }
        a00.intoArray(acc, at);
        a01.intoArray(acc, at + L);
        a10.intoArray(acc, at + width);
        a11.intoArray(acc, at + width + L);
        a20.intoArray(acc, at + 2 * width);
        a21.intoArray(acc, at + 2 * width + L);
        a30.intoArray(acc, at + 3 * width);
        a31.intoArray(acc, at + 3 * width + L);
        a40.intoArray(acc, at + 4 * width);
        a41.intoArray(acc, at + 4 * width + L);
    }

    @Override
    public int lanes() {
        return L;
    }

    /**
     * {@code out[to + r outStep + o] = chain over q < k of fma(a[at + r + q L], b[bt + q bStep + o], .)} from 0 (added
     * to what out holds when {@code add}), for {@code r < count} (at most 8) and the whole vectors of columns
     * {@code o < bound}: {@link #tileGradients}' rows are channels, one apart, and its k runs down a run of channels,
     * one vector apart. Both strides are constants in the kernels' addresses, as {@link #tile8x2}'s (a harness over
     * the cnn's weight gradient, depth 32 tiles: 163 against 119 GFLOP/s with the strides passed in).
     */
    private static void sums(float[] a, int at, float[] b, int bt, int bStep, int k, float[] out, int to, int outStep,
            int count, int bound, boolean add) {
        int o = 0;
        if (count == 8) {
            for (; o + 2 * L <= bound; o += 2 * L) {
                if (L >= 16) {
                    rows8x2(a, at, b, bt + o, bStep, k, out, to + o, outStep, add);
                } else {
                    // 16 accumulators and three more vectors do not fit AVX2's 16 registers: two halves of 4 rows
                    rows4x2(a, at, b, bt + o, bStep, k, out, to + o, outStep, add);
                    rows4x2(a, at + 4, b, bt + o, bStep, k, out, to + o + 4 * outStep, outStep, add);
                }
            }
            for (; o < bound; o += L) {
                rows8(a, at, b, bt + o, bStep, k, out, to + o, outStep, add);
            }
            return;
        }
        for (int r = 0; r < count; r++) {
            for (int c = 0; c < bound; c += L) {
                FloatVector acc = FloatVector.zero(S);
                for (int q = 0; q < k; q++) {
                    acc = FloatVector.broadcast(S, a[at + r + q * L])
                            .fma(FloatVector.fromArray(S, b, bt + q * bStep + c), acc);
                }
                if (add) {
                    FloatVector.fromArray(S, out, to + r * outStep + c).add(acc).intoArray(out, to + r * outStep + c);
                } else {
                    acc.intoArray(out, to + r * outStep + c);
                }
            }
        }
    }

    /** {@link #sums} for eight rows and two vectors of columns. */
    private static void rows8x2(float[] a, int at, float[] b, int bt, int bStep, int k, float[] out, int to,
            int outStep, boolean add) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        FloatVector b2 = a0;
        FloatVector b3 = a0;
        FloatVector b4 = a0;
        FloatVector b5 = a0;
        FloatVector b6 = a0;
        FloatVector b7 = a0;
        for (int q = 0; q < k; q++) {
            FloatVector x = FloatVector.fromArray(S, b, bt + q * bStep);
            FloatVector y = FloatVector.fromArray(S, b, bt + q * bStep + L);
            int r = at + q * L;
            FloatVector e = FloatVector.broadcast(S, a[r]);
            a0 = e.fma(x, a0);
            b0 = e.fma(y, b0);
            e = FloatVector.broadcast(S, a[r + 1]);
            a1 = e.fma(x, a1);
            b1 = e.fma(y, b1);
            e = FloatVector.broadcast(S, a[r + 2]);
            a2 = e.fma(x, a2);
            b2 = e.fma(y, b2);
            e = FloatVector.broadcast(S, a[r + 3]);
            a3 = e.fma(x, a3);
            b3 = e.fma(y, b3);
            e = FloatVector.broadcast(S, a[r + 4]);
            a4 = e.fma(x, a4);
            b4 = e.fma(y, b4);
            e = FloatVector.broadcast(S, a[r + 5]);
            a5 = e.fma(x, a5);
            b5 = e.fma(y, b5);
            e = FloatVector.broadcast(S, a[r + 6]);
            a6 = e.fma(x, a6);
            b6 = e.fma(y, b6);
            e = FloatVector.broadcast(S, a[r + 7]);
            a7 = e.fma(x, a7);
            b7 = e.fma(y, b7);
        }
        // the stores written out twice, not through a helper taking the vector: C2 may leave such a call out of
        // line and box the vector
        if (add) {
            FloatVector.fromArray(S, out, to).add(a0).intoArray(out, to);
            FloatVector.fromArray(S, out, to + L).add(b0).intoArray(out, to + L);
            FloatVector.fromArray(S, out, to + outStep).add(a1).intoArray(out, to + outStep);
            FloatVector.fromArray(S, out, to + outStep + L).add(b1).intoArray(out, to + outStep + L);
            FloatVector.fromArray(S, out, to + 2 * outStep).add(a2).intoArray(out, to + 2 * outStep);
            FloatVector.fromArray(S, out, to + 2 * outStep + L).add(b2).intoArray(out, to + 2 * outStep + L);
            FloatVector.fromArray(S, out, to + 3 * outStep).add(a3).intoArray(out, to + 3 * outStep);
            FloatVector.fromArray(S, out, to + 3 * outStep + L).add(b3).intoArray(out, to + 3 * outStep + L);
            FloatVector.fromArray(S, out, to + 4 * outStep).add(a4).intoArray(out, to + 4 * outStep);
            FloatVector.fromArray(S, out, to + 4 * outStep + L).add(b4).intoArray(out, to + 4 * outStep + L);
            FloatVector.fromArray(S, out, to + 5 * outStep).add(a5).intoArray(out, to + 5 * outStep);
            FloatVector.fromArray(S, out, to + 5 * outStep + L).add(b5).intoArray(out, to + 5 * outStep + L);
            FloatVector.fromArray(S, out, to + 6 * outStep).add(a6).intoArray(out, to + 6 * outStep);
            FloatVector.fromArray(S, out, to + 6 * outStep + L).add(b6).intoArray(out, to + 6 * outStep + L);
            FloatVector.fromArray(S, out, to + 7 * outStep).add(a7).intoArray(out, to + 7 * outStep);
            FloatVector.fromArray(S, out, to + 7 * outStep + L).add(b7).intoArray(out, to + 7 * outStep + L);
        } else {
            a0.intoArray(out, to);
            b0.intoArray(out, to + L);
            a1.intoArray(out, to + outStep);
            b1.intoArray(out, to + outStep + L);
            a2.intoArray(out, to + 2 * outStep);
            b2.intoArray(out, to + 2 * outStep + L);
            a3.intoArray(out, to + 3 * outStep);
            b3.intoArray(out, to + 3 * outStep + L);
            a4.intoArray(out, to + 4 * outStep);
            b4.intoArray(out, to + 4 * outStep + L);
            a5.intoArray(out, to + 5 * outStep);
            b5.intoArray(out, to + 5 * outStep + L);
            a6.intoArray(out, to + 6 * outStep);
            b6.intoArray(out, to + 6 * outStep + L);
            a7.intoArray(out, to + 7 * outStep);
            b7.intoArray(out, to + 7 * outStep + L);
        }
    }

    /**
     * {@link #sums} for four rows and two vectors of columns, below 512 bits: eight accumulators, two vectors of b and
     * a broadcast fit the 16 registers of AVX2, where {@link #rows8x2}'s nineteen spilled (conv2's three Winograd
     * products at 256 bits, see docs/performance-log.md).
     */
    private static void rows4x2(float[] a, int at, float[] b, int bt, int bStep, int k, float[] out, int to,
            int outStep, boolean add) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        FloatVector b2 = a0;
        FloatVector b3 = a0;
        for (int q = 0; q < k; q++) {
            FloatVector x = FloatVector.fromArray(S, b, bt + q * bStep);
            FloatVector y = FloatVector.fromArray(S, b, bt + q * bStep + L);
            int r = at + q * L;
            FloatVector e = FloatVector.broadcast(S, a[r]);
            a0 = e.fma(x, a0);
            b0 = e.fma(y, b0);
            e = FloatVector.broadcast(S, a[r + 1]);
            a1 = e.fma(x, a1);
            b1 = e.fma(y, b1);
            e = FloatVector.broadcast(S, a[r + 2]);
            a2 = e.fma(x, a2);
            b2 = e.fma(y, b2);
            e = FloatVector.broadcast(S, a[r + 3]);
            a3 = e.fma(x, a3);
            b3 = e.fma(y, b3);
        }
        if (add) {
            FloatVector.fromArray(S, out, to).add(a0).intoArray(out, to);
            FloatVector.fromArray(S, out, to + L).add(b0).intoArray(out, to + L);
            FloatVector.fromArray(S, out, to + outStep).add(a1).intoArray(out, to + outStep);
            FloatVector.fromArray(S, out, to + outStep + L).add(b1).intoArray(out, to + outStep + L);
            FloatVector.fromArray(S, out, to + 2 * outStep).add(a2).intoArray(out, to + 2 * outStep);
            FloatVector.fromArray(S, out, to + 2 * outStep + L).add(b2).intoArray(out, to + 2 * outStep + L);
            FloatVector.fromArray(S, out, to + 3 * outStep).add(a3).intoArray(out, to + 3 * outStep);
            FloatVector.fromArray(S, out, to + 3 * outStep + L).add(b3).intoArray(out, to + 3 * outStep + L);
        } else {
            a0.intoArray(out, to);
            b0.intoArray(out, to + L);
            a1.intoArray(out, to + outStep);
            b1.intoArray(out, to + outStep + L);
            a2.intoArray(out, to + 2 * outStep);
            b2.intoArray(out, to + 2 * outStep + L);
            a3.intoArray(out, to + 3 * outStep);
            b3.intoArray(out, to + 3 * outStep + L);
        }
    }

    /**
     * Eight rows of {@link #tileProducts} and two vectors of columns: {@code out[to + r outStep + o] = chain over
     * q < k of fma(a[at + q / L run + r L + q % L], b[bt + q bStep + o], .)} from 0, for {@code r < 8} and
     * {@code o < 2L}. The rows of each run of L channels lie one vector apart, a constant in every address.
     */
    private static void tile8x2(float[] a, int at, int run, float[] b, int bt, int bStep, int k, float[] out, int to,
            int outStep) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        FloatVector b2 = a0;
        FloatVector b3 = a0;
        FloatVector b4 = a0;
        FloatVector b5 = a0;
        FloatVector b6 = a0;
        FloatVector b7 = a0;
        for (int c0 = 0; c0 < k; c0 += L) {
            int base = at + c0 / L * run;
            int bb = bt + c0 * bStep;
            for (int q = 0; q < Math.min(L, k - c0); q++) {
                FloatVector x = FloatVector.fromArray(S, b, bb + q * bStep);
                FloatVector y = FloatVector.fromArray(S, b, bb + q * bStep + L);
                int r = base + q;
                FloatVector e0 = FloatVector.broadcast(S, a[r]);
                a0 = e0.fma(x, a0);
                b0 = e0.fma(y, b0);
                FloatVector e1 = FloatVector.broadcast(S, a[r + L]);
                a1 = e1.fma(x, a1);
                b1 = e1.fma(y, b1);
                FloatVector e2 = FloatVector.broadcast(S, a[r + 2 * L]);
                a2 = e2.fma(x, a2);
                b2 = e2.fma(y, b2);
                FloatVector e3 = FloatVector.broadcast(S, a[r + 3 * L]);
                a3 = e3.fma(x, a3);
                b3 = e3.fma(y, b3);
                FloatVector e4 = FloatVector.broadcast(S, a[r + 4 * L]);
                a4 = e4.fma(x, a4);
                b4 = e4.fma(y, b4);
                FloatVector e5 = FloatVector.broadcast(S, a[r + 5 * L]);
                a5 = e5.fma(x, a5);
                b5 = e5.fma(y, b5);
                FloatVector e6 = FloatVector.broadcast(S, a[r + 6 * L]);
                a6 = e6.fma(x, a6);
                b6 = e6.fma(y, b6);
                FloatVector e7 = FloatVector.broadcast(S, a[r + 7 * L]);
                a7 = e7.fma(x, a7);
                b7 = e7.fma(y, b7);
            }
        }
        a0.intoArray(out, to);
        b0.intoArray(out, to + L);
        a1.intoArray(out, to + outStep);
        b1.intoArray(out, to + outStep + L);
        a2.intoArray(out, to + 2 * outStep);
        b2.intoArray(out, to + 2 * outStep + L);
        a3.intoArray(out, to + 3 * outStep);
        b3.intoArray(out, to + 3 * outStep + L);
        a4.intoArray(out, to + 4 * outStep);
        b4.intoArray(out, to + 4 * outStep + L);
        a5.intoArray(out, to + 5 * outStep);
        b5.intoArray(out, to + 5 * outStep + L);
        a6.intoArray(out, to + 6 * outStep);
        b6.intoArray(out, to + 6 * outStep + L);
        a7.intoArray(out, to + 7 * outStep);
        b7.intoArray(out, to + 7 * outStep + L);
    }

    /**
     * {@link #tile8x2} for four rows, below 512 bits: eight accumulators, two vectors of b and a broadcast fit the
     * 16 registers of AVX2.
     */
    private static void tile4x2(float[] a, int at, int run, float[] b, int bt, int bStep, int k, float[] out, int to,
            int outStep) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        FloatVector b2 = a0;
        FloatVector b3 = a0;
        for (int c0 = 0; c0 < k; c0 += L) {
            int base = at + c0 / L * run;
            int bb = bt + c0 * bStep;
            for (int q = 0; q < Math.min(L, k - c0); q++) {
                FloatVector x = FloatVector.fromArray(S, b, bb + q * bStep);
                FloatVector y = FloatVector.fromArray(S, b, bb + q * bStep + L);
                int r = base + q;
                FloatVector e0 = FloatVector.broadcast(S, a[r]);
                a0 = e0.fma(x, a0);
                b0 = e0.fma(y, b0);
                FloatVector e1 = FloatVector.broadcast(S, a[r + L]);
                a1 = e1.fma(x, a1);
                b1 = e1.fma(y, b1);
                FloatVector e2 = FloatVector.broadcast(S, a[r + 2 * L]);
                a2 = e2.fma(x, a2);
                b2 = e2.fma(y, b2);
                FloatVector e3 = FloatVector.broadcast(S, a[r + 3 * L]);
                a3 = e3.fma(x, a3);
                b3 = e3.fma(y, b3);
            }
        }
        a0.intoArray(out, to);
        b0.intoArray(out, to + L);
        a1.intoArray(out, to + outStep);
        b1.intoArray(out, to + outStep + L);
        a2.intoArray(out, to + 2 * outStep);
        b2.intoArray(out, to + 2 * outStep + L);
        a3.intoArray(out, to + 3 * outStep);
        b3.intoArray(out, to + 3 * outStep + L);
    }

    /**
     * {@link #tile8x2} for one vector of columns.
     */
    private static void tile8(float[] a, int at, int run, float[] b, int bt, int bStep, int k, float[] out, int to,
            int outStep) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        for (int c0 = 0; c0 < k; c0 += L) {
            int base = at + c0 / L * run;
            int bb = bt + c0 * bStep;
            for (int q = 0; q < Math.min(L, k - c0); q++) {
                FloatVector x = FloatVector.fromArray(S, b, bb + q * bStep);
                int r = base + q;
                a0 = FloatVector.broadcast(S, a[r]).fma(x, a0);
                a1 = FloatVector.broadcast(S, a[r + L]).fma(x, a1);
                a2 = FloatVector.broadcast(S, a[r + 2 * L]).fma(x, a2);
                a3 = FloatVector.broadcast(S, a[r + 3 * L]).fma(x, a3);
                a4 = FloatVector.broadcast(S, a[r + 4 * L]).fma(x, a4);
                a5 = FloatVector.broadcast(S, a[r + 5 * L]).fma(x, a5);
                a6 = FloatVector.broadcast(S, a[r + 6 * L]).fma(x, a6);
                a7 = FloatVector.broadcast(S, a[r + 7 * L]).fma(x, a7);
            }
        }
        a0.intoArray(out, to);
        a1.intoArray(out, to + outStep);
        a2.intoArray(out, to + 2 * outStep);
        a3.intoArray(out, to + 3 * outStep);
        a4.intoArray(out, to + 4 * outStep);
        a5.intoArray(out, to + 5 * outStep);
        a6.intoArray(out, to + 6 * outStep);
        a7.intoArray(out, to + 7 * outStep);
    }

    /**
     * Sixteen rows of {@link #tileProducts} at 512 bits, one vector of columns: {@code out[to + r outStep + lanes] =
     * chain over q < k of fma(a[at + q / L run + r L + q % L], b[bt + q bStep + lanes], .)} from 0, for
     * {@code r < 16}; each element the same fma chain as {@link #tile8}'s.
     */
    private static void tile16(float[] a, int at, int run, float[] b, int bt, int bStep, int k, float[] out, int to,
            int outStep) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        FloatVector a8 = a0;
        FloatVector a9 = a0;
        FloatVector a10 = a0;
        FloatVector a11 = a0;
        FloatVector a12 = a0;
        FloatVector a13 = a0;
        FloatVector a14 = a0;
        FloatVector a15 = a0;
        for (int c0 = 0; c0 < k; c0 += L) {
            int base = at + c0 / L * run;
            int bb = bt + c0 * bStep;
            for (int q = 0; q < Math.min(L, k - c0); q++) {
                FloatVector x = FloatVector.fromArray(S, b, bb + q * bStep);
                int r = base + q;
                a0 = FloatVector.broadcast(S, a[r]).fma(x, a0);
                a1 = FloatVector.broadcast(S, a[r + L]).fma(x, a1);
                a2 = FloatVector.broadcast(S, a[r + 2 * L]).fma(x, a2);
                a3 = FloatVector.broadcast(S, a[r + 3 * L]).fma(x, a3);
                a4 = FloatVector.broadcast(S, a[r + 4 * L]).fma(x, a4);
                a5 = FloatVector.broadcast(S, a[r + 5 * L]).fma(x, a5);
                a6 = FloatVector.broadcast(S, a[r + 6 * L]).fma(x, a6);
                a7 = FloatVector.broadcast(S, a[r + 7 * L]).fma(x, a7);
                a8 = FloatVector.broadcast(S, a[r + 8 * L]).fma(x, a8);
                a9 = FloatVector.broadcast(S, a[r + 9 * L]).fma(x, a9);
                a10 = FloatVector.broadcast(S, a[r + 10 * L]).fma(x, a10);
                a11 = FloatVector.broadcast(S, a[r + 11 * L]).fma(x, a11);
                a12 = FloatVector.broadcast(S, a[r + 12 * L]).fma(x, a12);
                a13 = FloatVector.broadcast(S, a[r + 13 * L]).fma(x, a13);
                a14 = FloatVector.broadcast(S, a[r + 14 * L]).fma(x, a14);
                a15 = FloatVector.broadcast(S, a[r + 15 * L]).fma(x, a15);
            }
        }
        a0.intoArray(out, to);
        a1.intoArray(out, to + outStep);
        a2.intoArray(out, to + 2 * outStep);
        a3.intoArray(out, to + 3 * outStep);
        a4.intoArray(out, to + 4 * outStep);
        a5.intoArray(out, to + 5 * outStep);
        a6.intoArray(out, to + 6 * outStep);
        a7.intoArray(out, to + 7 * outStep);
        a8.intoArray(out, to + 8 * outStep);
        a9.intoArray(out, to + 9 * outStep);
        a10.intoArray(out, to + 10 * outStep);
        a11.intoArray(out, to + 11 * outStep);
        a12.intoArray(out, to + 12 * outStep);
        a13.intoArray(out, to + 13 * outStep);
        a14.intoArray(out, to + 14 * outStep);
        a15.intoArray(out, to + 15 * outStep);
    }

    /** {@link #sums} for eight rows and one vector of columns. */
    private static void rows8(float[] a, int at, float[] b, int bt, int bStep, int k, float[] out, int to,
            int outStep, boolean add) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        for (int q = 0; q < k; q++) {
            FloatVector x = FloatVector.fromArray(S, b, bt + q * bStep);
            int r = at + q * L;
            a0 = FloatVector.broadcast(S, a[r]).fma(x, a0);
            a1 = FloatVector.broadcast(S, a[r + 1]).fma(x, a1);
            a2 = FloatVector.broadcast(S, a[r + 2]).fma(x, a2);
            a3 = FloatVector.broadcast(S, a[r + 3]).fma(x, a3);
            a4 = FloatVector.broadcast(S, a[r + 4]).fma(x, a4);
            a5 = FloatVector.broadcast(S, a[r + 5]).fma(x, a5);
            a6 = FloatVector.broadcast(S, a[r + 6]).fma(x, a6);
            a7 = FloatVector.broadcast(S, a[r + 7]).fma(x, a7);
        }
        // the stores written out twice, not through a helper taking the vector: C2 may leave such a call out of
        // line and box the vector
        if (add) {
            FloatVector.fromArray(S, out, to).add(a0).intoArray(out, to);
            FloatVector.fromArray(S, out, to + outStep).add(a1).intoArray(out, to + outStep);
            FloatVector.fromArray(S, out, to + 2 * outStep).add(a2).intoArray(out, to + 2 * outStep);
            FloatVector.fromArray(S, out, to + 3 * outStep).add(a3).intoArray(out, to + 3 * outStep);
            FloatVector.fromArray(S, out, to + 4 * outStep).add(a4).intoArray(out, to + 4 * outStep);
            FloatVector.fromArray(S, out, to + 5 * outStep).add(a5).intoArray(out, to + 5 * outStep);
            FloatVector.fromArray(S, out, to + 6 * outStep).add(a6).intoArray(out, to + 6 * outStep);
            FloatVector.fromArray(S, out, to + 7 * outStep).add(a7).intoArray(out, to + 7 * outStep);
        } else {
            a0.intoArray(out, to);
            a1.intoArray(out, to + outStep);
            a2.intoArray(out, to + 2 * outStep);
            a3.intoArray(out, to + 3 * outStep);
            a4.intoArray(out, to + 4 * outStep);
            a5.intoArray(out, to + 5 * outStep);
            a6.intoArray(out, to + 6 * outStep);
            a7.intoArray(out, to + 7 * outStep);
        }
    }

    @Override
    public void correlate(float[] x, int xOff, int rowStep, int[] taps, int p, float[] w, float[] bias, int co,
            float[] y, int yOff, int outH, int outW) {
        ScalarImageKernels.requireSlack("correlate: x", x.length,
                ScalarImageKernels.lastRead(xOff, rowStep, taps, p, outH, outW));
        if (L >= 16 && oneChannel5x5(taps, p, rowStep)) {
            for (int o = 0; o < co; o++) {
                for (int t = 0; t < outW; t += L) {
                    rolling5x5(x, xOff + t, rowStep, w, o * 25, bias[o], y, yOff + o * outH * outW + t, outH, outW,
                            outW - t);
                }
            }
            return;
        }
        for (int oh = 0; oh < outH; oh++) {
            int row = xOff + oh * rowStep;
            int o = 0;
            for (; o + 4 <= co; o += 4) {
                for (int t = 0; t < outW; t += 2 * L) {
                    if (t + L < outW) {
                        four2(x, row + t, taps, p, w, bias, o, y, yOff + (o * outH + oh) * outW + t, outH * outW,
                                outW - t);
                    } else {
                        for (int k = 0; k < 4; k++) {
                            one(x, row + t, taps, p, w, bias, o + k, y, yOff + ((o + k) * outH + oh) * outW + t,
                                    outW - t);
                        }
                    }
                }
            }
            for (; o < co; o++) {
                for (int t = 0; t < outW; t += L) {
                    one(x, row + t, taps, p, w, bias, o, y, yOff + (o * outH + oh) * outW + t, outW - t);
                }
            }
        }
    }

    /** Whether the taps are one input channel's 5 x 5 kernel at stride 1: {@code taps[5 i + j] = i rowStep + j}. */
    private static boolean oneChannel5x5(int[] taps, int p, int rowStep) {
        if (p != 25) {
            return false;
        }
        for (int q = 0; q < 25; q++) {
            if (taps[q] != q / 5 * rowStep + q % 5) {
                return false;
            }
        }
        return true;
    }

    // A 5 x 5 kernel over one input channel (a net's first layer) at 512 bits: the kernel's 25 weights stay in
    // registers as broadcasts, and each input row R, loaded once as five shifted vectors, feeds the five output rows
    // R - 4 ... R that it meets. Accumulator a_r holds output row R - r; after row R, a4's row is complete and
    // stored, and the others move down one (a0 starts the next row at zero). 25 weights, five accumulators and one
    // input vector are 31 of AVX-512's 32 registers; no weight is broadcast from memory in the loop, where four2
    // broadcasts four for every eight fmas. Each output is the chain of its 25 taps in the order of the kernel's rows
    // and columns from zero, then the bias, as in four2 and the scalar kernel. Rows outside the map (the first four
    // a1..a4, the last four a0..a3) are computed and never stored.
    /**
     * One output channel's plane of the one-channel 5 x 5 correlation, one vector of columns from {@code x[at]}:
     * {@code y[to + oh outW]} for each output row, {@code left} of its lanes inside the row.
     */
    private static void rolling5x5(float[] x, int at, int pitch, float[] w, int w0, float bias, float[] y, int to,
            int outH, int outW, int left) {
        FloatVector w00 = FloatVector.broadcast(S, w[w0 + 0]);
        FloatVector w01 = FloatVector.broadcast(S, w[w0 + 1]);
        FloatVector w02 = FloatVector.broadcast(S, w[w0 + 2]);
        FloatVector w03 = FloatVector.broadcast(S, w[w0 + 3]);
        FloatVector w04 = FloatVector.broadcast(S, w[w0 + 4]);
        FloatVector w10 = FloatVector.broadcast(S, w[w0 + 5]);
        FloatVector w11 = FloatVector.broadcast(S, w[w0 + 6]);
        FloatVector w12 = FloatVector.broadcast(S, w[w0 + 7]);
        FloatVector w13 = FloatVector.broadcast(S, w[w0 + 8]);
        FloatVector w14 = FloatVector.broadcast(S, w[w0 + 9]);
        FloatVector w20 = FloatVector.broadcast(S, w[w0 + 10]);
        FloatVector w21 = FloatVector.broadcast(S, w[w0 + 11]);
        FloatVector w22 = FloatVector.broadcast(S, w[w0 + 12]);
        FloatVector w23 = FloatVector.broadcast(S, w[w0 + 13]);
        FloatVector w24 = FloatVector.broadcast(S, w[w0 + 14]);
        FloatVector w30 = FloatVector.broadcast(S, w[w0 + 15]);
        FloatVector w31 = FloatVector.broadcast(S, w[w0 + 16]);
        FloatVector w32 = FloatVector.broadcast(S, w[w0 + 17]);
        FloatVector w33 = FloatVector.broadcast(S, w[w0 + 18]);
        FloatVector w34 = FloatVector.broadcast(S, w[w0 + 19]);
        FloatVector w40 = FloatVector.broadcast(S, w[w0 + 20]);
        FloatVector w41 = FloatVector.broadcast(S, w[w0 + 21]);
        FloatVector w42 = FloatVector.broadcast(S, w[w0 + 22]);
        FloatVector w43 = FloatVector.broadcast(S, w[w0 + 23]);
        FloatVector w44 = FloatVector.broadcast(S, w[w0 + 24]);
        VectorMask<Float> inRow = S.indexInRange(0, left);
        FloatVector zero = FloatVector.zero(S);
        FloatVector a0 = zero;
        FloatVector a1 = zero;
        FloatVector a2 = zero;
        FloatVector a3 = zero;
        FloatVector a4 = zero;
        for (int row = 0; row < outH + 4; row++) {
            int i = at + row * pitch;
            FloatVector x0 = FloatVector.fromArray(S, x, i);
            a0 = w00.fma(x0, a0);
            a1 = w10.fma(x0, a1);
            a2 = w20.fma(x0, a2);
            a3 = w30.fma(x0, a3);
            a4 = w40.fma(x0, a4);
            FloatVector x1 = FloatVector.fromArray(S, x, i + 1);
            a0 = w01.fma(x1, a0);
            a1 = w11.fma(x1, a1);
            a2 = w21.fma(x1, a2);
            a3 = w31.fma(x1, a3);
            a4 = w41.fma(x1, a4);
            FloatVector x2 = FloatVector.fromArray(S, x, i + 2);
            a0 = w02.fma(x2, a0);
            a1 = w12.fma(x2, a1);
            a2 = w22.fma(x2, a2);
            a3 = w32.fma(x2, a3);
            a4 = w42.fma(x2, a4);
            FloatVector x3 = FloatVector.fromArray(S, x, i + 3);
            a0 = w03.fma(x3, a0);
            a1 = w13.fma(x3, a1);
            a2 = w23.fma(x3, a2);
            a3 = w33.fma(x3, a3);
            a4 = w43.fma(x3, a4);
            FloatVector x4 = FloatVector.fromArray(S, x, i + 4);
            a0 = w04.fma(x4, a0);
            a1 = w14.fma(x4, a1);
            a2 = w24.fma(x4, a2);
            a3 = w34.fma(x4, a3);
            a4 = w44.fma(x4, a4);
            if (row >= 4) {
                if (left >= L) {
                    a4.add(bias).intoArray(y, to + (row - 4) * outW);
                } else {
                    a4.add(bias).intoArray(y, to + (row - 4) * outW, inRow);
                }
            }
            a4 = a3;
            a3 = a2;
            a2 = a1;
            a1 = a0;
            a0 = zero;
        }
    }

    /**
     * Output channels {@code o .. o + 3}, two vectors of columns from {@code y[yo]} on (planes {@code plane} apart),
     * of which the first {@code left} are inside the row (more than L).
     */
    private static void four2(float[] x, int at, int[] taps, int p, float[] w, float[] bias, int o, float[] y,
            int yo, int plane, int left) {
        FloatVector zero = FloatVector.zero(S);
        // channel k's two vectors are ck0 and ck1
        FloatVector c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero, c30 = zero, c31 = zero;
        int w0 = o * p;
        for (int q = 0; q < p; q++) {
            int a = at + taps[q];
            FloatVector x0 = FloatVector.fromArray(S, x, a);
            FloatVector x1 = FloatVector.fromArray(S, x, a + L);
            FloatVector w00 = FloatVector.broadcast(S, w[w0 + q]);
            FloatVector w10 = FloatVector.broadcast(S, w[w0 + p + q]);
            FloatVector w20 = FloatVector.broadcast(S, w[w0 + 2 * p + q]);
            FloatVector w30 = FloatVector.broadcast(S, w[w0 + 3 * p + q]);
            c00 = w00.fma(x0, c00);
            c01 = w00.fma(x1, c01);
            c10 = w10.fma(x0, c10);
            c11 = w10.fma(x1, c11);
            c20 = w20.fma(x0, c20);
            c21 = w20.fma(x1, c21);
            c30 = w30.fma(x0, c30);
            c31 = w30.fma(x1, c31);
        }
        // the stores written out, with one mask for the second vectors (all lanes when the row has 2L or more): a
        // helper taking the vectors (store2 before) was not always inlined, and then C2 boxed every vector passed
        // to it (JFR: about 700 MB of Float512Vector and float[] a cnn epoch allocated here)
        VectorMask<Float> tail = S.indexInRange(L, left);
        c00.add(bias[o]).intoArray(y, yo);
        c01.add(bias[o]).intoArray(y, yo + L, tail);
        c10.add(bias[o + 1]).intoArray(y, yo + plane);
        c11.add(bias[o + 1]).intoArray(y, yo + plane + L, tail);
        c20.add(bias[o + 2]).intoArray(y, yo + 2 * plane);
        c21.add(bias[o + 2]).intoArray(y, yo + 2 * plane + L, tail);
        c30.add(bias[o + 3]).intoArray(y, yo + 3 * plane);
        c31.add(bias[o + 3]).intoArray(y, yo + 3 * plane + L, tail);
    }

    /** Output channel {@code o}, one vector of columns from {@code y[yo]} on, of which {@code left} are in the row. */
    private static void one(float[] x, int at, int[] taps, int p, float[] w, float[] bias, int o, float[] y, int yo,
            int left) {
        FloatVector c = FloatVector.zero(S);
        int w0 = o * p;
        for (int q = 0; q < p; q++) {
            c = FloatVector.broadcast(S, w[w0 + q]).fma(FloatVector.fromArray(S, x, at + taps[q]), c);
        }
        c = c.add(bias[o]);
        if (left >= L) {
            c.intoArray(y, yo);
        } else {
            c.intoArray(y, yo, S.indexInRange(0, left));
        }
    }

    @Override
    public void maxPool2x2(float[] x, float[] y, int[] indices, int height, int width, int from, int to) {
        int outH = height / 2;
        int outW = width / 2;
        IntVector twice = IntVector.fromArray(I, TWICE_LANE, 0);
        // the end of these planes' outputs: no store goes past it, so that threads pooling other planes never race
        int end = to * outH * outW;
        // L windows at a time while their loads stay inside x and their stores before end, also where the row is
        // shorter: the lanes past it land on the next rows' outputs, which this loop writes later (pooling's maps
        // are often narrower than a vector, 14 and 7 in the cnn); then window by window. A row no wider than a vector
        // is one vector without a loop over the row: 108-112 us for either of the cnn's poolings against 202-206 with
        // the loop and masked loads and stores at its end (a harness, 64 images). The vector body is written out in
        // both loops: as a method of its own C2 did not always inline it, and some JVMs ran it at a tenth of the speed
        for (int plane = from; plane < to; plane++) {
            for (int oh = 0; oh < outH; oh++) {
                int row = plane * height * width + 2 * oh * width;
                int out = (plane * outH + oh) * outW;
                int ow = 0;
                if (outW <= L) {
                    if (row + width + 2 * L <= x.length && out + L <= end) {
                        int i0 = row;
                        int o = out;
                        FloatVector a0 = FloatVector.fromArray(S, x, i0);
                        FloatVector a1 = FloatVector.fromArray(S, x, i0 + L);
                        FloatVector b0 = FloatVector.fromArray(S, x, i0 + width);
                        FloatVector b1 = FloatVector.fromArray(S, x, i0 + width + L);
                        IntVector ai0 = a0.reinterpretAsInts();
                        IntVector ai1 = a1.reinterpretAsInts();
                        IntVector bi0 = b0.reinterpretAsInts();
                        IntVector bi1 = b1.reinterpretAsInts();
                        FloatVector v0 = EVEN.selectFrom(ai0, ai1).reinterpretAsFloats();
                        FloatVector v1 = ODD.selectFrom(ai0, ai1).reinterpretAsFloats();
                        FloatVector v2 = EVEN.selectFrom(bi0, bi1).reinterpretAsFloats();
                        FloatVector v3 = ODD.selectFrom(bi0, bi1).reinterpretAsFloats();
                        FloatVector max = v0.max(v1).max(v2.max(v3));
                        IntVector base = twice.add(i0);
                        base.add(width + 1)
                                .blend(base.add(width), v2.eq(max).cast(I))
                                .blend(base.add(1), v1.eq(max).cast(I))
                                .blend(base, v0.eq(max).cast(I))
                                .intoArray(indices, o);
                        max.intoArray(y, o);
                        if (max.test(VectorOperators.IS_NAN).anyTrue()) {
                            nanWindows(x, y, indices, i0, width, o);
                        }
                        ow = outW;
                    }
                } else {
                    for (; ow < outW && row + 2 * ow + width + 2 * L <= x.length && out + ow + L <= end; ow += L) {
                        int i0 = row + 2 * ow;
                        int o = out + ow;
                        FloatVector a0 = FloatVector.fromArray(S, x, i0);
                        FloatVector a1 = FloatVector.fromArray(S, x, i0 + L);
                        FloatVector b0 = FloatVector.fromArray(S, x, i0 + width);
                        FloatVector b1 = FloatVector.fromArray(S, x, i0 + width + L);
                        IntVector ai0 = a0.reinterpretAsInts();
                        IntVector ai1 = a1.reinterpretAsInts();
                        IntVector bi0 = b0.reinterpretAsInts();
                        IntVector bi1 = b1.reinterpretAsInts();
                        FloatVector v0 = EVEN.selectFrom(ai0, ai1).reinterpretAsFloats();
                        FloatVector v1 = ODD.selectFrom(ai0, ai1).reinterpretAsFloats();
                        FloatVector v2 = EVEN.selectFrom(bi0, bi1).reinterpretAsFloats();
                        FloatVector v3 = ODD.selectFrom(bi0, bi1).reinterpretAsFloats();
                        FloatVector max = v0.max(v1).max(v2.max(v3));
                        IntVector base = twice.add(i0);
                        base.add(width + 1)
                                .blend(base.add(width), v2.eq(max).cast(I))
                                .blend(base.add(1), v1.eq(max).cast(I))
                                .blend(base, v0.eq(max).cast(I))
                                .intoArray(indices, o);
                        max.intoArray(y, o);
                        if (max.test(VectorOperators.IS_NAN).anyTrue()) {
                            nanWindows(x, y, indices, i0, width, o);
                        }
                    }
                }
                for (; ow < outW; ow++) {
                    ScalarImageKernels.window(x, y, indices, row + 2 * ow, width, out + ow);
                }
            }
        }
    }

    // Each of dx's rows 2 oh and 2 oh + 1 in its own pass over the windows, two stores of whole vectors per L windows
    // (each window's left and right pixels zipped); lanes past the map's row land on the next row, written after
    // them. The index check (is each index in its window?) runs with the first row. The rows whose loads or stores
    // would pass the arrays' ends or the planes' last pixel are found first and run as the scalar kernel after the
    // loop: a branch to it inside the loop, taken only at the end, made C2 recompile the method after its trap into
    // code four times as slow (0.86 against 0.21 ms for the cnn's second pooling). The benchmark's first pooling:
    // one pass over dx's 3.2 MB instead of a zero fill, then a read and write of every line by the scatter
    @Override
    public boolean maxPool2x2Backward(float[] dy, int[] indices, float[] dx, int height, int width, int from,
            int to) {
        int outH = height / 2;
        int outW = width / 2;
        if (height % 2 != 0 || width % 2 != 0) {
            // the row and column no window covers: the scalar kernel's zero fill
            return SCALAR.maxPool2x2Backward(dy, indices, dx, height, width, from, to);
        }
        if (outH == 0 || outW == 0) {
            return true;
        }
        // row pair p (plane p / outH, output row p % outH) starts at dx[2 p width] and dy[p outW]
        int first = from * outH;
        int end = to * outH;
        int lastChunk = (outW - 1) / L * L;
        int byLoads = Math.floorDiv(Math.min(dy.length, indices.length) - lastChunk - L, outW) + 1;
        int byStores = Math.floorDiv(end * 2 * width - width - 2 * lastChunk - 2 * L, 2 * width) + 1;
        int vectors = Math.max(first, Math.min(end, Math.min(byLoads, byStores)));
        IntVector twice = IntVector.fromArray(I, TWICE_LANE, 0);
        FloatVector zero = FloatVector.zero(S);
        for (int p = first; p < vectors; p++) {
            int row = 2 * p * width;
            int out = p * outW;
            for (int a = 0; a < 2; a++) {
                int left = a * width;
                for (int ow = 0; ow < outW; ow += L) {
                    int o = out + ow;
                    int at = row + left + 2 * ow;
                    FloatVector g = FloatVector.fromArray(S, dy, o).add(0f);
                    IntVector off = IntVector.fromArray(I, indices, o).sub(twice.add(row + 2 * ow));
                    if (a == 0) {
                        VectorMask<Integer> inside = off.eq(0).or(off.eq(1)).or(off.eq(width)).or(off.eq(width + 1));
                        if (inside.not().and(I.indexInRange(0, outW - ow)).anyTrue()) {
                            return false;
                        }
                    }
                    FloatVector l = zero.blend(g, off.eq(left).cast(S));
                    FloatVector r = zero.blend(g, off.eq(left + 1).cast(S));
                    IntVector li = l.reinterpretAsInts();
                    IntVector ri = r.reinterpretAsInts();
                    ZIP_LOW.selectFrom(li, ri).reinterpretAsFloats().intoArray(dx, at);
                    ZIP_HIGH.selectFrom(li, ri).reinterpretAsFloats().intoArray(dx, at + L);
                }
            }
        }
        return ScalarImageKernels.windowRows(dy, indices, dx, width, vectors, end);
    }

    /**
     * The L windows from {@code x[i0]} again, window by window, where one of them has a NaN: the last NaN in row
     * order, as the scalar scan takes each NaN it meets.
     */
    private static void nanWindows(float[] x, float[] y, int[] indices, int i0, int width, int o) {
        for (int l = 0; l < L; l++) {
            ScalarImageKernels.window(x, y, indices, i0 + 2 * l, width, o + l);
        }
    }

}

package org.jgrad.core.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked inner loops of {@link VectorGemm}: {@code t = Apanel Bpanel} for one tile of C, from a packed
 * strip of A ({@code rows} values per step) and a packed strip of B (two vectors per step), over {@code kc} steps.
 *
 * <p>Each element of the tile is one fma chain from zero over the steps, in step order, whatever the tile: the
 * order {@link ScalarKernels#gemmTile} follows too, so that every tile shape and every width give the same bits.
 * The tile goes to a small array ({@code t}, row-major, {@code 2 L} wide) rather than into C: with C's loads and
 * stores in the same method C2 spilled accumulators inside the loop, and the kernel ran 3x slower.
 *
 * <p>The shapes, chosen by the register file: 4 x 2L (8 accumulators) for the 16 ymm registers of AVX2, where
 * C2 issues a step's loads before its FMAs so that accumulators plus loads must fit (6 x 16 kept 6 accumulators on
 * the stack and ran at 45 GFLOP/s against 86-93), and 12 x 2L (24 accumulators) for the 32 zmm registers of
 * AVX-512, where C2 reads each broadcast straight from memory ({@code vbroadcastss zmm, [mem]}) into one register
 * and keeps everything else in registers; 8 x 2L and 4 x 2L run a block's last rows. On an Intel Xeon with
 * AVX-512 (two FMA units) the 12-row tile ran mlp's first product's strips at 193 GFLOP/s against 184 for 8
 * rows, and 128 x 1024 at depth 384 at 158 against 141 (a harness, strips packed, one JVM): more independent
 * chains to hide each FMA's latency behind, and two loads of B for 24 FMAs instead of 16.
 */
final class MicroKernels {
    private static final VectorSpecies<Float> S = VectorWidth.FLOATS;
    private static final int L = S.length();
    private static final int NR = 2 * L;

    private MicroKernels() {
    }

    /** {@code t[to + r * 2L + j] = sum_q ap[ao + q * 4 + r] bp[bo + q * 2L + j]} for {@code r < 4}, {@code j < 2L}. */
    static void rows4(float[] ap, int ao, float[] bp, int bo, int kc, float[] t, int to) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        for (int q = 0; q < kc; q++) {
            int bq = bo + q * NR;
            int aq = ao + q * 4;
            FloatVector b0 = FloatVector.fromArray(S, bp, bq);
            FloatVector b1 = FloatVector.fromArray(S, bp, bq + L);
            FloatVector a = FloatVector.broadcast(S, ap[aq]);
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
        c00.intoArray(t, to);
        c01.intoArray(t, to + L);
        c10.intoArray(t, to + NR);
        c11.intoArray(t, to + NR + L);
        c20.intoArray(t, to + 2 * NR);
        c21.intoArray(t, to + 2 * NR + L);
        c30.intoArray(t, to + 3 * NR);
        c31.intoArray(t, to + 3 * NR + L);
    }

    /** {@code t[to + r * 2L + j] = sum_q ap[ao + q * 8 + r] bp[bo + q * 2L + j]} for {@code r < 8}, {@code j < 2L}. */
    static void rows8(float[] ap, int ao, float[] bp, int bo, int kc, float[] t, int to) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S);
        FloatVector c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S);
        FloatVector c71 = FloatVector.zero(S);
        for (int q = 0; q < kc; q++) {
            int bq = bo + q * NR;
            int aq = ao + q * 8;
            FloatVector b0 = FloatVector.fromArray(S, bp, bq);
            FloatVector b1 = FloatVector.fromArray(S, bp, bq + L);
            FloatVector a = FloatVector.broadcast(S, ap[aq]);
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
            a = FloatVector.broadcast(S, ap[aq + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[aq + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, ap[aq + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[aq + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
        }
        c00.intoArray(t, to);
        c01.intoArray(t, to + L);
        c10.intoArray(t, to + NR);
        c11.intoArray(t, to + NR + L);
        c20.intoArray(t, to + 2 * NR);
        c21.intoArray(t, to + 2 * NR + L);
        c30.intoArray(t, to + 3 * NR);
        c31.intoArray(t, to + 3 * NR + L);
        c40.intoArray(t, to + 4 * NR);
        c41.intoArray(t, to + 4 * NR + L);
        c50.intoArray(t, to + 5 * NR);
        c51.intoArray(t, to + 5 * NR + L);
        c60.intoArray(t, to + 6 * NR);
        c61.intoArray(t, to + 6 * NR + L);
        c70.intoArray(t, to + 7 * NR);
        c71.intoArray(t, to + 7 * NR + L);
    }

    /**
     * {@code t[to + r * 2L + j] = sum_q ap[ao + q * 12 + r] bp[bo + q * 2L + j]} for {@code r < 12}, {@code j < 2L}.
     */
    static void rows12(float[] ap, int ao, float[] bp, int bo, int kc, float[] t, int to) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S);
        FloatVector c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S);
        FloatVector c71 = FloatVector.zero(S);
        FloatVector c80 = FloatVector.zero(S);
        FloatVector c81 = FloatVector.zero(S);
        FloatVector c90 = FloatVector.zero(S);
        FloatVector c91 = FloatVector.zero(S);
        FloatVector ca0 = FloatVector.zero(S);
        FloatVector ca1 = FloatVector.zero(S);
        FloatVector cb0 = FloatVector.zero(S);
        FloatVector cb1 = FloatVector.zero(S);
        for (int q = 0; q < kc; q++) {
            int bq = bo + q * NR;
            int aq = ao + q * 12;
            FloatVector b0 = FloatVector.fromArray(S, bp, bq);
            FloatVector b1 = FloatVector.fromArray(S, bp, bq + L);
            FloatVector a = FloatVector.broadcast(S, ap[aq]);
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
            a = FloatVector.broadcast(S, ap[aq + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[aq + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, ap[aq + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[aq + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
            a = FloatVector.broadcast(S, ap[aq + 8]);
            c80 = a.fma(b0, c80);
            c81 = a.fma(b1, c81);
            a = FloatVector.broadcast(S, ap[aq + 9]);
            c90 = a.fma(b0, c90);
            c91 = a.fma(b1, c91);
            a = FloatVector.broadcast(S, ap[aq + 10]);
            ca0 = a.fma(b0, ca0);
            ca1 = a.fma(b1, ca1);
            a = FloatVector.broadcast(S, ap[aq + 11]);
            cb0 = a.fma(b0, cb0);
            cb1 = a.fma(b1, cb1);
        }
        c00.intoArray(t, to);
        c01.intoArray(t, to + L);
        c10.intoArray(t, to + NR);
        c11.intoArray(t, to + NR + L);
        c20.intoArray(t, to + 2 * NR);
        c21.intoArray(t, to + 2 * NR + L);
        c30.intoArray(t, to + 3 * NR);
        c31.intoArray(t, to + 3 * NR + L);
        c40.intoArray(t, to + 4 * NR);
        c41.intoArray(t, to + 4 * NR + L);
        c50.intoArray(t, to + 5 * NR);
        c51.intoArray(t, to + 5 * NR + L);
        c60.intoArray(t, to + 6 * NR);
        c61.intoArray(t, to + 6 * NR + L);
        c70.intoArray(t, to + 7 * NR);
        c71.intoArray(t, to + 7 * NR + L);
        c80.intoArray(t, to + 8 * NR);
        c81.intoArray(t, to + 8 * NR + L);
        c90.intoArray(t, to + 9 * NR);
        c91.intoArray(t, to + 9 * NR + L);
        ca0.intoArray(t, to + 10 * NR);
        ca1.intoArray(t, to + 10 * NR + L);
        cb0.intoArray(t, to + 11 * NR);
        cb1.intoArray(t, to + 11 * NR + L);
    }
}

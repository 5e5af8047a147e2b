package org.jgrad.core.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's limit for the matrix products: fused multiply-adds on nothing but registers, at the kernels' vector
 * width ({@link VectorWidth}, so {@code -Djgrad.vectorBits} and {@code -XX:UseAVX=2} apply), on the calling thread.
 * Sixteen independent chains, more than an FMA's latency times the FMA units of the cores measured here (4 cycles
 * times 2), so that the loop runs at the units' throughput: what {@code jgrad bench peak} reports, and what the
 * performance log (docs/performance-log.md) compares the micro-kernels with (214-217 GFLOP/s at 512 bits and 120-122
 * at 256 on the sixteenth session's Intel Xeon).
 */
public final class FmaPeak {
    private static final VectorSpecies<Float> S = VectorWidth.FLOATS;
    /** Floating-point operations a step of {@link #run}: sixteen FMAs of {@code L} lanes, two operations each. */
    public static final int FLOPS_PER_STEP = 16 * 2 * S.length();

    private FmaPeak() {
    }

    /**
     * {@code steps} steps of sixteen chains {@code c = fma(1, 1, c)} from 0, and the sum of all their lanes: exactly
     * {@code 16 L steps} while that is at most 2^24 (whole numbers, exact in float32 up to there), which a test can
     * check, and which keeps the JIT from dropping the loop.
     */
    public static double run(long steps) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        FloatVector c4 = c0;
        FloatVector c5 = c0;
        FloatVector c6 = c0;
        FloatVector c7 = c0;
        FloatVector c8 = c0;
        FloatVector c9 = c0;
        FloatVector c10 = c0;
        FloatVector c11 = c0;
        FloatVector c12 = c0;
        FloatVector c13 = c0;
        FloatVector c14 = c0;
        FloatVector c15 = c0;
        for (long i = 0; i < steps; i++) {
            c0 = one.fma(one, c0);
            c1 = one.fma(one, c1);
            c2 = one.fma(one, c2);
            c3 = one.fma(one, c3);
            c4 = one.fma(one, c4);
            c5 = one.fma(one, c5);
            c6 = one.fma(one, c6);
            c7 = one.fma(one, c7);
            c8 = one.fma(one, c8);
            c9 = one.fma(one, c9);
            c10 = one.fma(one, c10);
            c11 = one.fma(one, c11);
            c12 = one.fma(one, c12);
            c13 = one.fma(one, c13);
            c14 = one.fma(one, c14);
            c15 = one.fma(one, c15);
        }
        // added one by one, not through an array (an array of the vectors boxed them in the loop: 3.7 GFLOP/s)
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .add(c12).add(c13).add(c14).add(c15).reduceLanes(VectorOperators.ADD);
    }
}

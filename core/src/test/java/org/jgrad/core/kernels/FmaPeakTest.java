package org.jgrad.core.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link FmaPeak} runs the FMAs it counts: sixteen chains of {@code c + 1 * 1}, summed over every lane. */
class FmaPeakTest {
    @Test
    void sumsSixteenChainsOfOnesOverEveryLane() {
        int lanes = VectorWidth.FLOATS.length();
        assertThat(FmaPeak.FLOPS_PER_STEP).isEqualTo(32 * lanes);
        assertThat(FmaPeak.run(0)).isZero();
        assertThat(FmaPeak.run(1)).isEqualTo(16.0 * lanes);
        assertThat(FmaPeak.run(1000)).isEqualTo(16.0 * lanes * 1000);
    }
}

package org.jgrad.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ResumableRandomTest {
    /** java.util.Random is the independent reference: every draw must match it bit for bit. */
    @Test
    void drawsWhatJavaUtilRandomDraws() {
        for (long seed : new long[] {0, 42, -7, Long.MAX_VALUE}) {
            Random reference = new Random(seed);
            ResumableRandom r = new ResumableRandom(seed);
            for (int i = 0; i < 2000; i++) {
                assertThat(r.nextInt(i % 97 + 1)).isEqualTo(reference.nextInt(i % 97 + 1));
                assertThat(r.nextInt(1 << (i % 31))).isEqualTo(reference.nextInt(1 << (i % 31)));
                assertThat(r.nextLong()).isEqualTo(reference.nextLong());
                assertThat(r.nextDouble()).isEqualTo(reference.nextDouble());
                assertThat(r.nextBoolean()).isEqualTo(reference.nextBoolean());
            }
        }
        ResumableRandom r = new ResumableRandom(1);
        r.setSeed(5);
        assertThat(r.nextInt()).isEqualTo(new Random(5).nextInt());
    }

    @Test
    void aRestoredStateRepeatsTheDraws() {
        ResumableRandom r = new ResumableRandom(3);
        Shuffle.permutation(50, r);
        long saved = r.state();
        int[] a = Shuffle.permutation(50, r);
        int[] b = Shuffle.permutation(50, r);
        ResumableRandom other = new ResumableRandom(99);
        other.setState(saved);
        assertThat(Shuffle.permutation(50, other)).containsExactly(a);
        assertThat(Shuffle.permutation(50, other)).containsExactly(b);
    }

    @Test
    void theStateIsA48BitNumber() {
        // Random's first state for seed 0 is the scramble 0 ^ 0x5DEECE66D
        assertThat(new ResumableRandom(0).state()).isEqualTo(0x5DEECE66DL);
        assertThatThrownBy(() -> new ResumableRandom(0).setState(1L << 48))
                .hasMessage("random state: expected a number in [0, 2^48), got 281474976710656");
        assertThatThrownBy(() -> new ResumableRandom(0).setState(-1))
                .hasMessage("random state: expected a number in [0, 2^48), got -1");
    }
}

package org.jgrad.models.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShuffleTest {

    @Test
    void permutationHoldsEveryIndexOnceAndRepeatsFromTheSeed() {
        int[] p = Shuffle.permutation(1000, new Random(5));
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        assertThat(sorted).containsExactly(IntStream.range(0, 1000).toArray());
        assertThat(p).isNotEqualTo(sorted); // shuffled: fails with probability 1/1000!
        assertThat(Shuffle.permutation(1000, new Random(5))).containsExactly(p);
        assertThat(Shuffle.permutation(0, new Random(5))).isEmpty();
    }
}

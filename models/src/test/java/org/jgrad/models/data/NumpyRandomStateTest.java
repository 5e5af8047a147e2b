package org.jgrad.models.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumpyRandomStateTest {

    @Test
    void matchesNumpyLegacyRandomState() {
        // /usr/bin/python3 -c "import numpy as np; print(np.random.RandomState(42).permutation(10))"
        // printed [8 1 5 0 7 2 9 4 3 6] (NumPy 1.24)
        assertThat(new NumpyRandomState(42).permutation(10)).containsExactly(8, 1, 5, 0, 7, 2, 9, 4, 3, 6);
    }

    @Test
    void firstOutputOfTheReferenceMersenneTwister() {
        // MT19937 seeded with init_genrand(5489) (the reference implementation's default) first outputs 3499211612
        assertThat(new NumpyRandomState(5489).nextUint32()).isEqualTo(3499211612L);
    }

    @Test
    void permutationHoldsEveryIndexOnce() {
        int[] p = new NumpyRandomState(7).permutation(1000);
        assertThat(p).hasSize(1000);
        assertThat(java.util.Arrays.stream(p).sorted().toArray())
                .containsExactly(java.util.stream.IntStream.range(0, 1000).toArray());
    }
}

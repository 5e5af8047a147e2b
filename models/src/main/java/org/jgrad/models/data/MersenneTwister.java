package org.jgrad.models.data;

/**
 * The Mersenne Twister MT19937, the one core that {@link NumpyRandomState} (NumPy's legacy {@code RandomState}) and
 * {@link TorchGenerator} (PyTorch's CPU generator) draw from. Both seed it the same way, with the reference
 * {@code init_genrand}: {@code x[0] = seed mod 2^32}, {@code x[i] = 1812433253 (x[i-1] xor (x[i-1] >> 30)) + i}.
 *
 * <p>Algorithm: M. Matsumoto and T. Nishimura, "Mersenne Twister: a 623-dimensionally equidistributed uniform
 * pseudo-random number generator", ACM TOMACS 8(1), 1998; the output is the tempered state word.
 */
final class MersenneTwister {
    private static final int N = 624;
    private static final int M = 397;
    private final int[] mt = new int[N];
    private int index;

    /** The twister {@code init_genrand(seed & 0xffffffff)} makes. */
    MersenneTwister(long seed) {
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        index = N;
    }

    /** The next 32 random bits (as an int; read it unsigned with {@code & 0xffffffffL}). */
    int next() {
        if (index >= N) {
            twist();
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /** Moves on by {@code count} outputs without tempering them (what {@code count} calls of {@link #next} do). */
    void skip(long count) {
        long left = count;
        while (left > 0) {
            if (index >= N) {
                twist();
            }
            int step = (int) Math.min(left, N - index);
            index += step;
            left -= step;
        }
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
            mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
        }
        index = 0;
    }
}

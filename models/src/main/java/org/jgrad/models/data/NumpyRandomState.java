package org.jgrad.models.data;

/**
 * The Mersenne Twister MT19937 seeded the way NumPy's legacy {@code np.random.RandomState(seed)} seeds it, with its
 * {@code permutation}. It exists so that a split with seed 42 is the same split scikit-learn's
 * {@code train_test_split(..., random_state=42)} makes, and the tutorials' printed numbers can be reproduced.
 *
 * <p>Algorithm: M. Matsumoto and T. Nishimura, "Mersenne Twister", ACM TOMACS 8(1), 1998 (state initialisation
 * {@code x[i] = 1812433253 (x[i-1] xor (x[i-1] >> 30)) + i}); NumPy's legacy shuffle is a Fisher-Yates walk from
 * the last element down, drawing each index by masked rejection sampling of 32-bit outputs.
 */
public final class NumpyRandomState {
    private static final int N = 624;
    private static final int M = 397;
    private final int[] mt = new int[N];
    private int index;

    public NumpyRandomState(long seed) {
        if (seed < 0 || seed > 0xffffffffL) {
            throw new IllegalArgumentException("seed must be between 0 and 2^32 - 1, got " + seed);
        }
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        index = N;
    }

    /** The next 32 random bits, as an unsigned value. */
    public long nextUint32() {
        if (index >= N) {
            twist();
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xffffffffL;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
            mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
        }
        index = 0;
    }

    /** A uniform integer in {@code [0, max]}, by masked rejection sampling (NumPy's {@code random_interval}). */
    long interval(long max) {
        if (max == 0) {
            return 0;
        }
        long mask = max;
        for (int shift = 1; shift <= 16; shift <<= 1) {
            mask |= mask >>> shift;
        }
        long value;
        do {
            value = nextUint32() & mask;
        } while (value > max);
        return value;
    }

    /** A random ordering of {@code 0 .. n-1}, equal to NumPy's {@code RandomState(seed).permutation(n)}. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = (int) interval(i);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}

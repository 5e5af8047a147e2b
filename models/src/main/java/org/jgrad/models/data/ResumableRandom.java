package org.jgrad.models.data;

import java.util.Random;

/**
 * {@link java.util.Random} whose state can be read and restored, so a training run stopped after any epoch can go on
 * with exactly the shuffles it would have drawn. The numbers are {@code java.util.Random}'s, bit for bit: the same
 * 48-bit linear congruential generator (Knuth, TAOCP vol. 2, 3.2.1, as {@code Random}'s Javadoc specifies),
 * {@code state = (state * 0x5DEECE66D + 0xB) mod 2^48}, with {@code next(bits)} the top {@code bits} of the state,
 * and every other method inherited from {@code Random}, which builds them all on {@code next}.
 *
 * <p>The state is the 48-bit number only: a second Gaussian that {@link #nextGaussian()} caches is not part of it
 * (jgrad's loaders draw integers).
 *
 * <pre>{@code
 * ResumableRandom r = new ResumableRandom(42);
 * long saved = r.state();
 * int a = r.nextInt(10);
 * r.setState(saved);
 * assert r.nextInt(10) == a;
 * }</pre>
 */
public final class ResumableRandom extends Random {
    private static final long serialVersionUID = 1L;
    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long ADDEND = 0xBL;
    private static final long MASK = (1L << 48) - 1;

    /** Not initialised here: {@code Random}'s constructor sets it through {@link #setSeed} before field initialisers. */
    private long state;

    /** The generator {@code new Random(seed)} would be. */
    public ResumableRandom(long seed) {
        super(seed);
    }

    @Override
    public synchronized void setSeed(long seed) {
        super.setSeed(seed);
        state = (seed ^ MULTIPLIER) & MASK; // Random's initial scramble
    }

    @Override
    protected synchronized int next(int bits) {
        state = (state * MULTIPLIER + ADDEND) & MASK;
        return (int) (state >>> (48 - bits));
    }

    /** The generator's state: a number in {@code [0, 2^48)}. */
    public synchronized long state() {
        return state;
    }

    /**
     * Restores a state from {@link #state()}.
     *
     * @throws IllegalArgumentException when {@code value} is outside {@code [0, 2^48)}
     */
    public synchronized void setState(long value) {
        if (value < 0 || value > MASK) {
            throw new IllegalArgumentException("random state: expected a number in [0, 2^48), got " + value);
        }
        state = value;
    }
}

package org.jgrad.models.data;

import java.util.Random;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;

/**
 * PyTorch's CPU random generator ({@code CPUGeneratorImpl} of PyTorch 1.13), so that a jgrad seed means what
 * {@code torch.manual_seed} means: {@code new TorchGenerator(42)} handed to the layers' constructors gives bit for bit
 * the initial weights that {@code torch.manual_seed(42)} gives the same layers built in the same order, and its
 * {@link #randperm} (the {@link DataLoader}'s shuffle when it is given this generator) gives the orders that
 * {@code torch.randperm(n)} draws next from the same generator.
 *
 * <p>What it computes (checked against python3-torch 1.13 on x86-64 in {@code TorchGeneratorTest}):
 * <ul>
 *   <li>the stream: {@link MersenneTwister} MT19937 seeded with {@code seed & 0xffffffff};
 *       {@link #random()} is its next 32-bit output, {@link #random64()} two outputs, the first the high half;</li>
 *   <li>{@link #uniform}: {@code tensor.uniform_(from, to)} in element order. A float32 element takes one output
 *       {@code r}, {@code x = (r & (2^24 - 1)) 2^-24} and {@code fma(x, to - from, from)} in float, with
 *       {@code from} and {@code to} first rounded to float; a float64 element takes {@link #random64()},
 *       {@code x = (r & (2^53 - 1)) 2^-53} and the same fused multiply-add in double. (PyTorch's x86-64 builds run
 *       this kernel compiled for AVX2, which fuses the multiply-add; its {@code ATEN_CPU_CAPABILITY=default} build
 *       rounds twice and differs in the last bit for some ranges.)</li>
 *   <li>{@link #randperm}: {@code torch.randperm(n)} on the CPU: start from {@code 0..n-1} and for
 *       {@code i = 0 .. n-2} swap element {@code i} with element {@code i + random() mod (n - i)}.</li>
 * </ul>
 *
 * <p>It is a {@link java.util.Random}, so it goes wherever a generator is taken today ({@code Linear},
 * {@code Conv2d}, {@code Mlp.of}, {@code Cnn.of}, {@code Classifier}, {@code Dropout}); {@code Init.uniform} and
 * the layers' default initialisation recognise it and draw as PyTorch does. {@code Random}'s own methods
 * ({@code nextInt}, {@code nextDouble}, ...) take their bits from the same stream through {@link #next(int)}: the
 * top {@code bits} of one 32-bit output. They are deterministic but are not PyTorch's (for instance
 * {@code nextGaussian} is not {@code normal_}).
 *
 * <p>{@link #state()} is the number of 32-bit outputs drawn since seeding, and {@link #setState} goes back to the
 * seed and skips that many: a long, so a {@link DataLoader}'s position fits a checkpoint as {@link ResumableRandom}'s
 * does (a second Gaussian that {@code nextGaussian} caches is not part of it).
 *
 * <pre>{@code
 * TorchGenerator g = new TorchGenerator(42);                 // torch.manual_seed(42)
 * Sequential net = Cnn.of(1, 28, 28, 10, g);                // PyTorch's initial weights for the same layers
 * DataLoader loader = new DataLoader(train, 64, true, g, false);  // each epoch: torch.randperm(60000)
 * }</pre>
 */
public final class TorchGenerator extends Random {
    private static final long serialVersionUID = 1L;
    private static final int FLOAT_DIGITS = 24;
    private static final int DOUBLE_DIGITS = 53;

    // Not initialised here: Random's constructor sets them through setSeed before field initialisers would run.
    private long seed;
    private transient MersenneTwister twister;
    private long drawn;

    /** The generator {@code torch.manual_seed(seed)} leaves (any long; the twister takes its low 32 bits). */
    public TorchGenerator(long seed) {
        super(seed);
    }

    /** Reseeds: {@code torch.manual_seed(seed)}. */
    @Override
    public synchronized void setSeed(long seed) {
        super.setSeed(seed); // clears Random's cached Gaussian
        this.seed = seed;
        this.twister = new MersenneTwister(seed);
        this.drawn = 0;
    }

    /** The seed it was last seeded with ({@code torch.initial_seed()}). */
    public synchronized long initialSeed() {
        return seed;
    }

    /** The next 32-bit output, unsigned ({@code CPUGeneratorImpl::random}). */
    public synchronized long random() {
        return nextUnsigned();
    }

    /** Two outputs, the first as the high 32 bits ({@code CPUGeneratorImpl::random64}). */
    public synchronized long random64() {
        long hi = nextUnsigned();
        return hi << 32 | nextUnsigned();
    }

    private long nextUnsigned() {
        drawn++;
        return twister.next() & 0xffffffffL;
    }

    /** {@code Random}'s source of bits: the top {@code bits} of one output. */
    @Override
    protected synchronized int next(int bits) {
        return (int) (nextUnsigned() >>> (32 - bits));
    }

    /**
     * Fills {@code a} in element order as {@code a.uniform_(from, to)} does on PyTorch's CPU, for float32 and float64
     * arrays.
     *
     * @throws IllegalArgumentException when {@code from > to} or either is not finite
     */
    public synchronized void uniform(NDArray a, double from, double to) {
        if (!(from <= to) || Double.isInfinite(to - from)) {
            throw new IllegalArgumentException("uniform: expected finite from <= to, got from " + from + " and to "
                    + to);
        }
        int n = a.size();
        if (a.dtype() == DType.FLOAT32) {
            float lo = (float) from;
            float range = (float) to - lo;
            for (int i = 0; i < n; i++) {
                float x = (nextUnsigned() & ((1L << FLOAT_DIGITS) - 1)) * 0x1p-24f;
                a.set(i, Math.fma(x, range, lo));
            }
        } else {
            double range = to - from;
            for (int i = 0; i < n; i++) {
                double x = (random64() & ((1L << DOUBLE_DIGITS) - 1)) * 0x1p-53;
                a.set(i, Math.fma(x, range, from));
            }
        }
    }

    /**
     * A random ordering of {@code 0 .. n-1}: {@code torch.randperm(n)} on the CPU, drawing {@code n - 1} outputs.
     *
     * @throws IllegalArgumentException when {@code n < 0}
     */
    public synchronized int[] randperm(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("randperm: expected n >= 0, got " + n);
        }
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = 0; i < n - 1; i++) {
            int z = (int) (nextUnsigned() % (n - i));
            int t = p[i];
            p[i] = p[z + i];
            p[z + i] = t;
        }
        return p;
    }

    /** The number of 32-bit outputs drawn since seeding. */
    public synchronized long state() {
        return drawn;
    }

    /**
     * Goes back to where {@link #state()} returned {@code value}: the seed's twister moved on by {@code value}
     * outputs. The state is counted from this generator's seed, so it restores a generator made with the same seed
     * (the command line's resume checks {@code --seed}).
     *
     * @throws IllegalArgumentException when {@code value < 0}
     */
    public synchronized void setState(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("random state: expected a count of outputs drawn (>= 0), got "
                    + value);
        }
        setSeed(seed);
        twister.skip(value);
        drawn = value;
    }
}

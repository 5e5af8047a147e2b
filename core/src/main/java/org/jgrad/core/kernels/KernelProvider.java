package org.jgrad.core.kernels;

import java.lang.System.Logger.Level;

/**
 * Chooses the {@link Kernels} implementation once, on first use, from two system properties:
 * {@code jgrad.kernels=scalar|vector} forces an implementation, and {@code jgrad.vectorBits=128|256|512} forces
 * the Vector API kernels to use the species of that shape (Lucene's {@code tests.vectorsize}), so that every width
 * can be tested on one machine. A species wider than the hardware still runs, slowly but with the same bits.
 * An invalid value is an {@link IllegalArgumentException} naming the property, the value and what is accepted.
 */
final class KernelProvider {
    static final String KERNELS = "jgrad.kernels";
    static final String VECTOR_BITS = "jgrad.vectorBits";

    private static volatile Kernels instance;

    private KernelProvider() {
    }

    static Kernels get() {
        Kernels k = instance;
        if (k == null) {
            synchronized (KernelProvider.class) {
                k = instance;
                if (k == null) {
                    // chosen lazily rather than in a static initialiser, so that a bad property is reported as
                    // itself, not as an ExceptionInInitializerError
                    k = choose();
                    instance = k;
                }
            }
        }
        return k;
    }

    /**
     * The vector width {@code jgrad.vectorBits} asks for, or 0 for the CPU's preferred one.
     *
     * @throws IllegalArgumentException when the property is set to anything but 128, 256 or 512
     */
    static int vectorBits() {
        String p = System.getProperty(VECTOR_BITS, "").strip();
        return switch (p) {
            case "" -> 0;
            case "128", "256", "512" -> Integer.parseInt(p);
            default -> throw new IllegalArgumentException(VECTOR_BITS + ": expected 128, 256 or 512 (bits per vector), "
                    + "got '" + p + "'");
        };
    }

    private static Kernels choose() {
        String forced = System.getProperty(KERNELS, "").strip();
        int bits = vectorBits();
        if (!forced.isEmpty() && !forced.equals("scalar") && !forced.equals("vector")) {
            throw new IllegalArgumentException(KERNELS + ": expected scalar or vector, got '" + forced + "'");
        }
        if (forced.equals("scalar")) {
            return new ScalarKernels();
        }
        boolean readable = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (!readable) {
            if (bits != 0 || forced.equals("vector")) {
                throw new IllegalArgumentException((bits != 0 ? VECTOR_BITS + "=" + bits : KERNELS + "=vector")
                        + " asks for the Vector API kernels, but jdk.incubator.vector is not readable: pass "
                        + "--add-modules jdk.incubator.vector to the java command");
            }
            System.getLogger("org.jgrad").log(Level.WARNING, "jdk.incubator.vector is not readable: jgrad runs its "
                    + "scalar kernels. Pass --add-modules jdk.incubator.vector to the java command for SIMD.");
            return new ScalarKernels();
        }
        try {
            // loaded by name so that this class never links against the incubator module when it is absent
            return (Kernels) Class.forName("org.jgrad.core.kernels.VectorKernels").getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            System.getLogger("org.jgrad").log(Level.WARNING, "Vector API kernels unavailable (" + e
                    + "): jgrad runs its scalar kernels.");
            return new ScalarKernels();
        }
    }
}

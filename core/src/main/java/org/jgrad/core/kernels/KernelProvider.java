package org.jgrad.core.kernels;

import java.lang.System.Logger.Level;

/** Chooses the {@link Kernels} implementation once, at class initialisation. */
final class KernelProvider {
    static final Kernels INSTANCE = choose();

    private KernelProvider() {
    }

    private static Kernels choose() {
        String forced = System.getProperty("jgrad.kernels", "");
        if (forced.equals("scalar")) {
            return new ScalarKernels();
        }
        boolean readable = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (!readable) {
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

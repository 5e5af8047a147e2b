package org.jgrad.core.kernels;

/** The {@link ImageKernels} chosen, once, after {@link Kernels#get()}. */
final class ImageKernelsHolder {
    static final ImageKernels INSTANCE = choose();

    private ImageKernelsHolder() {
    }

    private static ImageKernels choose() {
        if (Kernels.get() instanceof ScalarKernels) {
            return new ScalarImageKernels();
        }
        try {
            // by name, as KernelProvider loads VectorKernels: this class never links against the incubator module
            return (ImageKernels) Class.forName("org.jgrad.core.kernels.VectorImageKernels").getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("VectorKernels loaded but VectorImageKernels did not", e);
        }
    }
}

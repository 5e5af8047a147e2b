package org.jgrad.core.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float species every Vector API kernel uses: the one {@code jgrad.vectorBits} names, or the CPU's preferred
 * one ({@link KernelProvider#vectorBits}). A {@code static final}, so that C2 folds it into the kernels as a
 * constant, exactly as it folds {@code FloatVector.SPECIES_PREFERRED}.
 *
 * <p>It is the only float species a kernel may use. A second one in the same JVM (8-lane vectors for the gemm's
 * transposes at 512 bits, once) makes the type profiles of the Vector API's shared methods bimorphic, and then C2
 * now and then compiles a hot kernel with its vector operations left as calls that box every vector: a cnn epoch
 * allocated 20-57 GB instead of 2.5 in about one JVM in five ({@link PanelPacking}'s 512-bit transposes,
 * docs/performance-log.md).
 */
final class VectorWidth {
    static final VectorSpecies<Float> FLOATS = switch (KernelProvider.vectorBits()) {
        case 128 -> FloatVector.SPECIES_128;
        case 256 -> FloatVector.SPECIES_256;
        case 512 -> FloatVector.SPECIES_512;
        default -> FloatVector.SPECIES_PREFERRED;
    };

    /**
     * The int species of {@link #FLOATS}' shape: pooling's indices, and the floats' bits moved as ints by the
     * two-vector selects of the transposes and of pooling (their index vectors are ints).
     */
    @SuppressWarnings("unchecked")
    static final VectorSpecies<Integer> INTS = (VectorSpecies<Integer>) FLOATS.withLanes(int.class);

    private VectorWidth() {
    }
}

package org.jgrad.core.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float species every Vector API kernel uses: the one {@code jgrad.vectorBits} names, or the CPU's preferred
 * one ({@link KernelProvider#vectorBits}). A {@code static final}, so that C2 folds it into the kernels as a
 * constant, exactly as it folds {@code FloatVector.SPECIES_PREFERRED}.
 */
final class VectorWidth {
    static final VectorSpecies<Float> FLOATS = switch (KernelProvider.vectorBits()) {
        case 128 -> FloatVector.SPECIES_128;
        case 256 -> FloatVector.SPECIES_256;
        case 512 -> FloatVector.SPECIES_512;
        default -> FloatVector.SPECIES_PREFERRED;
    };

    private VectorWidth() {
    }
}

package org.jgrad.autograd;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;

/** Generators for gradcheck properties: small shapes (rank 0 to 3, sizes 1 to 3) and float64 tensors on them. */
final class Shapes {
    private Shapes() {
    }

    /** Shapes of rank 0..3 with every size in 1..3. */
    static Arbitrary<Shape> small() {
        return Arbitraries.integers().between(1, 3).array(int[].class).ofMinSize(0).ofMaxSize(3).map(Shape::of);
    }

    /** Shapes of rank 1..3 with every size in 1..3 (for ops that need a dimension). */
    static Arbitrary<Shape> nonScalar() {
        return Arbitraries.integers().between(1, 3).array(int[].class).ofMinSize(1).ofMaxSize(3).map(Shape::of);
    }

    /** A pair of shapes that broadcast: the second is the first with some sizes set to 1 and some leading dims dropped. */
    static Arbitrary<Shape[]> broadcastPair() {
        return Combinators.combine(small(), Arbitraries.longs()).as((full, seed) -> {
            Random r = new Random(seed);
            int[] dims = full.dims();
            for (int i = 0; i < dims.length; i++) {
                if (r.nextInt(3) == 0) {
                    dims[i] = 1;
                }
            }
            int drop = dims.length == 0 ? 0 : r.nextInt(dims.length + 1);
            int[] kept = java.util.Arrays.copyOfRange(dims, drop, dims.length);
            Shape other = Shape.of(kept);
            return r.nextBoolean() ? new Shape[] {full, other} : new Shape[] {other, full};
        });
    }

    /** A float64 leaf requiring grad, values uniform in [lo, hi) from {@code seed}. */
    static Tensor uniform(Shape shape, long seed, double lo, double hi) {
        Random r = new Random(seed);
        NDArray a = NDArray.zeros(DType.FLOAT64, shape);
        for (int i = 0; i < a.size(); i++) {
            a.set(i, lo + (hi - lo) * r.nextDouble());
        }
        return Tensor.of(a).requiresGrad(true);
    }

    /** Values uniform in [-2, 2). */
    static Tensor uniform(Shape shape, long seed) {
        return uniform(shape, seed, -2, 2);
    }
}

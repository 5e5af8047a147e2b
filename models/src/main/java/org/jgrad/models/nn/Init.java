package org.jgrad.models.nn;

import java.util.Random;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;

/** Parameter initialisation, in place, from a seeded generator so that runs are reproducible (PyTorch's nn.init). */
public final class Init {
    private Init() {
    }

    /** Every element 0: the tutorials' {@code initialize_params}. */
    public static void zeros(Tensor t) {
        t.data().fill(0);
    }

    /** Every element drawn uniformly from {@code [low, high)}. */
    public static void uniform(Tensor t, double low, double high, Random random) {
        NDArray d = t.data();
        for (int i = 0; i < d.size(); i++) {
            d.set(i, low + (high - low) * random.nextDouble());
        }
    }
}

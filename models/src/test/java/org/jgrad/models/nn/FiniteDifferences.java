package org.jgrad.models.nn;

import java.util.function.ToDoubleFunction;
import org.jgrad.core.NDArray;

/** Central finite differences in float64: an independent check of a backward rule. */
final class FiniteDifferences {
    private FiniteDifferences() {
    }

    /** {@code (f(x + h e_i) - f(x - h e_i)) / 2h} for each element i of {@code x} (restored afterwards). */
    static double[] gradient(NDArray x, ToDoubleFunction<NDArray> f) {
        double h = 1e-6;
        double[] g = new double[x.size()];
        for (int i = 0; i < x.size(); i++) {
            double v = x.get(i);
            x.set(i, v + h);
            double up = f.applyAsDouble(x);
            x.set(i, v - h);
            double down = f.applyAsDouble(x);
            x.set(i, v);
            g[i] = (up - down) / (2 * h);
        }
        return g;
    }
}

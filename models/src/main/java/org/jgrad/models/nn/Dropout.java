package org.jgrad.models.nn;

import java.util.Random;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;

/**
 * Inverted dropout: in training mode each element is zeroed with probability {@code p} and the survivors are
 * scaled by {@code 1 / (1 - p)}, so the expected value is unchanged; in evaluation mode ({@link #eval()}) the input
 * passes through. The mask is drawn from the generator given at construction, so a run is reproducible. The
 * gradient is the same mask: {@code dL/dx = mask * dL/dy}.
 */
public final class Dropout extends Module {
    private final double p;
    private final Random random;

    /** Dropout with probability {@code p} in [0, 1), masks drawn from {@code random}. */
    public Dropout(double p, Random random) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("Dropout: expected a probability p in [0, 1), got " + p);
        }
        if (random == null) {
            throw new IllegalArgumentException("Dropout(" + p + "): random is null; pass a java.util.Random for the "
                    + "masks (new Random(seed))");
        }
        this.p = p;
        this.random = random;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (!isTraining() || p == 0) {
            return input;
        }
        NDArray mask = NDArray.zeros(input.dtype(), input.shape());
        double keep = 1 / (1 - p);
        for (int i = 0; i < mask.size(); i++) {
            mask.set(i, random.nextDouble() < p ? 0 : keep);
        }
        return input.mul(Tensor.of(mask));
    }

    public double p() {
        return p;
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}

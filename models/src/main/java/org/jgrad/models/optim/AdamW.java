package org.jgrad.models.optim;

import java.util.List;
import org.jgrad.core.NDArray;
import org.jgrad.models.nn.Parameter;

/**
 * AdamW (Loshchilov and Hutter, 2019) as PyTorch's {@code torch.optim.AdamW}: weight decay is decoupled from the
 * gradient, {@code p = p (1 - lr * weightDecay)} before the update of {@link AdamBase}.
 */
public final class AdamW extends AdamBase {
    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public AdamW(List<Parameter> parameters, double lr) {
        this(parameters, lr, 0.9, 0.999, 1e-8, 0.01);
    }

    /** @throws IllegalArgumentException for lr <= 0 or NaN, betas outside [0, 1), negative eps or weight decay */
    public AdamW(List<Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(parameters, lr, beta1, beta2, eps, weightDecay);
    }

    @Override
    protected NDArray decay(NDArray p, NDArray g) {
        if (weightDecay != 0) {
            p.scaleInPlace(1 - lr() * weightDecay);
        }
        return g;
    }
}

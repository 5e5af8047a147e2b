package org.jgrad.models.optim;

import java.util.List;
import org.jgrad.core.NDArray;
import org.jgrad.models.nn.Parameter;

/**
 * Adam (Kingma and Ba, 2015) as PyTorch's {@code torch.optim.Adam}: the update of {@link AdamBase}, with weight
 * decay added to the gradient ({@code g = g + weightDecay * p}, L2 regularisation).
 *
 * <pre>{@code
 * Adam adam = new Adam(model.parameters(), 1e-3);   // betas (0.9, 0.999), eps 1e-8, no weight decay
 * }</pre>
 */
public final class Adam extends AdamBase {
    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0. */
    public Adam(List<Parameter> parameters, double lr) {
        this(parameters, lr, 0.9, 0.999, 1e-8, 0);
    }

    /** @throws IllegalArgumentException for lr <= 0 or NaN, betas outside [0, 1), negative eps or weight decay */
    public Adam(List<Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(parameters, lr, beta1, beta2, eps, weightDecay);
    }

    @Override
    protected NDArray decay(NDArray p, NDArray g) {
        if (weightDecay == 0) {
            return g;
        }
        NDArray out = g.copy();
        out.addInPlace(weightDecay, p);
        return out;
    }
}

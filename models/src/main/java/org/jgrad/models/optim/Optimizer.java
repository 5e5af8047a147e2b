package org.jgrad.models.optim;

import java.util.List;
import org.jgrad.models.nn.Parameter;

/** Updates parameters from their gradients. */
public abstract class Optimizer {
    protected final List<Parameter> parameters;

    protected Optimizer(List<Parameter> parameters) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": got an empty parameter list");
        }
        this.parameters = List.copyOf(parameters);
    }

    /** One update of every parameter that has a gradient. */
    public abstract void step();

    /** Clears every parameter's gradient (PyTorch's {@code zero_grad(set_to_none=True)}). */
    public void zeroGrad() {
        for (Parameter p : parameters) {
            p.zeroGrad();
        }
    }

    protected static void requirePositive(String what, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("invalid " + what + ": " + value + " (expected a finite number > 0)");
        }
    }
}

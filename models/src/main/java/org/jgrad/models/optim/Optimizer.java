package org.jgrad.models.optim;

import java.util.List;
import org.jgrad.models.nn.Parameter;

/**
 * Updates parameters from their gradients. Holds the learning rate, which a schedule ({@link LRScheduler}) may
 * change between steps; subclasses keep their per-parameter state (momentum buffers, moments) in arrays indexed
 * like {@link #parameters}.
 */
public abstract class Optimizer {
    protected final List<Parameter> parameters;
    private double lr;

    protected Optimizer(List<Parameter> parameters, double lr) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": got an empty parameter list");
        }
        requirePositive("learning rate", lr);
        this.parameters = List.copyOf(parameters);
        this.lr = lr;
    }

    /** One update of every parameter that has a gradient. */
    public abstract void step();

    /** Clears every parameter's gradient (PyTorch's {@code zero_grad(set_to_none=True)}). */
    public void zeroGrad() {
        for (Parameter p : parameters) {
            p.zeroGrad();
        }
    }

    /** The current learning rate. */
    public double lr() {
        return lr;
    }

    /** Sets the learning rate used by the next steps (what a schedule does). */
    public void setLr(double value) {
        requireNonNegative("learning rate", value);
        this.lr = value;
    }

    protected static void requirePositive(String what, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("invalid " + what + ": " + value + " (expected a finite number > 0)");
        }
    }

    protected static void requireNonNegative(String what, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("invalid " + what + ": " + value + " (expected a finite number >= 0)");
        }
    }

    /** A decay rate such as momentum, dampening or a beta: in [0, 1). */
    protected static void requireRate(String what, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException("invalid " + what + ": " + value + " (expected a number in [0, 1))");
        }
    }
}

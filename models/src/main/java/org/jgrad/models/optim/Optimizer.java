package org.jgrad.models.optim;

import java.util.List;
import org.jgrad.autograd.Tensor;
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

    /** Computes the loss from the current parameters, forward only (its graph recorded). */
    @FunctionalInterface
    public interface LossFunction {
        Tensor compute();
    }

    /**
     * One update from {@code loss}, already computed at the current parameters with its graph, and a way to compute it
     * again: what a training loop calls. First-order optimizers run {@code zeroGrad(); loss.backward(); step()};
     * L-BFGS evaluates {@code again} as often as its iterations need; Newton's method differentiates {@code loss}
     * twice.
     */
    public void step(Tensor loss, LossFunction again) {
        zeroGrad();
        loss.backward();
        step();
    }

    /**
     * True when {@link #step(Tensor, LossFunction)} differentiates the loss twice, so the loss must be built from ops
     * with differentiable rules (not a once-differentiable fused op).
     */
    public boolean differentiatesTwice() {
        return false;
    }

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

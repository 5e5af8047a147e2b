package org.jgrad.models.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.models.nn.Parameter;

/**
 * Updates parameters from their gradients. Holds the learning rate, which a schedule ({@link LRScheduler}) may
 * change between steps; subclasses keep their per-parameter state (momentum buffers, moments) in arrays indexed
 * like {@link #parameters}.
 *
 * <p>{@link #stateDict()} and {@link #loadStateDict} save and restore that state, as PyTorch's
 * {@code state_dict()}: a flat map, ready for a safetensors file, holding {@code lr} (shape (1,), float64) and, per
 * parameter {@code k} (its position in the list), PyTorch's names: {@code k.momentum_buffer} for {@link SGD},
 * {@code k.exp_avg}, {@code k.exp_avg_sq} and {@code k.step} for {@link Adam} and {@link AdamW}. A parameter that
 * has not been stepped yet has no entries. An optimizer restored from the state of another steps exactly as the
 * other would have.
 */
public abstract class Optimizer {
    protected final List<Parameter> parameters;
    private double lr;

    protected Optimizer(List<Parameter> parameters, double lr) {
        if (parameters == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": the parameter list is null; pass "
                    + "model.parameters()");
        }
        for (int i = 0; i < parameters.size(); i++) {
            if (parameters.get(i) == null) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter " + i + " is null");
            }
        }
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

    /**
     * The state to restore this optimizer from later (see the class comment for the keys).
     *
     * @throws UnsupportedOperationException for an optimizer that does not save its state
     */
    public Map<String, NDArray> stateDict() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not implement stateDict()");
    }

    /**
     * Restores the state of {@link #stateDict()}, all or nothing.
     *
     * @throws IllegalArgumentException naming the entry when a key is unknown or a tensor does not fit its parameter
     * @throws UnsupportedOperationException for an optimizer that does not save its state
     */
    public void loadStateDict(Map<String, NDArray> state) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not implement loadStateDict()");
    }

    /** A new state map holding the learning rate; subclasses add their per-parameter entries. */
    protected final Map<String, NDArray> baseState() {
        Map<String, NDArray> state = new LinkedHashMap<>();
        state.put("lr", NDArray.of(new double[] {lr}, Shape.of(1)));
        return state;
    }

    /**
     * Checks {@code state} against this optimizer: {@code lr} present, every other key {@code k.NAME} with a name of
     * {@code names} and a parameter {@code k}, tensors named in {@code shaped} of parameter {@code k}'s dtype and
     * shape, the rest of shape (1,). Returns the learning rate; nothing is changed.
     */
    protected final double checkState(Map<String, NDArray> state, Set<String> names, Set<String> shaped) {
        String who = getClass().getSimpleName() + ".loadStateDict";
        NDArray lrEntry = state.get("lr");
        if (lrEntry == null || lrEntry.size() != 1) {
            throw new IllegalArgumentException(who + ": expected 'lr' of shape (1,), got "
                    + (lrEntry == null ? "none" : lrEntry.shape()));
        }
        double value = lrEntry.get(0);
        requireNonNegative("learning rate", value);
        for (Map.Entry<String, NDArray> e : state.entrySet()) {
            String key = e.getKey();
            if (key.equals("lr")) {
                continue;
            }
            int dot = key.indexOf('.');
            String name = dot < 0 ? "" : key.substring(dot + 1);
            int k = -1;
            try {
                k = dot < 0 ? -1 : Integer.parseInt(key.substring(0, dot));
            } catch (NumberFormatException ignored) {
                // stays -1: reported below
            }
            if (k < 0 || k >= parameters.size() || !names.contains(name)) {
                throw new IllegalArgumentException(who + ": unexpected entry '" + key + "' (expected lr and k."
                        + String.join("|", names) + " for parameters k = 0.." + (parameters.size() - 1) + ")");
            }
            NDArray a = e.getValue();
            NDArray p = parameters.get(k).data();
            boolean fits = shaped.contains(name) ? a.dtype() == p.dtype() && a.shape().equals(p.shape())
                    : a.size() == 1;
            if (!fits) {
                throw new IllegalArgumentException(who + ": '" + key + "' has " + describe(a) + ", expected "
                        + (shaped.contains(name) ? describe(p) + " like parameter " + k : "one value"));
            }
        }
        return value;
    }

    private static String describe(NDArray a) {
        return a.dtype() + " " + a.shape();
    }

    /** A count (a step number) as a float64 array of shape (1,), exact up to 2^53. */
    protected static NDArray count(long n) {
        return NDArray.of(new double[] {n}, Shape.of(1));
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

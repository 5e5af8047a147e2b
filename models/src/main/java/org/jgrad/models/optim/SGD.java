package org.jgrad.models.optim;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrad.core.NDArray;
import org.jgrad.models.nn.Parameter;

/**
 * Stochastic gradient descent, with PyTorch's momentum, dampening, Nesterov and weight decay
 * ({@code torch/optim/sgd.py}). For every parameter {@code p} with gradient {@code g}, at step {@code t}:
 *
 * <pre>
 *   g = g + weightDecay * p
 *   if momentum != 0:
 *       b = (t == 1) ? g : momentum * b + (1 - dampening) * g
 *       g = nesterov ? g + momentum * b : b
 *   p = p - lr * g
 * </pre>
 *
 * With no options it is the tutorials' {@code w = w - learning_rate * dw}.
 *
 * <pre>{@code
 * SGD plain = new SGD(model.parameters(), 0.05);
 * SGD heavy = new SGD(model.parameters(), 0.01, 0.9, 0, 5e-4, true);
 * }</pre>
 */
public final class SGD extends Optimizer {
    private final double momentum;
    private final double dampening;
    private final double weightDecay;
    private final boolean nesterov;
    private final NDArray[] buffers;

    /** Plain gradient descent. */
    public SGD(List<Parameter> parameters, double lr) {
        this(parameters, lr, 0, 0, 0, false);
    }

    /**
     * @throws IllegalArgumentException for lr <= 0 or NaN, momentum or dampening outside [0, 1), negative weight
     *     decay, or Nesterov without momentum or with dampening (as PyTorch)
     */
    public SGD(List<Parameter> parameters, double lr, double momentum, double dampening, double weightDecay,
            boolean nesterov) {
        super(parameters, lr);
        requireRate("momentum", momentum);
        requireRate("dampening", dampening);
        requireNonNegative("weight decay", weightDecay);
        if (nesterov && (momentum == 0 || dampening != 0)) {
            throw new IllegalArgumentException("invalid Nesterov setting: it needs momentum > 0 and dampening 0, got "
                    + "momentum " + momentum + " and dampening " + dampening);
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
        this.buffers = new NDArray[this.parameters.size()];
    }

    @Override
    public void step() {
        for (int k = 0; k < parameters.size(); k++) {
            Parameter p = parameters.get(k);
            if (p.gradForStep() == null) {
                continue;
            }
            NDArray g = p.gradForStep().data();
            if (weightDecay != 0) {
                g = g.copy();
                g.addInPlace(weightDecay, p.data());
            }
            if (momentum != 0) {
                if (buffers[k] == null) {
                    buffers[k] = g.copy();
                } else {
                    buffers[k].scaleInPlace(momentum);
                    buffers[k].addInPlace(1 - dampening, g);
                }
                if (nesterov) {
                    g = g.copy();
                    g.addInPlace(momentum, buffers[k]);
                } else {
                    g = buffers[k];
                }
            }
            p.data().addInPlace(-lr(), g);
        }
    }

    /** {@code lr} and {@code k.momentum_buffer} for every parameter stepped with momentum (see {@link Optimizer}). */
    @Override
    public Map<String, NDArray> stateDict() {
        Map<String, NDArray> state = baseState();
        for (int k = 0; k < buffers.length; k++) {
            if (buffers[k] != null) {
                state.put(k + ".momentum_buffer", buffers[k].copy());
            }
        }
        return state;
    }

    @Override
    public void loadStateDict(Map<String, NDArray> state) {
        double value = checkState(state, Set.of("momentum_buffer"), Set.of("momentum_buffer"));
        for (int k = 0; k < buffers.length; k++) {
            NDArray b = state.get(k + ".momentum_buffer");
            buffers[k] = b == null ? null : b.copy();
        }
        setLr(value);
    }

    public double momentum() {
        return momentum;
    }
}

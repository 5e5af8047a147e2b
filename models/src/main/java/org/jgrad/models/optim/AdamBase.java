package org.jgrad.models.optim;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrad.core.NDArray;
import org.jgrad.models.nn.Parameter;

/**
 * The moments and step shared by {@link Adam} and {@link AdamW} (PyTorch's {@code _single_tensor_adam}): for a
 * parameter {@code p} with gradient {@code g} at step {@code t} (counted from 1, per parameter),
 *
 * <pre>
 *   m = beta1 m + (1 - beta1) g
 *   v = beta2 v + (1 - beta2) g^2
 *   p = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * with eps added after the bias-corrected square root, where PyTorch adds it. The two differ only in how weight
 * decay enters: {@link #decay}.
 */
abstract class AdamBase extends Optimizer {
    protected final double beta1;
    protected final double beta2;
    protected final double eps;
    protected final double weightDecay;
    private final NDArray[] m;
    private final NDArray[] v;
    private final int[] steps;

    AdamBase(List<Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(parameters, lr);
        requireRate("beta1", beta1);
        requireRate("beta2", beta2);
        requireNonNegative("eps", eps);
        requireNonNegative("weight decay", weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.m = new NDArray[this.parameters.size()];
        this.v = new NDArray[this.parameters.size()];
        this.steps = new int[this.parameters.size()];
    }

    /** {@code lr}, and {@code k.exp_avg}, {@code k.exp_avg_sq}, {@code k.step} per stepped parameter. */
    @Override
    public final Map<String, NDArray> stateDict() {
        Map<String, NDArray> state = baseState();
        for (int k = 0; k < m.length; k++) {
            if (m[k] != null) {
                state.put(k + ".exp_avg", m[k].copy());
                state.put(k + ".exp_avg_sq", v[k].copy());
                state.put(k + ".step", count(steps[k]));
            }
        }
        return state;
    }

    @Override
    public final void loadStateDict(Map<String, NDArray> state) {
        double value = checkState(state, Set.of("exp_avg", "exp_avg_sq", "step"), Set.of("exp_avg", "exp_avg_sq"));
        for (int k = 0; k < m.length; k++) {
            boolean any = state.containsKey(k + ".exp_avg") || state.containsKey(k + ".exp_avg_sq")
                    || state.containsKey(k + ".step");
            boolean all = state.containsKey(k + ".exp_avg") && state.containsKey(k + ".exp_avg_sq")
                    && state.containsKey(k + ".step");
            double step = all ? state.get(k + ".step").get(0) : 1;
            if (any != all || step < 1 || step != Math.rint(step) || step > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ".loadStateDict: parameter " + k
                        + " needs exp_avg, exp_avg_sq and a whole step >= 1 together, got "
                        + (all ? "step " + step : "only some of them"));
            }
        }
        for (int k = 0; k < m.length; k++) {
            NDArray mk = state.get(k + ".exp_avg");
            m[k] = mk == null ? null : mk.copy();
            v[k] = mk == null ? null : state.get(k + ".exp_avg_sq").copy();
            steps[k] = mk == null ? 0 : (int) state.get(k + ".step").get(0);
        }
        setLr(value);
    }

    /**
     * Applies weight decay to {@code p} before the step; returns the gradient the moments should see. {@code g} is
     * the parameter's gradient array ({@link org.jgrad.autograd.Tensor#gradForStep()}): do not keep it past the step.
     */
    protected abstract NDArray decay(NDArray p, NDArray g);

    @Override
    public final void step() {
        for (int k = 0; k < parameters.size(); k++) {
            Parameter param = parameters.get(k);
            if (param.gradForStep() == null) {
                continue;
            }
            NDArray p = param.data();
            NDArray g = decay(p, param.gradForStep().data());
            if (m[k] == null) {
                m[k] = NDArray.zeros(p.dtype(), p.shape());
                v[k] = NDArray.zeros(p.dtype(), p.shape());
            }
            int t = ++steps[k];
            double stepSize = lr() / (1 - Math.pow(beta1, t));
            double sqrtCorrection2 = Math.sqrt(1 - Math.pow(beta2, t));
            NDArray mk = m[k];
            NDArray vk = v[k];
            for (int i = 0; i < p.size(); i++) {
                double gi = g.get(i);
                double mi = beta1 * mk.get(i) + (1 - beta1) * gi;
                double vi = beta2 * vk.get(i) + (1 - beta2) * gi * gi;
                mk.set(i, mi);
                vk.set(i, vi);
                p.set(i, p.get(i) - stepSize * mi / (Math.sqrt(vi) / sqrtCorrection2 + eps));
            }
        }
    }
}

package org.jgrad.models.optim;

import java.util.List;
import org.jgrad.autograd.Autograd;
import org.jgrad.autograd.Functional;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Cholesky;
import org.jgrad.core.NDArray;
import org.jgrad.models.nn.Parameter;

/**
 * Newton's method: {@code theta = theta - lr H^-1 g}, with the gradient g and the dense Hessian H of the loss over all
 * parameters (flattened in order) computed by autograd (the loss's backward pass recorded, then differentiated once
 * per parameter), and {@code H d = g} solved by Cholesky. For logistic regression H is
 * {@code X~^T diag(a (1 - a)) X~ / m}, positive definite unless the data are separable or features repeat, and the
 * method converges quadratically near the optimum: a handful of steps where gradient descent needs thousands.
 * Parameters the loss does not depend on at the current point (a zero gradient and a zero row of H, such as the
 * weight of a pixel that is 0 in every image) are left unchanged, as gradient descent would leave them; any other
 * singular Hessian is an error that names the likely cause.
 *
 * <pre>{@code
 * Newton newton = new Newton(model.parameters());
 * for (int i = 0; i < 10; i++) {
 *     Tensor loss = criterion.forward(model.forward(x), y);   // the unfused graph: it is differentiated twice
 *     newton.step(loss, null);
 * }
 * }</pre>
 *
 * Only for models with at most {@link #MAX_PARAMETERS} parameters: H has N^2 entries and costs N backward passes.
 */
public final class Newton extends Optimizer {
    /** The largest parameter count accepted (a 4096 x 4096 float64 Hessian is 128 MiB). */
    public static final int MAX_PARAMETERS = 4096;

    private final int count;
    private final double damping;

    /** A full Newton step each time ({@code lr = 1}), no damping. */
    public Newton(List<Parameter> parameters) {
        this(parameters, 1.0, 0.0);
    }

    /**
     * A step {@code theta - lr (H + damping I)^-1 g}. With {@code damping} 0 a singular Hessian is an error; a small
     * damping (Levenberg's, e.g. 1e-8) makes the step solvable when features are linearly dependent (the digits' 64
     * pixels over a few hundred images): for logistic regression g lies in the range of H, so the damped step tends
     * to the minimum-norm Newton step as the damping goes to 0.
     */
    public Newton(List<Parameter> parameters, double lr, double damping) {
        super(parameters, lr);
        requireNonNegative("damping", damping);
        this.damping = damping;
        int n = 0;
        for (Parameter p : parameters) {
            n += p.size();
        }
        if (n > MAX_PARAMETERS) {
            throw new IllegalArgumentException("Newton: the model has " + n + " parameters, more than the "
                    + MAX_PARAMETERS + " a dense Hessian allows (it would hold " + n + " x " + n + " values and need "
                    + n + " backward passes per step); use L-BFGS (--optimizer lbfgs) instead");
        }
        this.count = n;
    }

    /** Newton's method needs the loss itself, to differentiate it twice: use {@link #step(Tensor, LossFunction)}. */
    @Override
    public void step() {
        throw new UnsupportedOperationException("Newton.step() needs the loss to differentiate twice: call "
                + "step(loss, null) with the loss computed at the current parameters");
    }

    /** One Newton step from {@code loss} (computed at the current parameters); {@code again} is not used. */
    @Override
    public void step(Tensor loss, LossFunction again) {
        List<Tensor> params = List.copyOf(parameters);
        List<Tensor> g = Autograd.grad(List.of(loss), params, null, true, false, true);
        double[] grad = new double[count];
        int at = 0;
        for (int k = 0; k < params.size(); k++) {
            NDArray gk = g.get(k) == null ? null : g.get(k).data();
            for (int i = 0; i < params.get(k).size(); i++) {
                grad[at++] = gk == null ? 0 : gk.get(i);
            }
        }
        NDArray h = Functional.hessian(loss, params).data();
        // parameters the loss does not depend on here (a zero row of H and a zero gradient: the weight of a feature
        // that is 0 in every row) stay as they are; Newton's system is solved for the others
        int[] active = new int[count];
        int k = 0;
        for (int i = 0; i < count; i++) {
            boolean zeroRow = grad[i] == 0;
            for (int j = 0; j < count && zeroRow; j++) {
                zeroRow = h.get(i * count + j) == 0;
            }
            if (!zeroRow) {
                active[k++] = i;
            }
        }
        double[] hk = new double[k * k];
        double[] gk = new double[k];
        for (int a = 0; a < k; a++) {
            gk[a] = grad[active[a]];
            for (int b = 0; b < k; b++) {
                hk[a * k + b] = h.get(active[a] * count + active[b]) + (a == b ? damping : 0);
            }
        }
        double[] dk;
        try {
            dk = Cholesky.factor(hk, k).solve(gk);
        } catch (ArithmeticException e) {
            throw new IllegalStateException("Newton: the Hessian of the loss is singular or not positive definite "
                    + "here (" + e.getMessage() + "). For logistic regression this happens when the classes are "
                    + "separable (the loss has no finite minimum) or features are repeated or linear combinations "
                    + "of others (pixels over few images); add a small damping (--damping 1e-8: H + 1e-8 I) or use "
                    + "--optimizer lbfgs", e);
        }
        double[] d = new double[count];
        for (int a = 0; a < k; a++) {
            d[active[a]] = dk[a];
        }
        at = 0;
        double lr = lr();
        for (Parameter p : parameters) {
            NDArray data = p.data();
            for (int i = 0; i < p.size(); i++) {
                data.set(i, data.get(i) - lr * d[at++]);
            }
        }
    }

    @Override
    public boolean differentiatesTwice() {
        return true;
    }
}

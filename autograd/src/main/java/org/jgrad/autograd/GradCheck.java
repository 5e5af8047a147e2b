package org.jgrad.autograd;

import java.util.ArrayList;
import java.util.List;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;

/**
 * Checks backward rules against finite differences, as PyTorch's {@code torch.autograd.gradcheck} does: for every
 * element {@code i} of the output and {@code j} of every input that requires grad, the analytic partial
 * {@code d out_i / d x_j} (from backward) must agree with the central difference
 * {@code (f(x + eps e_j) - f(x - eps e_j)) / (2 eps)} within {@code |analytic - numeric| <= atol + rtol |numeric|}.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new double[] {0.5, -1.2}, DType.FLOAT64, 2).requiresGrad(true);
 * GradCheck.check(in -> in[0].tanh().sum(), x);   // throws AssertionError naming the worst element if wrong
 * }</pre>
 *
 * Only float64 inputs are accepted: with float32's 24-bit mantissa, a difference quotient with eps = 1e-6 keeps
 * almost no correct digits, so every check would fail or need tolerances loose enough to hide real mistakes.
 */
public final class GradCheck {
    /** PyTorch's defaults. */
    public static final double EPS = 1e-6;
    public static final double ATOL = 1e-5;
    public static final double RTOL = 1e-3;

    private GradCheck() {
    }

    /** A function of tensors, checked by {@link GradCheck}. */
    @FunctionalInterface
    public interface Fn {
        Tensor apply(Tensor... inputs);
    }

    /**
     * The element where analytic and numeric derivatives disagree most (relative to the allowed error):
     * {@code input} and its flat {@code index}, the output element {@code outputIndex}, and both values.
     */
    public record Worst(int input, int index, int outputIndex, double analytic, double numeric, boolean passed) {
        @Override
        public String toString() {
            return "input " + input + ", element " + index + ", output element " + outputIndex + ": analytic "
                    + analytic + ", numeric " + numeric + " (|difference| " + Math.abs(analytic - numeric)
                    + ", allowed " + (ATOL + RTOL * Math.abs(numeric)) + ")";
        }
    }

    /** Runs {@link #compare} and throws an {@link AssertionError} naming the worst element when it fails. */
    public static void check(Fn f, Tensor... inputs) {
        Worst w = compare(f, inputs);
        if (!w.passed()) {
            throw new AssertionError("gradcheck failed at " + w);
        }
    }

    /**
     * PyTorch's {@code gradgradcheck}: checks second derivatives against finite differences of first derivatives.
     * With a fixed random {@code v} shaped like {@code f}'s output, the first derivatives
     * {@code g(x, v) = v^T d f(x)/dx} are computed by a backward pass that records its rules ({@code createGraph}),
     * and {@link #check} then compares {@code g}'s own backward pass, with respect to every input and to {@code v},
     * with central differences of {@code g}. Same tolerances as {@link #check}.
     *
     * @throws AssertionError naming the worst element when a second derivative is wrong
     */
    public static void gradgradcheck(Fn f, Tensor... inputs) {
        Tensor out = f.apply(inputs);
        java.util.Random random = new java.util.Random(0x5EED);
        double[] v = new double[out.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextGaussian();
        }
        Tensor gradOut = Tensor.of(v, out.dtype(), out.shape().dims()).requiresGrad(true);
        Tensor[] all = java.util.Arrays.copyOf(inputs, inputs.length + 1);
        all[inputs.length] = gradOut;
        Worst w = compare(in -> firstDerivatives(f, in), all);
        if (!w.passed()) {
            throw new AssertionError("gradgradcheck failed at " + w + " (input " + inputs.length + " is the "
                    + "upstream gradient v)");
        }
    }

    /** {@code v^T df/dx} for every input of {@code f} that requires grad, flattened and joined; {@code v} is last. */
    private static Tensor firstDerivatives(Fn f, Tensor[] inputsAndV) {
        Tensor[] inputs = java.util.Arrays.copyOf(inputsAndV, inputsAndV.length - 1);
        Tensor v = inputsAndV[inputsAndV.length - 1];
        List<Tensor> wrt = new ArrayList<>();
        for (Tensor t : inputs) {
            if (t.requiresGrad()) {
                wrt.add(t);
            }
        }
        // the finite differences call this under no-grad, yet need real first derivatives: those come from a
        // backward pass whatever the mode; only the analytic evaluation records it (createGraph)
        boolean record = GradMode.isEnabled();
        try (GradMode.Scope on = GradMode.enableGrad()) {
            Tensor out = f.apply(inputs);
            List<Tensor> g = out.requiresGrad()
                    ? Autograd.grad(List.of(out), wrt, List.of(v), true, record, true) : null;
            List<Tensor> parts = new ArrayList<>();
            for (int k = 0; k < wrt.size(); k++) {
                Tensor gk = g == null ? null : g.get(k);
                parts.add(gk != null ? gk.reshape(-1) : Tensor.zeros(wrt.get(k).dtype(), wrt.get(k).size()));
            }
            return Tensor.concat(parts, 0);
        }
    }

    /** Compares every analytic partial derivative with its central difference; returns the worst one. */
    public static Worst compare(Fn f, Tensor... inputs) {
        List<Tensor> wrt = new ArrayList<>();
        List<Integer> wrtIndex = new ArrayList<>();
        for (int k = 0; k < inputs.length; k++) {
            if (inputs[k].dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException("gradcheck: input " + k + " is " + inputs[k].dtype()
                        + "; expected float64. Finite differences with eps = 1e-6 in float32 (about 7 significant "
                        + "digits) lose nearly every digit to rounding; convert with to(DType.FLOAT64).");
            }
            if (inputs[k].requiresGrad()) {
                wrt.add(inputs[k]);
                wrtIndex.add(k);
            }
        }
        if (wrt.isEmpty()) {
            throw new IllegalArgumentException("gradcheck: no input requires grad, so there is nothing to check");
        }
        Tensor out = f.apply(inputs);
        int m = out.size();
        // analytic Jacobian, one backward per output element: rows[i][input] = d out_i / d input
        NDArray[][] rows = new NDArray[m][];
        for (int i = 0; i < m; i++) {
            NDArray seed = NDArray.zeros(out.dtype(), out.shape());
            seed.set(i, 1.0);
            rows[i] = new NDArray[wrt.size()];
            List<Tensor> g = out.requiresGrad()
                    ? Autograd.grad(List.of(out), wrt, List.of(Tensor.of(seed)), true, false, true) : null;
            for (int w = 0; w < wrt.size(); w++) {
                Tensor gw = g == null ? null : g.get(w);
                rows[i][w] = gw != null ? gw.data() : NDArray.zeros(wrt.get(w).dtype(), wrt.get(w).shape());
            }
        }
        Worst worst = null;
        double worstExcess = Double.NEGATIVE_INFINITY;
        for (int w = 0; w < wrt.size(); w++) {
            NDArray x = wrt.get(w).data();
            for (int j = 0; j < x.size(); j++) {
                double original = x.get(j);
                NDArray plus;
                NDArray minus;
                try (GradMode.Scope s = GradMode.noGrad()) {
                    x.set(j, original + EPS);
                    plus = f.apply(inputs).data().copy();
                    x.set(j, original - EPS);
                    minus = f.apply(inputs).data().copy();
                } finally {
                    x.set(j, original);
                }
                for (int i = 0; i < m; i++) {
                    double numeric = (plus.get(i) - minus.get(i)) / (2 * EPS);
                    double analytic = rows[i][w].get(j);
                    double excess = Math.abs(analytic - numeric) - (ATOL + RTOL * Math.abs(numeric));
                    if (Double.isNaN(excess)) {
                        excess = Double.POSITIVE_INFINITY;
                    }
                    if (excess > worstExcess) {
                        worstExcess = excess;
                        worst = new Worst(wrtIndex.get(w), j, i, analytic, numeric, excess <= 0);
                    }
                }
            }
        }
        return worst != null ? worst : new Worst(wrtIndex.get(0), -1, -1, 0, 0, true);
    }
}

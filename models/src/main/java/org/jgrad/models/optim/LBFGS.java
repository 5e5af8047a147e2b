package org.jgrad.models.optim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
import org.jgrad.models.nn.Parameter;

/**
 * Limited-memory BFGS with PyTorch's algorithm and defaults ({@code torch.optim.LBFGS}): each {@link #step(Supplier)}
 * runs up to {@code maxIter} iterations, each a quasi-Newton direction {@code d = -H g} from the last
 * {@code historySize} pairs {@code (s, y)} (the two-loop recursion, initial scaling {@code s^T y / y^T y}), then a step
 * along d: a fixed one ({@code lr}; the first iteration of the first step is scaled by {@code 1 / |g|_1}) or a strong
 * Wolfe line search (cubic interpolation, {@code c1 = 1e-4}, {@code c2 = 0.9}). It stops early when the largest
 * gradient entry is at most {@code toleranceGrad}, or the step or the change of the loss is below
 * {@code toleranceChange}, or after {@code maxEval} evaluations.
 *
 * <p>The closure does what PyTorch's does: clears the gradients, computes the loss, runs backward, returns the loss.
 *
 * <pre>{@code
 * LBFGS lbfgs = new LBFGS(model.parameters(), LBFGS.Options.defaults().lineSearch(LBFGS.LineSearch.STRONG_WOLFE));
 * lbfgs.step(() -> {
 *     lbfgs.zeroGrad();
 *     Tensor loss = criterion.forward(model.forward(x), y);
 *     loss.backward();
 *     return loss;
 * });
 * }</pre>
 *
 * The vectors of the method are float64, whatever the parameters' dtype.
 */
public final class LBFGS extends Optimizer {
    /** No line search (a fixed step {@code lr}) or the strong Wolfe conditions. */
    public enum LineSearch { NONE, STRONG_WOLFE }

    /**
     * PyTorch's keyword arguments: {@code lr = 1}, {@code maxIter = 20}, {@code maxEval = maxIter * 5 / 4},
     * {@code toleranceGrad = 1e-7}, {@code toleranceChange = 1e-9}, {@code historySize = 100}, no line search.
     */
    public record Options(double lr, int maxIter, Integer maxEval, double toleranceGrad, double toleranceChange,
            int historySize, LineSearch lineSearch) {
        public static Options defaults() {
            return new Options(1, 20, null, 1e-7, 1e-9, 100, LineSearch.NONE);
        }

        public Options lr(double v) {
            return new Options(v, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearch);
        }

        public Options maxIter(int v) {
            return new Options(lr, v, maxEval, toleranceGrad, toleranceChange, historySize, lineSearch);
        }

        public Options maxEval(int v) {
            return new Options(lr, maxIter, v, toleranceGrad, toleranceChange, historySize, lineSearch);
        }

        public Options toleranceGrad(double v) {
            return new Options(lr, maxIter, maxEval, v, toleranceChange, historySize, lineSearch);
        }

        public Options toleranceChange(double v) {
            return new Options(lr, maxIter, maxEval, toleranceGrad, v, historySize, lineSearch);
        }

        public Options historySize(int v) {
            return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, v, lineSearch);
        }

        public Options lineSearch(LineSearch v) {
            return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, v);
        }
    }

    private final Options options;
    private final int maxEval;
    // state kept across steps, as PyTorch's state dict of the first parameter
    private final ArrayDeque<double[]> oldDirs = new ArrayDeque<>();
    private final ArrayDeque<double[]> oldSteps = new ArrayDeque<>();
    private final ArrayDeque<Double> ro = new ArrayDeque<>();
    private double[] d;
    private double t;
    private double hDiag = 1;
    private double[] prevFlatGrad;
    private int nIter;
    private int funcEvals;

    public LBFGS(List<Parameter> parameters, Options options) {
        super(parameters, options.lr());
        if (options.maxIter() < 1 || options.historySize() < 1) {
            throw new IllegalArgumentException("LBFGS: maxIter and historySize must be at least 1, got maxIter "
                    + options.maxIter() + ", historySize " + options.historySize());
        }
        this.options = options;
        this.maxEval = options.maxEval() != null ? options.maxEval() : options.maxIter() * 5 / 4;
    }

    /** L-BFGS needs to evaluate the loss several times per step: use {@link #step(Supplier)}. */
    @Override
    public void step() {
        throw new UnsupportedOperationException("LBFGS.step() needs a closure that re-evaluates the loss: call "
                + "step(() -> { zeroGrad(); Tensor loss = ...; loss.backward(); return loss; })");
    }

    /**
     * The training loop's form: {@code loss} is the first evaluation; later ones call {@code again}. Each evaluation
     * clears the gradients and runs backward, as a PyTorch closure would.
     */
    @Override
    public void step(Tensor loss, LossFunction again) {
        boolean[] first = {true};
        step(() -> {
            Tensor l = first[0] ? loss : again.compute();
            first[0] = false;
            zeroGrad();
            l.backward();
            return l;
        });
    }

    /** How many times the closure has been evaluated, over all steps. */
    public int functionEvaluations() {
        return funcEvals;
    }

    /** One optimisation step (up to {@code maxIter} iterations); returns the loss of the first evaluation. */
    public double step(Supplier<Tensor> closure) {
        double origLoss = closure.get().item();
        double loss = origLoss;
        int currentEvals = 1;
        funcEvals++;
        double[] flatGrad = flatGrad();
        boolean optCond = maxAbs(flatGrad) <= options.toleranceGrad();
        if (optCond) {
            return origLoss;
        }
        double lr = lr();
        int n = 0;
        while (n < options.maxIter()) {
            n++;
            nIter++;
            if (nIter == 1) {
                d = scaled(flatGrad, -1);
                oldDirs.clear();
                oldSteps.clear();
                ro.clear();
                hDiag = 1;
            } else {
                double[] y = new double[flatGrad.length];
                double[] s = scaled(d, t);
                for (int i = 0; i < y.length; i++) {
                    y[i] = flatGrad[i] - prevFlatGrad[i];
                }
                double ys = dot(y, s);
                if (ys > 1e-10) {
                    if (oldDirs.size() == options.historySize()) {
                        oldDirs.removeFirst();
                        oldSteps.removeFirst();
                        ro.removeFirst();
                    }
                    oldDirs.addLast(y);
                    oldSteps.addLast(s);
                    ro.addLast(1.0 / ys);
                    hDiag = ys / dot(y, y);
                }
                d = twoLoop(flatGrad);
            }
            prevFlatGrad = flatGrad.clone();
            double prevLoss = loss;
            t = nIter == 1 ? Math.min(1.0, 1.0 / sumAbs(flatGrad)) * lr : lr;
            double gtd = dot(flatGrad, d);
            if (gtd > -options.toleranceChange()) {
                break;
            }
            int lsEvals = 0;
            if (options.lineSearch() == LineSearch.STRONG_WOLFE) {
                double[] xInit = flatParams();
                StrongWolfe.Result r = StrongWolfe.search((x, step, dir) -> evaluateAt(closure, x, step, dir),
                        xInit, t, d, loss, flatGrad, gtd, options.toleranceChange());
                loss = r.loss();
                flatGrad = r.grad();
                t = r.step();
                lsEvals = r.evaluations();
                addToParams(t, d);
                optCond = maxAbs(flatGrad) <= options.toleranceGrad();
            } else {
                addToParams(t, d);
                if (n != options.maxIter()) {
                    loss = closure.get().item();
                    flatGrad = flatGrad();
                    optCond = maxAbs(flatGrad) <= options.toleranceGrad();
                    lsEvals = 1;
                }
            }
            currentEvals += lsEvals;
            funcEvals += lsEvals;
            if (n == options.maxIter() || currentEvals >= maxEval || optCond) {
                break;
            }
            if (maxAbs(d) * Math.abs(t) <= options.toleranceChange()) {
                break;
            }
            if (Math.abs(loss - prevLoss) < options.toleranceChange()) {
                break;
            }
        }
        return origLoss;
    }

    /** {@code -H g} by the two-loop recursion over the stored pairs, oldest last in the first loop. */
    private double[] twoLoop(double[] flatGrad) {
        int m = oldDirs.size();
        List<double[]> dirs = new ArrayList<>(oldDirs);
        List<double[]> steps = new ArrayList<>(oldSteps);
        List<Double> rho = new ArrayList<>(ro);
        double[] al = new double[m];
        double[] q = scaled(flatGrad, -1);
        for (int i = m - 1; i >= 0; i--) {
            al[i] = dot(steps.get(i), q) * rho.get(i);
            axpy(-al[i], dirs.get(i), q);
        }
        double[] r = scaled(q, hDiag);
        for (int i = 0; i < m; i++) {
            double be = dot(dirs.get(i), r) * rho.get(i);
            axpy(al[i] - be, steps.get(i), r);
        }
        return r;
    }

    /** The loss and gradient at {@code x + step * dir}; the parameters are put back to x afterwards. */
    private StrongWolfe.Evaluation evaluateAt(Supplier<Tensor> closure, double[] x, double step, double[] dir) {
        addToParams(step, dir);
        double loss = closure.get().item();
        double[] g = flatGrad();
        setParams(x);
        return new StrongWolfe.Evaluation(loss, g);
    }

    private double[] flatGrad() {
        double[] g = new double[count()];
        int at = 0;
        for (Parameter p : parameters) {
            Tensor grad = p.grad();
            for (int i = 0; i < p.size(); i++) {
                g[at++] = grad == null ? 0 : grad.data().get(i);
            }
        }
        return g;
    }

    private double[] flatParams() {
        double[] x = new double[count()];
        int at = 0;
        for (Parameter p : parameters) {
            for (int i = 0; i < p.size(); i++) {
                x[at++] = p.data().get(i);
            }
        }
        return x;
    }

    private void setParams(double[] x) {
        int at = 0;
        for (Parameter p : parameters) {
            NDArray data = p.data();
            for (int i = 0; i < p.size(); i++) {
                data.set(i, x[at++]);
            }
        }
    }

    /** {@code params += step * dir}, in the parameters' dtype (PyTorch's {@code _add_grad}). */
    private void addToParams(double step, double[] dir) {
        int at = 0;
        for (Parameter p : parameters) {
            NDArray data = p.data();
            for (int i = 0; i < p.size(); i++) {
                data.set(i, data.get(i) + step * dir[at++]);
            }
        }
    }

    private int count() {
        int n = 0;
        for (Parameter p : parameters) {
            n += p.size();
        }
        return n;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += alpha * x[i];
        }
    }

    private static double[] scaled(double[] x, double alpha) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = alpha * x[i];
        }
        return out;
    }

    static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static double sumAbs(double[] x) {
        double s = 0;
        for (double v : x) {
            s += Math.abs(v);
        }
        return s;
    }

    @Override
    public String toString() {
        return "LBFGS(" + options + ")";
    }
}

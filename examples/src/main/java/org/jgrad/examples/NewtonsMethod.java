package org.jgrad.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jgrad.autograd.Autograd;
import org.jgrad.autograd.Functional;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.examples.plot.Charts;
import org.jgrad.models.data.Digits;
import org.jgrad.models.data.TrainTestSplit;
import org.jgrad.models.nn.BCEWithLogitsLoss;
import org.jgrad.models.nn.Linear;
import org.jgrad.models.optim.LBFGS;
import org.jgrad.models.optim.Newton;
import org.jgrad.models.optim.SGD;
import org.knowm.xchart.XYChart;

/**
 * Second-order optimisation of the tutorials' model. The Hessian of the mean log loss over (w, b) is
 * {@code H = X~^T diag(a (1 - a)) X~ / m} (X~ is X with a column of ones for the bias): autograd gets it by
 * differentiating its own backward pass, and here it is compared with that closed form. Then gradient descent
 * (tutorial 002: lr 0.05), Newton's method ({@code theta -= H^-1 g}) and L-BFGS (PyTorch's algorithm, strong Wolfe
 * line search) race to tutorial 002's final cost 0.0249 on the digits 0 and 1.
 *
 * <p>The digits 0 and 1 are separable: some line puts every 0 on one side and every 1 on the other, so the log loss
 * has no finite minimum (it tends to 0 as |w| grows) and every method only ever gets closer to 0. That is why the
 * race is to a cost, not to an optimum. To show Newton reaching an optimum, the program then fits a set that is not
 * separable ({@code docs/data/noisy_line.csv}, made by {@code docs/data/make_noisy_line.py}: the side of a line plus
 * a deterministic noise term, so the classes overlap) and compares the result with scikit-learn's
 * {@code LogisticRegression(penalty=None)} on the same 400 rows.
 */
public final class NewtonsMethod implements Example {
    /** Tutorial 002's cost after iteration 900 (rounded as it prints it). */
    static final double TARGET = 0.0249;
    /**
     * scikit-learn 1.x on noisy_line.csv (all rows), {@code LogisticRegression(penalty=None, tol=1e-14,
     * max_iter=100000)}: coef, intercept and mean log loss, from {@code docs/data/make_noisy_line.py}.
     */
    static final double[] SKLEARN_COEF = {2.103284617412231, -1.6176206327897509};
    static final double SKLEARN_INTERCEPT = 0.18249342022266407;
    static final double SKLEARN_LOSS = 0.29218445790573006;

    @Override
    public String name() {
        return "NewtonsMethod";
    }

    @Override
    public String summary() {
        return "the Hessian by autograd against X~^T diag(a(1-a)) X~ / m; gradient descent, Newton and L-BFGS to "
                + "tutorial 002's cost; Newton on a non-separable set against scikit-learn";
    }

    @Override
    public List<Path> run(ExampleRun run) {
        TrainTestSplit data = TrainTestSplit.split(Digits.pair(0, 1).multipliedBy(1.0 / 16), 0.2, 42);
        Tensor x = Tensor.of(data.train().x()).to(DType.FLOAT64);    // (288, 64), float64 for the Hessian
        Tensor y = Tensor.of(data.train().y()).to(DType.FLOAT64);    // (288, 1)

        Linear model = Linear.zeros(64, 1, DType.FLOAT64);
        run.printf("Hessian of the log loss at w = 0, b = 0 (65 x 65): largest |autograd - closed form| = %.3g",
                hessianGap(model, x, y));

        double[] gd = gradientDescent(x, y, 1000);   // tutorial 002's run (cheap: kept whole with --quick)
        double[] newton = newton(x, y, 12);
        double[] lbfgs = lbfgs(x, y, run.quick() ? 60 : 200);
        run.printf("cost %.4f reached by gradient descent at iteration %s, Newton at step %s, L-BFGS at iteration %s",
                TARGET, first(gd), first(newton), first(lbfgs));
        run.printf("after 10 iterations: gradient descent %.4g, Newton %.4g, L-BFGS %.4g", gd[10],
                newton[Math.min(10, newton.length - 1)], lbfgs[10]);

        XYChart chart = Charts.lines("Log loss on the digits 0 and 1: gradient descent, Newton, L-BFGS",
                "iteration + 1 (log scale)", "cost (log scale)");
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSW);
        Charts.line(chart, "gradient descent (lr 0.05)", onePlus(gd.length), gd, Charts.CLASS_0);
        Charts.line(chart, "Newton", onePlus(newton.length), newton, Charts.CLASS_1);
        Charts.line(chart, "L-BFGS (strong Wolfe)", onePlus(lbfgs.length), lbfgs, null);
        Charts.line(chart, "tutorial 002's final cost 0.0249", new double[] {1, gd.length},
                new double[] {TARGET, TARGET}, java.awt.Color.GRAY);
        Path picture = Charts.save(chart, run.picture("newtons_method.png"));

        nonSeparable(run);
        return List.of(picture);
    }

    /** The largest entry of |H_autograd - X~^T diag(a(1-a)) X~ / m| at the model's parameters. */
    static double hessianGap(Linear model, Tensor x, Tensor y) {
        Tensor loss = new BCEWithLogitsLoss().forward(model.forward(x), y);
        NDArray h = Functional.hessian(loss, List.of(model.weight(), model.bias())).data();
        int m = x.shape().dim(0);
        int n = x.shape().dim(1);
        double[] w = new double[n];
        for (int j = 0; j < n; j++) {
            w[j] = model.weight().data().get(j);
        }
        double b = model.bias().data().get(0);
        double gap = 0;
        double[] closed = new double[(n + 1) * (n + 1)];
        for (int i = 0; i < m; i++) {
            double z = b;
            for (int j = 0; j < n; j++) {
                z += x.data().get(i * n + j) * w[j];
            }
            double a = 1 / (1 + Math.exp(-z));
            double s = a * (1 - a) / m;
            for (int j = 0; j <= n; j++) {
                double xj = j < n ? x.data().get(i * n + j) : 1;
                for (int k = 0; k <= n; k++) {
                    closed[j * (n + 1) + k] += xj * (k < n ? x.data().get(i * n + k) : 1) * s;
                }
            }
        }
        for (int i = 0; i < closed.length; i++) {
            gap = Math.max(gap, Math.abs(h.get(i) - closed[i]));
        }
        return gap;
    }

    private static double[] gradientDescent(Tensor x, Tensor y, int iterations) {
        Linear model = Linear.zeros(x.shape().dim(1), 1, DType.FLOAT64);
        BCEWithLogitsLoss criterion = new BCEWithLogitsLoss();
        SGD sgd = new SGD(model.parameters(), 0.05);
        double[] costs = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            Tensor loss = criterion.forward(model.forward(x), y);
            costs[i] = loss.item();
            sgd.step(loss, null);
        }
        return costs;
    }

    /** Newton from zeros: the cost before each step, until it is below 1e-12 or {@code steps} are done. */
    private static double[] newton(Tensor x, Tensor y, int steps) {
        Linear model = Linear.zeros(x.shape().dim(1), 1, DType.FLOAT64);
        BCEWithLogitsLoss criterion = new BCEWithLogitsLoss();
        // the 64 pixels are linearly dependent over these 288 images (X~ has rank below 65), so H is singular; a
        // damping of 1e-8 on its diagonal gives the minimum-norm Newton step (g lies in the range of H)
        Newton newton = new Newton(model.parameters(), 1.0, 1e-8);
        List<Double> costs = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            Tensor loss = criterion.forward(model.forward(x), y);
            costs.add(loss.item());
            if (loss.item() < 1e-12) {
                break;   // separable data: the loss only tends to 0, and H to 0 with it
            }
            newton.step(loss, null);
        }
        return costs.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** L-BFGS one iteration per step (the history carries over): the cost at the start of each iteration. */
    private static double[] lbfgs(Tensor x, Tensor y, int iterations) {
        Linear model = Linear.zeros(x.shape().dim(1), 1, DType.FLOAT64);
        BCEWithLogitsLoss criterion = new BCEWithLogitsLoss();
        LBFGS lbfgs = new LBFGS(model.parameters(),
                LBFGS.Options.defaults().maxIter(1).lineSearch(LBFGS.LineSearch.STRONG_WOLFE));
        double[] costs = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            costs[i] = lbfgs.step(() -> {
                lbfgs.zeroGrad();
                Tensor loss = criterion.forward(model.forward(x), y);
                loss.backward();
                return loss;
            });
        }
        return costs;
    }

    /** Newton on noisy_line's 400 rows, against scikit-learn's unpenalised optimum. */
    private static void nonSeparable(ExampleRun run) {
        Tensor[] xy = noisyLine();
        Linear model = Linear.zeros(2, 1, DType.FLOAT64);
        BCEWithLogitsLoss criterion = new BCEWithLogitsLoss();
        Newton newton = new Newton(model.parameters());
        run.printf("Newton on noisy_line.csv (400 rows, classes overlap), from zeros:");
        for (int i = 0; i <= 8; i++) {
            Tensor loss = criterion.forward(model.forward(xy[0]), xy[1]);
            double gradNorm = norm(Autograd.grad(loss, model.weight(), model.bias()));
            run.printf("  step %d: loss %.12f, |gradient| %.3g", i, loss.item(), gradNorm);
            if (gradNorm < 1e-12) {
                break;
            }
            newton.step(criterion.forward(model.forward(xy[0]), xy[1]), null);
        }
        double loss = criterion.forward(model.forward(xy[0]), xy[1]).item();
        run.printf("  w = (%.9f, %.9f), b = %.9f; scikit-learn: w = (%.9f, %.9f), b = %.9f",
                model.weight().data().get(0), model.weight().data().get(1), model.bias().data().get(0),
                SKLEARN_COEF[0], SKLEARN_COEF[1], SKLEARN_INTERCEPT);
        run.printf("  loss %.12f; scikit-learn's %.12f (difference %.2g)", loss, SKLEARN_LOSS, loss - SKLEARN_LOSS);
    }

    /** The rows of docs/data/noisy_line.csv, computed by the same formula as make_noisy_line.py (6 decimals). */
    static Tensor[] noisyLine() {
        int m = 400;
        double[] x = new double[m * 2];
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            double x1 = Math.round(2 * Math.sin(1.3 * i + 0.4) * 1e6) / 1e6;
            double x2 = Math.round(1.5 * Math.cos(0.77 * i) * 1e6) / 1e6;
            double noise = 1.2 * Math.sin(12.9898 * i);
            x[2 * i] = x1;
            x[2 * i + 1] = x2;
            y[i] = x1 - 0.8 * x2 + 0.3 + noise > 0 ? 1 : 0;
        }
        return new Tensor[] {Tensor.of(x, DType.FLOAT64, m, 2), Tensor.of(y, DType.FLOAT64, m, 1)};
    }

    private static String first(double[] costs) {
        for (int i = 0; i < costs.length; i++) {
            if (costs[i] <= TARGET) {
                return String.valueOf(i);
            }
        }
        return "never (within " + costs.length + ")";
    }

    private static double[] onePlus(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        return x;
    }

    private static double norm(List<Tensor> grads) {
        double s = 0;
        for (Tensor g : grads) {
            for (int i = 0; i < g.size(); i++) {
                s += g.data().get(i) * g.data().get(i);
            }
        }
        return Math.sqrt(s);
    }
}

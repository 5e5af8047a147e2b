package org.jgrad.models.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.jgrad.autograd.Autograd;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.models.nn.BCEWithLogitsLoss;
import org.jgrad.models.nn.Linear;
import org.jgrad.models.nn.Parameter;
import org.junit.jupiter.api.Test;

/**
 * L-BFGS against PyTorch 1.13's trajectory, and Newton's method against scikit-learn's unpenalised optimum, on a small
 * logistic regression that is not separable (20 rows, 3 features, labels that no plane separates), in float64.
 *
 * <p>The reference numbers were made by these scripts (python3-torch 1.13, python3-sklearn):
 *
 * <pre>
 * # PyTorch 1.13 L-BFGS on a small non-separable logistic regression, float64
 * import math, torch
 * torch.set_default_dtype(torch.float64)
 * m, n = 20, 3
 * X = torch.tensor([[math.sin(1.3 * i + 0.7 * j + 0.1 * i * j) for j in range(n)] for i in range(m)])
 * y = torch.tensor([[1.0 if math.sin(2.1 * i) > 0 else 0.0] for i in range(m)])
 * for ls in [None, "strong_wolfe"]:
 *     w = torch.tensor([[0.1, -0.2, 0.05]], requires_grad=True)
 *     b = torch.tensor([0.0], requires_grad=True)
 *     opt = torch.optim.LBFGS([w, b], line_search_fn=ls, max_iter=5)
 *     def closure():
 *         opt.zero_grad()
 *         loss = torch.nn.functional.binary_cross_entropy_with_logits(X @ w.t() + b, y)
 *         loss.backward()
 *         return loss
 *     for step in range(4):
 *         l = opt.step(closure)
 *         print(step, repr(l.item()), w.detach().flatten().tolist(), repr(b.item()),
 *               opt.state[opt._params[0]]["func_evals"])
 *
 * # scikit-learn's unpenalised optimum on the same set
 * clf = LogisticRegression(penalty=None, tol=1e-12, max_iter=10000).fit(X, y)
 * p = clf.predict_proba(X)[:, 1]; loss = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
 * # coef [-0.3985360293674236, -0.14090414737849827, -0.6154852928694582], intercept 0.6531005501635905,
 * # loss 0.6290795040338779
 * </pre>
 */
class SecondOrderOptimizersTest {
    private static final int M = 20;
    private static final int N = 3;

    private static Tensor x() {
        double[] v = new double[M * N];
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) {
                v[i * N + j] = Math.sin(1.3 * i + 0.7 * j + 0.1 * i * j);
            }
        }
        return Tensor.of(v, DType.FLOAT64, M, N);
    }

    private static Tensor y() {
        double[] v = new double[M];
        for (int i = 0; i < M; i++) {
            v[i] = Math.sin(2.1 * i) > 0 ? 1 : 0;
        }
        return Tensor.of(v, DType.FLOAT64, M, 1);
    }

    private static Linear model() {
        Linear layer = Linear.zeros(N, 1, DType.FLOAT64);
        double[] w0 = {0.1, -0.2, 0.05};
        for (int j = 0; j < N; j++) {
            layer.weight().data().set(j, w0[j]);
        }
        return layer;
    }

    private static Tensor loss(Linear layer, Tensor x, Tensor y) {
        return new BCEWithLogitsLoss().forward(layer.forward(x), y);
    }

    private static void runLbfgs(LBFGS.LineSearch search, double[][] expected) {
        Linear layer = model();
        Tensor x = x();
        Tensor y = y();
        LBFGS lbfgs = new LBFGS(layer.parameters(), LBFGS.Options.defaults().maxIter(5).lineSearch(search));
        for (double[] row : expected) {
            double l = lbfgs.step(() -> {
                lbfgs.zeroGrad();
                Tensor value = loss(layer, x, y);
                value.backward();
                return value;
            });
            assertThat(l).isCloseTo(row[0], within(1e-12));
            for (int j = 0; j < N; j++) {
                assertThat(layer.weight().data().get(j)).isCloseTo(row[1 + j], within(1e-10));
            }
            assertThat(layer.bias().data().get(0)).isCloseTo(row[4], within(1e-10));
            assertThat(lbfgs.functionEvaluations()).isEqualTo((int) row[5]);
        }
    }

    @Test
    void lbfgsWithoutLineSearchFollowsPyTorch() {
        runLbfgs(LBFGS.LineSearch.NONE, new double[][] {
            {0.7010525217891024, -0.384824247904636, -0.14186824344719723, -0.6341535451786549, 0.6476391932410057, 5},
            {0.6291272383537828, -0.3985454859894631, -0.14089343227628334, -0.6154767256867713, 0.6530980701410265,
                9},
            {0.6290795040187126, -0.3985454859894631, -0.14089343227628334, -0.6154767256867713, 0.6530980701410265,
                10},
        });
    }

    @Test
    void lbfgsWithStrongWolfeFollowsPyTorch() {
        runLbfgs(LBFGS.LineSearch.STRONG_WOLFE, new double[][] {
            {0.7010525217891024, -0.3959208189157193, -0.139955540739668, -0.6149185552416722, 0.6550244222358441, 7},
            {0.6290803031461343, -0.3985995189562936, -0.14089585615632358, -0.615539667059011, 0.6531310031874243,
                10},
            {0.62907950431596, -0.3985995189562936, -0.14089585615632358, -0.615539667059011, 0.6531310031874243, 11},
        });
    }

    @Test
    void newtonReachesScikitLearnsOptimumWithinTenSteps() {
        Linear layer = model();
        Tensor x = x();
        Tensor y = y();
        Newton newton = new Newton(layer.parameters());
        double gradNorm = Double.NaN;
        int steps = 0;
        for (; steps < 10; steps++) {
            Tensor l = loss(layer, x, y);
            gradNorm = norm(Autograd.grad(l, layer.weight(), layer.bias()));
            if (gradNorm < 1e-6) {
                break;
            }
            newton.step(loss(layer, x, y), null);
        }
        assertThat(gradNorm).isLessThan(1e-6);
        assertThat(steps).isLessThanOrEqualTo(10);
        double[] sklearn = {-0.3985360293674236, -0.14090414737849827, -0.6154852928694582};
        for (int j = 0; j < N; j++) {
            assertThat(layer.weight().data().get(j)).isCloseTo(sklearn[j], within(1e-4));
        }
        assertThat(layer.bias().data().get(0)).isCloseTo(0.6531005501635905, within(1e-4));
        // scikit-learn's lbfgs stops a little short; the optimum can only be lower, and by little
        double finalLoss = loss(layer, x, y).item();
        assertThat(finalLoss).isLessThanOrEqualTo(0.6290795040338779).isCloseTo(0.6290795040338779, within(1e-9));
    }

    @Test
    void newtonOnASingularHessianSaysWhyItCannotStep() {
        // the same feature twice: H = X~^T diag(a(1-a)) X~ / m has two equal rows, so it is singular at once
        Tensor column = Tensor.of(new double[] {-1, 1, -0.5, 2}, DType.FLOAT64, 4, 1);
        Tensor x = Tensor.concat(List.of(column, column), 1);
        Tensor y = Tensor.of(new double[] {0, 1, 1, 0}, DType.FLOAT64, 4, 1);
        Linear two = Linear.zeros(2, 1, DType.FLOAT64);
        Newton newton = new Newton(two.parameters());
        assertThatThrownBy(() -> newton.step(loss(two, x, y), null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Hessian of the loss is singular or not positive definite")
                .hasMessageContaining("separable");
    }

    @Test
    void newtonLeavesTheWeightOfAnAllZeroFeatureAloneAndSolvesForTheRest() {
        // a fourth feature that is 0 in every row: its gradient and its row of H are exactly 0, so H is singular,
        // but the loss does not depend on that weight; the other weights must reach the 3-feature optimum
        Tensor x = Tensor.concat(List.of(x(), Tensor.zeros(DType.FLOAT64, M, 1)), 1);
        Linear layer = Linear.zeros(N + 1, 1, DType.FLOAT64);
        layer.weight().data().set(N, 0.25);
        Newton newton = new Newton(layer.parameters());
        for (int i = 0; i < 10; i++) {
            newton.step(loss(layer, x, y()), null);
        }
        assertThat(layer.weight().data().get(N)).isEqualTo(0.25);
        assertThat(layer.weight().data().get(0)).isCloseTo(-0.3985360293674236, within(1e-4));
        assertThat(loss(layer, x, y()).item()).isCloseTo(0.6290795040338779, within(1e-9));
    }

    @Test
    void newtonRefusesAModelTooLargeForADenseHessian() {
        Parameter big = new Parameter(NDArray.zeros(DType.FLOAT32, Shape.of(Newton.MAX_PARAMETERS + 1)));
        assertThatThrownBy(() -> new Newton(List.of(big))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4097 parameters").hasMessageContaining("lbfgs");
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

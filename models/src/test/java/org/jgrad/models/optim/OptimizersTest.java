package org.jgrad.models.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.Function;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.models.nn.Parameter;
import org.junit.jupiter.api.Test;

/**
 * Optimizer steps on a float64 parameter {@code p0 = [1, -2, 0.5]} with three fixed gradients. Expected values are
 * the PyTorch update rule written out in the test, and where marked, PyTorch 1.13's own result (float64, run once
 * by hand, pasted).
 */
class OptimizersTest {
    private static final double TOL = 1e-12;
    private static final double[] P0 = {1.0, -2.0, 0.5};
    private static final double[][] GRADS = {{0.1, -0.2, 0.3}, {0.4, 0.0, -0.5}, {-0.3, 0.2, 0.1}};

    private static Parameter param() {
        return new Parameter(NDArray.of(P0.clone(), Shape.of(3)));
    }

    /** Runs three steps with {@link #GRADS}; returns the final parameter values. */
    private static double[] run(Function<List<Parameter>, Optimizer> make) {
        Parameter p = param();
        Optimizer opt = make.apply(List.of(p));
        for (double[] g : GRADS) {
            p.setGrad(NDArray.of(g.clone(), Shape.of(3)));
            opt.step();
        }
        return p.data().doubles();
    }

    @Test
    void plainSgdIsPMinusLrTimesGrad() {
        double[] p = run(ps -> new SGD(ps, 0.1));
        for (int i = 0; i < 3; i++) {
            assertThat(p[i]).isCloseTo(P0[i] - 0.1 * (GRADS[0][i] + GRADS[1][i] + GRADS[2][i]), within(TOL));
        }
    }

    @Test
    void sgdMomentumWithDampeningFollowsTheBufferRule() {
        double lr = 0.1;
        double mu = 0.9;
        double damp = 0.5;
        double[] expected = P0.clone();
        double[] buf = new double[3];
        for (int t = 0; t < 3; t++) {
            for (int i = 0; i < 3; i++) {
                // b = g at the first step, then b = mu b + (1 - dampening) g; p -= lr b
                buf[i] = t == 0 ? GRADS[t][i] : mu * buf[i] + (1 - damp) * GRADS[t][i];
                expected[i] -= lr * buf[i];
            }
        }
        double[] p = run(ps -> new SGD(ps, lr, mu, damp, 0, false));
        assertThat(p).containsExactly(expected, within(TOL));
        // PyTorch: SGD(lr=0.1, momentum=0.9, dampening=0.5) gives [0.9499, -1.9558, 0.4612]
        assertThat(p).containsExactly(new double[] {0.9499, -1.9558, 0.46119999999999994}, within(TOL));
    }

    @Test
    void sgdNesterovWithWeightDecay() {
        double lr = 0.1;
        double mu = 0.9;
        double wd = 0.01;
        double[] expected = P0.clone();
        double[] buf = new double[3];
        for (int t = 0; t < 3; t++) {
            for (int i = 0; i < 3; i++) {
                double g = GRADS[t][i] + wd * expected[i];
                buf[i] = t == 0 ? g : mu * buf[i] + g;
                expected[i] -= lr * (g + mu * buf[i]);
            }
        }
        double[] p = run(ps -> new SGD(ps, lr, mu, 0, wd, true));
        assertThat(p).containsExactly(expected, within(TOL));
        // PyTorch: SGD(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)
        assertThat(p).containsExactly(new double[] {0.906422212551, -1.9533556251020001, 0.5094406848005},
                within(TOL));
    }

    /** Adam's update written out: m, v, bias corrections, eps after the corrected square root. */
    private static double[] adamByHand(double lr, double b1, double b2, double eps, double wd, boolean decoupled) {
        double[] p = P0.clone();
        double[] m = new double[3];
        double[] v = new double[3];
        for (int t = 1; t <= 3; t++) {
            for (int i = 0; i < 3; i++) {
                double g = GRADS[t - 1][i];
                if (decoupled) {
                    p[i] *= 1 - lr * wd;
                } else {
                    g += wd * p[i];
                }
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = v[i] / (1 - Math.pow(b2, t));
                p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
        }
        return p;
    }

    @Test
    void adamMatchesTheFormulaAndPyTorch() {
        double[] p = run(ps -> new Adam(ps, 0.1));
        assertThat(p).containsExactly(adamByHand(0.1, 0.9, 0.999, 1e-8, 0, false), within(1e-12));
        // PyTorch: Adam(lr=0.1)
        assertThat(p).containsExactly(new double[] {0.7938915337896525, -1.8415809552444962, 0.44091700021106006},
                within(1e-12));
    }

    @Test
    void adamWithL2WeightDecay() {
        double[] p = run(ps -> new Adam(ps, 0.1, 0.8, 0.99, 1e-6, 0.1));
        assertThat(p).containsExactly(adamByHand(0.1, 0.8, 0.99, 1e-6, 0.1, false), within(1e-12));
        // PyTorch: Adam(lr=0.1, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)
        assertThat(p).containsExactly(new double[] {0.7664738014524602, -1.7468279674399088, 0.42463630326064616},
                within(1e-12));
    }

    @Test
    void adamWDecouplesWeightDecay() {
        double[] p = run(ps -> new AdamW(ps, 0.1, 0.9, 0.999, 1e-8, 0.1));
        assertThat(p).containsExactly(adamByHand(0.1, 0.9, 0.999, 1e-8, 0.1, true), within(1e-12));
        // PyTorch: AdamW(lr=0.1, weight_decay=0.1)
        assertThat(p).containsExactly(new double[] {0.7670649100509012, -1.7848390133517407, 0.4277629389470788},
                within(1e-12));
    }

    @Test
    void parametersWithoutGradientAreLeftAlone() {
        Parameter p = param();
        new Adam(List.of(p), 0.1).step();
        assertThat(p.data().doubles()).containsExactly(P0);
    }

    @Test
    void invalidHyperParametersAreRejectedAtConstruction() {
        List<Parameter> ps = List.of(param());
        assertThatThrownBy(() -> new SGD(ps, 0)).hasMessageContaining("learning rate").hasMessageContaining("0.0");
        assertThatThrownBy(() -> new SGD(ps, Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> new SGD(ps, 0.1, 1.0, 0, 0, false)).hasMessageContaining("momentum");
        assertThatThrownBy(() -> new SGD(ps, 0.1, 0, 0, 0, true)).hasMessageContaining("Nesterov");
        assertThatThrownBy(() -> new Adam(ps, 0.1, 1.0, 0.999, 1e-8, 0)).hasMessageContaining("beta1");
        assertThatThrownBy(() -> new AdamW(ps, 0.1, 0.9, -0.1, 1e-8, 0)).hasMessageContaining("beta2");
        assertThatThrownBy(() -> new Adam(ps, -1)).hasMessageContaining("expected a finite number > 0");
        assertThatThrownBy(() -> new SGD(List.of(), 0.1)).hasMessageContaining("empty parameter list");
    }

    @Test
    void stepLrMultipliesByGammaEveryStepSizeEpochs() {
        SGD opt = new SGD(List.of(param()), 0.1);
        StepLR schedule = new StepLR(opt, 2, 0.5);
        double[] expected = {0.1, 0.05, 0.05, 0.025, 0.025};
        for (double e : expected) {
            schedule.step();
            assertThat(opt.lr()).isCloseTo(e, within(TOL));
        }
    }

    @Test
    void cosineAnnealingFollowsTheCosineAndMatchesPyTorch() {
        SGD opt = new SGD(List.of(param()), 0.1);
        CosineAnnealingLR schedule = new CosineAnnealingLR(opt, 4, 0.01);
        // PyTorch: CosineAnnealingLR(T_max=4, eta_min=0.01) after 1..6 steps
        double[] pytorch = {0.08681980515339464, 0.05500000000000001, 0.023180194846605363, 0.01,
            0.023180194846605363, 0.05500000000000002};
        for (int e = 1; e <= 6; e++) {
            schedule.step();
            double formula = 0.01 + (0.1 - 0.01) * (1 + Math.cos(Math.PI * e / 4)) / 2;
            assertThat(opt.lr()).isCloseTo(formula, within(TOL)).isCloseTo(pytorch[e - 1], within(1e-12));
        }
    }
}

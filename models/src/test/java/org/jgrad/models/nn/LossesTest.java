package org.jgrad.models.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.jgrad.autograd.Tensor;
import org.jgrad.autograd.ops.Reduction;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.Test;

/**
 * Each loss against PyTorch. Expected values come from the formula written out here, or from PyTorch 1.13
 * (float64) run once by hand with the result pasted (marked "PyTorch"); gradients are also checked against central
 * finite differences in float64.
 */
class LossesTest {
    private static final double TOL = 1e-12;

    private static Tensor leaf(double[] values, int... dims) {
        return Tensor.of(NDArray.of(values.clone(), Shape.of(dims))).requiresGrad(true);
    }

    private static Tensor constant(double[] values, int... dims) {
        return Tensor.of(NDArray.of(values.clone(), Shape.of(dims)));
    }

    private static double[] grad(Tensor t) {
        return t.grad().data().doubles();
    }

    private static final double[] Z = {1.5, -0.5, -2.0, 3.0, 0.25, 0.0};
    private static final double[] Y = {1, 0, 0, 1, 1, 1};

    @Test
    void bceWithLogitsPerElementIsTheLogLossOfTheSigmoid() {
        Tensor z = leaf(Z, 3, 2);
        Tensor loss = new BCEWithLogitsLoss(null, null, Reduction.NONE).forward(z, constant(Y, 3, 2));
        for (int i = 0; i < Z.length; i++) {
            double a = 1 / (1 + Math.exp(-Z[i]));
            double expected = -(Y[i] * Math.log(a) + (1 - Y[i]) * Math.log(1 - a));
            assertThat(loss.data().get(i)).isCloseTo(expected, within(TOL));
        }
        assertThat(loss.shape()).isEqualTo(Shape.of(3, 2));
    }

    @Test
    void bceWithLogitsWeightedSumMatchesPyTorch() {
        Tensor z = leaf(Z, 3, 2);
        NDArray w = NDArray.of(new double[] {2.0, 0.5}, Shape.of(2));
        NDArray pw = NDArray.of(new double[] {3.0, 0.25}, Shape.of(2));
        Tensor loss = new BCEWithLogitsLoss(w, pw, Reduction.SUM).forward(z, constant(Y, 3, 2));
        loss.backward();
        // PyTorch: F.binary_cross_entropy_with_logits(z, y, weight=w, pos_weight=pw, reduction='sum')
        assertThat(loss.item()).isCloseTo(5.247727517862287, within(TOL));
        assertThat(grad(z)).containsExactly(new double[] {-1.094553142838138, 0.1887703343990727, 0.2384058440442351,
            -0.005928234147195829, -2.626940994685212, -0.0625}, within(TOL));
    }

    @Test
    void bceWithLogitsMeanGradientIsSigmoidMinusLabelOverM() {
        Tensor z = leaf(Z, 6);
        new BCEWithLogitsLoss().forward(z, constant(Y, 6)).backward();
        for (int i = 0; i < Z.length; i++) {
            assertThat(grad(z)[i]).isCloseTo((1 / (1 + Math.exp(-Z[i])) - Y[i]) / 6, within(TOL));
        }
    }

    @Test
    void bceWithLogitsIsStableForLargeLogits() {
        Tensor loss = new BCEWithLogitsLoss(null, null, Reduction.NONE)
                .forward(leaf(new double[] {1000, -1000}, 2), constant(new double[] {0, 1}, 2));
        assertThat(loss.data().get(0)).isCloseTo(1000, within(TOL));
        assertThat(loss.data().get(1)).isCloseTo(1000, within(TOL));
    }

    @Test
    void bceWithLogitsGradientsMatchFiniteDifferences() {
        NDArray w = NDArray.of(new double[] {2.0, 0.5}, Shape.of(2));
        NDArray pw = NDArray.of(new double[] {3.0, 0.25}, Shape.of(2));
        BCEWithLogitsLoss loss = new BCEWithLogitsLoss(w, pw, Reduction.MEAN);
        Tensor z = leaf(Z, 3, 2);
        loss.forward(z, constant(Y, 3, 2)).backward();
        double[] numeric = FiniteDifferences.gradient(NDArray.of(Z.clone(), Shape.of(3, 2)),
                x -> loss.forward(Tensor.of(x), constant(Y, 3, 2)).item());
        assertThat(grad(z)).containsExactly(numeric, within(1e-8));
    }

    @Test
    void binaryLossesNameTheFirstBadLabel() {
        Tensor z = leaf(new double[] {0, 0, 0}, 3);
        assertThatThrownBy(() -> new BCEWithLogitsLoss().forward(z, constant(new double[] {0, 2, -1}, 3)))
                .hasMessageContaining("row 1 holds 2.0");
        assertThatThrownBy(() -> new BCELoss().forward(z, constant(new double[] {1, 1, 0.5}, 3)))
                .hasMessageContaining("row 2 holds 0.5");
    }

    @Test
    void bceOnProbabilitiesClampsTheLogAtMinus100() {
        Tensor a = leaf(new double[] {0.9, 0.2, 0.0, 1.0}, 4);
        Tensor loss = new BCELoss().forward(a, constant(new double[] {1, 0, 1, 1}, 4));
        // -(log 0.9 + log 0.8 + (-100) + 0) / 4; PyTorch gives 25.082126016743008
        double expected = -(Math.log(0.9) + Math.log(0.8) - 100) / 4;
        assertThat(loss.item()).isCloseTo(expected, within(TOL)).isCloseTo(25.082126016743008, within(TOL));
    }

    @Test
    void bceOnProbabilitiesGradientIsAMinusYOverAOneMinusA() {
        Tensor a = leaf(new double[] {0.9, 0.2, 0.6}, 3);
        Tensor loss = new BCELoss().forward(a, constant(new double[] {1, 0, 0}, 3));
        loss.backward();
        // PyTorch: 0.414931599615397, grad [-0.3703703703703704, 0.4166666666666666, 0.8333333333333334]
        assertThat(loss.item()).isCloseTo(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.4)) / 3, within(TOL));
        assertThat(grad(a)).containsExactly(new double[] {(0.9 - 1) / (0.9 * 0.1) / 3, 0.2 / (0.2 * 0.8) / 3,
            0.6 / (0.6 * 0.4) / 3}, within(TOL));
    }

    @Test
    void mseReductionsAndGradient() {
        double[] x = {1, 2, 4};
        double[] t = {0, 2, 1};
        assertThat(new MSELoss(Reduction.SUM).forward(leaf(x, 3), constant(t, 3)).item()).isEqualTo(10.0);
        Tensor xs = leaf(x, 3);
        Tensor mean = new MSELoss().forward(xs, constant(t, 3));
        mean.backward();
        assertThat(mean.item()).isCloseTo(10.0 / 3, within(TOL));
        // d/dx mean((x - t)^2) = 2 (x - t) / 3
        assertThat(grad(xs)).containsExactly(new double[] {2.0 / 3, 0, 2.0}, within(TOL));
        assertThat(new MSELoss(Reduction.NONE).forward(leaf(x, 3), constant(t, 3)).data().doubles())
                .containsExactly(1, 0, 9);
    }

    @Test
    void crossEntropyIsLogSumExpMinusTheTargetLogit() {
        double[] z = {2.0, 1.0, 0.1, 0.5, 2.5, -1.0};
        Tensor logits = leaf(z, 2, 3);
        Tensor loss = new CrossEntropyLoss().forward(logits, constant(new double[] {0, 2}, 2));
        loss.backward();
        double lse0 = Math.log(Math.exp(2.0) + Math.exp(1.0) + Math.exp(0.1));
        double lse1 = Math.log(Math.exp(0.5) + Math.exp(2.5) + Math.exp(-1.0));
        assertThat(loss.item()).isCloseTo(((lse0 - 2.0) + (lse1 + 1.0)) / 2, within(TOL));
        // dL/dz = (softmax(z) - onehot(t)) / m
        double[] g = grad(logits);
        for (int j = 0; j < 3; j++) {
            assertThat(g[j]).isCloseTo((Math.exp(z[j] - lse0) - (j == 0 ? 1 : 0)) / 2, within(TOL));
            assertThat(g[3 + j]).isCloseTo((Math.exp(z[3 + j] - lse1) - (j == 2 ? 1 : 0)) / 2, within(TOL));
        }
    }

    @Test
    void weightedCrossEntropyMatchesPyTorch() {
        Tensor logits = leaf(new double[] {2.0, 1.0, 0.1, 0.5, 2.5, -1.0}, 2, 3);
        NDArray w = NDArray.of(new double[] {1, 2, 3}, Shape.of(3));
        Tensor loss = new CrossEntropyLoss(w, Reduction.MEAN).forward(logits, constant(new double[] {0, 2}, 2, 1));
        loss.backward();
        // PyTorch: F.cross_entropy(z, t, weight=w) (mean divides by w[0] + w[2] = 4)
        assertThat(loss.item()).isCloseTo(2.8441411594111745, within(TOL));
        assertThat(grad(logits)).containsExactly(new double[] {-0.08524971527850803, 0.060608242676178474,
            0.02464147260232955, 0.08708590100560587, 0.6434826079563429, -0.7305685089619488}, within(TOL));
    }

    @Test
    void crossEntropyIsStableAndMatchesFiniteDifferences() {
        Tensor big = leaf(new double[] {1000, 0, -1000}, 1, 3);
        assertThat(new CrossEntropyLoss().forward(big, constant(new double[] {1}, 1)).item())
                .isCloseTo(1000, within(TOL));
        double[] z = {0.3, -1.2, 2.2, 0.0, 0.7, -0.4, 1.1, 1.0};
        CrossEntropyLoss sum = new CrossEntropyLoss(null, Reduction.SUM);
        Tensor t = constant(new double[] {3, 0}, 2);
        Tensor logits = leaf(z, 2, 4);
        sum.forward(logits, t).backward();
        double[] numeric = FiniteDifferences.gradient(NDArray.of(z.clone(), Shape.of(2, 4)),
                x -> sum.forward(Tensor.of(x), t).item());
        assertThat(grad(logits)).containsExactly(numeric, within(1e-8));
    }

    @Test
    void crossEntropyNamesTheFirstTargetOutOfRange() {
        Tensor logits = leaf(new double[6], 2, 3);
        assertThatThrownBy(() -> new CrossEntropyLoss().forward(logits, constant(new double[] {1, 3}, 2)))
                .hasMessageContaining("target 1 is 3.0").hasMessageContaining("0..2");
        assertThatThrownBy(() -> new CrossEntropyLoss().forward(logits, constant(new double[] {0.5, 1}, 2)))
                .hasMessageContaining("target 0 is 0.5");
    }
}

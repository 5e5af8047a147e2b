package org.jgrad.autograd.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.Test;

/** The fused softmax + cross-entropy op against the formula, including logits whose exp would overflow. */
class CrossEntropyTest {

    private static NDArray targets(double... t) {
        return NDArray.of(t, Shape.of(t.length));
    }


    @Test
    void lossAndGradientFollowTheFormula() {
        Tensor z = Tensor.of(new float[][] {{1, 2, 3}, {1000, 0, -1000}}).requiresGrad(true);
        Tensor loss = CrossEntropy.apply(z, targets(2, 1), null, Reduction.MEAN);
        // row 0: log(e^1 + e^2 + e^3) - 3 = log(1 + e^-1 + e^-2); row 1: 1000 + log(1 + e^-1000 + e^-2000) - 0
        double s0 = 1 + Math.exp(-1) + Math.exp(-2);
        assertThat(loss.item()).isCloseTo((Math.log(s0) + 1000) / 2, within(1e-3));
        loss.backward();
        // dz = (softmax - onehot) / m
        double[] p0 = {Math.exp(-2) / s0, Math.exp(-1) / s0, 1 / s0};
        assertThat(z.grad().data().get(0)).isCloseTo(p0[0] / 2, within(1e-6));
        assertThat(z.grad().data().get(1)).isCloseTo(p0[1] / 2, within(1e-6));
        assertThat(z.grad().data().get(2)).isCloseTo((p0[2] - 1) / 2, within(1e-6));
        assertThat(z.grad().data().get(3)).isCloseTo(0.5, within(1e-6));
        assertThat(z.grad().data().get(4)).isCloseTo(-0.5, within(1e-6));
        assertThat(z.grad().data().get(5)).isCloseTo(0.0, within(1e-6));
    }

    @Test
    void badTargetsAreNamed() {
        Tensor z = Tensor.of(new float[][] {{1, 2, 3}});
        assertThatThrownBy(() -> CrossEntropy.apply(z, targets(3), null, Reduction.MEAN))
                .hasMessage("cross-entropy: target 0 is 3.0, expected a class index 0..2");
        assertThatThrownBy(() -> CrossEntropy.apply(z, targets(0, 1), null, Reduction.MEAN))
                .hasMessage("cross-entropy: expected targets of shape (1,) for logits (1, 3), got (2,)");
    }

    /**
     * The float32 rule of an ordinary backward pass (one pass over arrays) against the same rule run as tensor ops
     * (what {@code createGraph} runs), for every reduction, with and without class weights, with a non-trivial
     * upstream gradient: the same bits; and both against the closed form {@code w[t_i] (s_ij - [j = t_i]) dL/dl_i}
     * in float64.
     */
    @Test
    void fastFloatRuleGivesTheTensorRulesBits() {
        float[][] logits = {{0.3f, -1.2f, 2.5f, 0.1f}, {4f, 4f, -3f, 0.5f}, {-0.7f, 0.2f, 0.9f, -2f}};
        double[] t = {2, 0, 3};
        NDArray w = NDArray.of(new float[] {0.5f, 2f, 1f, 3f}, Shape.of(4));
        for (Reduction r : Reduction.values()) {
            for (NDArray weight : new NDArray[] {null, w}) {
                Tensor upstream = r == Reduction.NONE ? Tensor.of(0.7f, -1.3f, 2.1f) : Tensor.of(new float[] {1.7f})
                        .reshape();
                Tensor fast = Tensor.of(logits).requiresGrad(true);
                CrossEntropy.apply(fast, targets(t), weight, r).backward(upstream);
                Tensor slow = Tensor.of(logits).requiresGrad(true);
                CrossEntropy.apply(slow, targets(t), weight, r).backward(upstream, true, true);
                float[] got = fast.grad().data().floats();
                assertThat(got).as(r + (weight == null ? "" : " weighted")).containsExactly(slow.grad().data().floats());
                double divisor = 0;
                for (double ti : t) {
                    divisor += weight == null ? 1 : weight.get((int) ti);
                }
                for (int i = 0; i < 3; i++) {
                    double sum = 0;
                    for (float v : logits[i]) {
                        sum += Math.exp(v);
                    }
                    double wi = weight == null ? 1 : weight.get((int) t[i]);
                    double dl = r == Reduction.NONE ? upstream.data().get(i)
                            : r == Reduction.MEAN ? upstream.item() / divisor : upstream.item();
                    for (int j = 0; j < 4; j++) {
                        double expected = wi * (Math.exp(logits[i][j]) / sum - (j == t[i] ? 1 : 0)) * dl;
                        assertThat((double) got[i * 4 + j]).isCloseTo(expected, within(1e-6));
                    }
                }
            }
        }
    }

    /**
     * The float32 forward pass (its exponentials by the kernels' float32 exp) against the same loss computed here in
     * float64 from the definition, on 128 rows of 10 logits as mlp's batch, with rows far apart in scale, a row of
     * equal logits, a row with a logit of -infinity, and class weights: the loss within float32 rounding, each
     * softmax value within 2e-7 absolute; and a NaN logit makes its row's softmax and the loss NaN.
     */
    @Test
    void float32ForwardMatchesTheDefinitionInFloat64() {
        java.util.Random random = new java.util.Random(7);
        int m = 128;
        int classes = 10;
        float[][] logits = new float[m][classes];
        double[] t = new double[m];
        for (int i = 0; i < m; i++) {
            float scale = i % 3 == 0 ? 40f : i % 3 == 1 ? 1f : 0.01f;
            for (int j = 0; j < classes; j++) {
                logits[i][j] = (float) random.nextGaussian() * scale;
            }
            t[i] = random.nextInt(classes);
        }
        java.util.Arrays.fill(logits[5], 3.5f);
        logits[6][2] = Float.NEGATIVE_INFINITY;
        t[6] = 4;
        float[] classWeights = new float[classes];
        for (int j = 0; j < classes; j++) {
            classWeights[j] = 0.5f + j;
        }
        for (NDArray weight : new NDArray[] {null, NDArray.of(classWeights, Shape.of(classes))}) {
            Tensor z = Tensor.of(logits).requiresGrad(true);
            Tensor loss = CrossEntropy.apply(z, targets(t), weight, Reduction.MEAN);
            // per row in float64: the maximum and sum_j exp(z_j - max)
            double[] max = new double[m];
            double[] sum = new double[m];
            double total = 0;
            double divisor = 0;
            for (int i = 0; i < m; i++) {
                max[i] = Double.NEGATIVE_INFINITY;
                for (float v : logits[i]) {
                    max[i] = Math.max(max[i], v);
                }
                for (float v : logits[i]) {
                    sum[i] += Math.exp(v - max[i]);
                }
                double wi = weight == null ? 1 : classWeights[(int) t[i]];
                total += wi * (max[i] + Math.log(sum[i]) - logits[i][(int) t[i]]);
                divisor += wi;
            }
            double expected = total / divisor;
            assertThat(loss.item()).as(weight == null ? "plain" : "weighted")
                    .isCloseTo(expected, within(2e-6 * Math.abs(expected)));
            loss.backward();
            float[] grad = z.grad().data().floats();
            for (int i = 0; i < m; i++) {
                double wi = weight == null ? 1 : classWeights[(int) t[i]];
                for (int j = 0; j < classes; j++) {
                    double softmax = Math.exp(logits[i][j] - max[i]) / sum[i];
                    double dz = wi * (softmax - (j == t[i] ? 1 : 0)) / divisor;
                    assertThat((double) grad[i * classes + j]).as("row %d class %d", i, j)
                            .isCloseTo(dz, within(2e-7 * wi / divisor + 1e-7 * Math.abs(dz)));
                }
            }
        }
        logits[9][3] = Float.NaN;
        Tensor z = Tensor.of(logits).requiresGrad(true);
        Tensor loss = CrossEntropy.apply(z, targets(t), null, Reduction.NONE);
        assertThat(loss.data().get(9)).isNaN();
        assertThat(loss.data().get(8)).isFinite();
        loss.sum().backward();
        for (int j = 0; j < classes; j++) {
            assertThat(z.grad().data().get(9 * classes + j)).isNaN();
            assertThat(z.grad().data().get(8 * classes + j)).isFinite();
        }
    }
}

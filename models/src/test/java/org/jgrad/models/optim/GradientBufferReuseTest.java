package org.jgrad.models.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jgrad.autograd.BackwardTrace;
import org.jgrad.autograd.Graph;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.models.nn.BCEWithLogitsLoss;
import org.jgrad.models.nn.Linear;
import org.junit.jupiter.api.Test;

/**
 * The weight's gradient array that {@code zeroGrad()} frees is written again by the next backward pass when nobody
 * else holds it ({@link Tensor#gradForStep()}), and never when someone might: a gradient handed out by
 * {@link Tensor#grad()}, seen by a hook or recorded by a trace keeps its values.
 *
 * <p>Every expected gradient is the closed form of {@code L = sum(Y)} (or {@code sum(relu(Y))}) with
 * {@code Y = X W^T + b}: {@code dL/dW[j][i] = sum_r [Y_rj > 0] X[r][i]}, here computed by hand from X in the test;
 * for the fused logistic loss, {@code dW = sum_r (sigma(z_r) - y_r) x_r / m}.
 */
class GradientBufferReuseTest {
    private static final int IN = 5;
    private static final int OUT = 3;

    private static float[][] rows(long seed, int m) {
        Random random = new Random(seed);
        float[][] x = new float[m][IN];
        for (float[] row : x) {
            for (int i = 0; i < IN; i++) {
                row[i] = (float) random.nextGaussian();
            }
        }
        return x;
    }

    /** dL/dW for L = sum(Y): every output row's weight gradient is the column sum of X. */
    private static double[] sumLossWeightGrad(float[][] x) {
        double[] expected = new double[OUT * IN];
        for (int j = 0; j < OUT; j++) {
            for (float[] row : x) {
                for (int i = 0; i < IN; i++) {
                    expected[j * IN + i] += row[i];
                }
            }
        }
        return expected;
    }

    private static double[] values(Tensor t) {
        double[] v = new double[t.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.data().get(i);
        }
        return v;
    }

    private static void step(Linear layer, SGD sgd, float[][] x) {
        sgd.zeroGrad();
        layer.forward(Tensor.of(x)).sum().backward();
    }

    @Test
    void anUnseenGradientArrayIsWrittenAgainWithTheNewGradient() {
        Linear layer = new Linear(IN, OUT, new Random(1));
        SGD sgd = new SGD(layer.parameters(), 0.1);
        step(layer, sgd, rows(2, 7));
        Object first = layer.weight().gradForStep().data();
        sgd.step();
        float[][] x = rows(3, 4);
        step(layer, sgd, x);
        assertThat(layer.weight().gradForStep().data()).isSameAs(first);
        assertThat(values(layer.weight().gradForStep())).containsExactly(sumLossWeightGrad(x),
                offset(1e-5));
    }

    @Test
    void theFusedLinearReluReusesItToo() {
        Linear layer = new Linear(IN, OUT, new Random(4));
        float[][] x = rows(5, 6);
        layer.weight().zeroGrad();
        layer.forwardRelu(Tensor.of(x)).sum().backward();
        Object first = layer.weight().gradForStep().data();
        layer.weight().zeroGrad();
        Tensor y = layer.forwardRelu(Tensor.of(x));
        y.sum().backward();
        assertThat(layer.weight().gradForStep().data()).isSameAs(first);
        double[] expected = new double[OUT * IN];
        for (int r = 0; r < x.length; r++) {
            for (int j = 0; j < OUT; j++) {
                if (y.data().get(r * OUT + j) > 0) {
                    for (int i = 0; i < IN; i++) {
                        expected[j * IN + i] += x[r][i];
                    }
                }
            }
        }
        assertThat(values(layer.weight().gradForStep())).containsExactly(expected,
                offset(1e-5));
    }

    @Test
    void aGradientHandedOutByGradKeepsItsValues() {
        Linear layer = new Linear(IN, OUT, new Random(1));
        SGD sgd = new SGD(layer.parameters(), 0.1);
        float[][] x1 = rows(2, 7);
        step(layer, sgd, x1);
        Tensor held = layer.weight().grad();
        float[][] x2 = rows(3, 4);
        step(layer, sgd, x2);
        assertThat(values(held)).containsExactly(sumLossWeightGrad(x1), offset(1e-5));
        assertThat(layer.weight().grad().data()).isNotSameAs(held.data());
        assertThat(values(layer.weight().grad())).containsExactly(sumLossWeightGrad(x2),
                offset(1e-5));
    }

    @Test
    void aGradientAHookKeptKeepsItsValues() {
        Linear layer = new Linear(IN, OUT, new Random(1));
        SGD sgd = new SGD(layer.parameters(), 0.1);
        List<Tensor> seen = new ArrayList<>();
        layer.weight().registerHook(g -> {
            seen.add(g);
            return null;
        });
        float[][] x1 = rows(2, 7);
        step(layer, sgd, x1);
        step(layer, sgd, rows(3, 4));
        step(layer, sgd, rows(6, 3));
        assertThat(values(seen.get(0))).containsExactly(sumLossWeightGrad(x1),
                offset(1e-5));
        assertThat(values(seen.get(1))).containsExactly(sumLossWeightGrad(rows(3, 4)),
                offset(1e-5));
    }

    @Test
    void aRecordedTraceKeepsTheGradientsItShows() {
        Linear layer = new Linear(IN, OUT, new Random(1));
        SGD sgd = new SGD(layer.parameters(), 0.1);
        sgd.zeroGrad();
        float[][] x1 = rows(2, 7);
        BackwardTrace trace = Graph.trace(layer.forward(Tensor.of(x1)).sum());
        step(layer, sgd, rows(3, 4));
        step(layer, sgd, rows(6, 3));
        assertThat(values(trace.gradient(layer.weight()))).containsExactly(sumLossWeightGrad(x1),
                offset(1e-5));
        assertThat(values(trace.stepsInto(layer.weight()).get(0).contribution()))
                .containsExactly(sumLossWeightGrad(x1), offset(1e-5));
    }

    @Test
    void theFusedLogisticLossWritesEachStepsGradientIntoAFreedArray() {
        // the bench's step: the fused loss (LinearBCEWithLogits), zeroGrad, backward, step
        Linear layer = new Linear(IN, 1, new Random(7));
        SGD sgd = new SGD(layer.parameters(), 0.5);
        float[][] x = rows(8, 9);
        float[] labels = new float[x.length];
        for (int r = 0; r < x.length; r++) {
            labels[r] = r % 3 == 0 ? 1f : 0f;
        }
        Tensor y = Tensor.of(NDArray.of(labels, Shape.of(x.length, 1)));
        List<Object> arrays = new ArrayList<>();
        for (int step = 0; step < 5; step++) {
            // dz_r = (sigma(x_r . W + b) - y_r) / m, dW = sum_r dz_r x_r: from W as it is before this step
            double[] expected = new double[IN];
            for (int r = 0; r < x.length; r++) {
                double z = layer.bias().data().get(0);
                for (int i = 0; i < IN; i++) {
                    z += x[r][i] * layer.weight().data().get(i);
                }
                double dz = (1 / (1 + Math.exp(-z)) - labels[r]) / x.length;
                for (int i = 0; i < IN; i++) {
                    expected[i] += dz * x[r][i];
                }
            }
            Tensor loss = new BCEWithLogitsLoss().forward(layer, Tensor.of(x), y);
            sgd.zeroGrad();
            loss.backward();
            assertThat(values(layer.weight().gradForStep())).containsExactly(expected, offset(1e-6));
            arrays.add(layer.weight().gradForStep().data());
            sgd.step();
        }
        // two arrays take turns: the one being written, and the one the step before still holds as its grad
        assertThat(arrays.get(2)).isSameAs(arrays.get(0));
        assertThat(arrays.get(3)).isSameAs(arrays.get(1));
        assertThat(arrays.get(4)).isSameAs(arrays.get(0));
    }

    @Test
    void aSecondOrderBackwardGetsAGradientWithAGraphNotTheSpare() {
        Linear layer = new Linear(IN, OUT, new Random(1));
        SGD sgd = new SGD(layer.parameters(), 0.1);
        float[][] x = rows(2, 7);
        step(layer, sgd, x);
        sgd.zeroGrad();
        layer.forward(Tensor.of(x)).pow(2).sum().backward(null, true, true);
        assertThat(layer.weight().gradForStep().requiresGrad()).isTrue();
    }
}

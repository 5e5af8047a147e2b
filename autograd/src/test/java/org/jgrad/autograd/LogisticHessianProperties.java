package org.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.jgrad.autograd.ops.BinaryCrossEntropyWithLogits;
import org.jgrad.autograd.ops.LinearFunction;
import org.jgrad.core.DType;

/**
 * The second-order twin of the {@code dz = a - y} property: the autograd Hessian of logistic regression's mean log
 * loss over (w, b) is the closed form {@code X~^T diag(a (1 - a)) X~ / m}, with {@code X~ = [X, 1]} (a column of ones
 * for the bias) and {@code a = sigma(X w^T + b)}. Derivation: {@code dL/dz_i = (a_i - y_i) / m},
 * {@code d2L/dz_i^2 = a_i (1 - a_i) / m}, and {@code z_i} is linear in (w, b) with gradient {@code x~_i}, so
 * {@code H = sum_i x~_i x~_i^T a_i (1 - a_i) / m}. The model is built as {@code nn.Linear} builds it
 * ({@link LinearFunction}: {@code z = x W^T + b}) and the loss as {@code BCEWithLogitsLoss} does.
 */
class LogisticHessianProperties {

    @Property(tries = 40)
    void hessianOfTheLogLossIsXTildeTransposedDiagXTilde(@ForAll @IntRange(min = 1, max = 32) int m,
            @ForAll @IntRange(min = 1, max = 32) int n, @ForAll long seed) {
        Random r = new Random(seed);
        double[] xs = new double[m * n];
        double[] ys = new double[m];
        double[] ws = new double[n];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = r.nextGaussian();
        }
        for (int i = 0; i < m; i++) {
            ys[i] = r.nextBoolean() ? 1 : 0;
        }
        for (int j = 0; j < n; j++) {
            ws[j] = r.nextGaussian() * 0.5;
        }
        double bias = r.nextGaussian() * 0.5;
        Tensor x = Tensor.of(xs, DType.FLOAT64, m, n);
        Tensor y = Tensor.of(ys, DType.FLOAT64, m, 1);
        Tensor w = Tensor.of(ws, DType.FLOAT64, 1, n).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {bias}, DType.FLOAT64, 1).requiresGrad(true);
        Tensor loss = BinaryCrossEntropyWithLogits.apply(LinearFunction.apply(x, w, b), y);
        double[] h = doubles(Functional.hessian(loss, List.of(w, b)));

        int p = n + 1;
        double[] expected = new double[p * p];
        double largest = 0;
        for (int i = 0; i < m; i++) {
            double z = bias;
            for (int j = 0; j < n; j++) {
                z += xs[i * n + j] * ws[j];
            }
            double a = 1 / (1 + Math.exp(-z));
            double s = a * (1 - a) / m;
            for (int j = 0; j < p; j++) {
                double xj = j < n ? xs[i * n + j] : 1;
                for (int k = 0; k < p; k++) {
                    double xk = k < n ? xs[i * n + k] : 1;
                    expected[j * p + k] += xj * xk * s;
                }
            }
        }
        for (double e : expected) {
            largest = Math.max(largest, Math.abs(e));
        }
        assertThat(h).hasSize(p * p);
        for (int i = 0; i < h.length; i++) {
            assertThat(Math.abs(h[i] - expected[i])).as("element %d of %d x %d", i, p, p)
                    .isLessThanOrEqualTo(1e-10 * largest);
        }
    }

    private static double[] doubles(Tensor t) {
        double[] out = new double[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.data().get(i);
        }
        return out;
    }
}

package org.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.jgrad.autograd.ops.BinaryCrossEntropyWithLogits;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;

/**
 * The autograd gradients of mean BCEWithLogits(X W^T + b) equal the tutorials' closed form (tutorials 001, 003,
 * 004): dZ = A - Y, dW = (A - Y)^T X / m, db = mean(A - Y), with A = sigma(Z). The closed form is evaluated here in
 * double precision by explicit loops.
 */
class LogisticGradientProperties {

    @Property(tries = 60)
    void autogradEqualsTheClosedForm(@ForAll @IntRange(min = 1, max = 64) int m,
            @ForAll @IntRange(min = 1, max = 64) int n, @ForAll long seed) {
        Random r = new Random(seed);
        float[] x = new float[m * n];
        float[] y = new float[m];
        float[] w = new float[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < m; i++) {
            y[i] = r.nextBoolean() ? 1 : 0;
        }
        for (int j = 0; j < n; j++) {
            w[j] = (float) (0.3 * r.nextGaussian());
        }
        float bias = (float) r.nextGaussian();

        Tensor tx = Tensor.of(NDArray.of(x, Shape.of(m, n)));
        Tensor ty = Tensor.of(NDArray.of(y, Shape.of(m, 1)));
        Tensor tw = Tensor.of(NDArray.of(w.clone(), Shape.of(1, n))).requiresGrad(true);
        Tensor tb = Tensor.of(NDArray.of(new float[] {bias}, Shape.of(1))).requiresGrad(true);
        Tensor z = tx.matmul(tw.t()).add(tb);
        BinaryCrossEntropyWithLogits.apply(z, ty).backward();

        double[] dw = new double[n];
        double db = 0;
        for (int i = 0; i < m; i++) {
            double zi = bias;
            for (int j = 0; j < n; j++) {
                zi += (double) x[i * n + j] * w[j];
            }
            double dz = 1 / (1 + Math.exp(-zi)) - y[i];   // dz = a - y
            for (int j = 0; j < n; j++) {
                dw[j] += dz * x[i * n + j] / m;
            }
            db += dz / m;
        }
        for (int j = 0; j < n; j++) {
            assertThat(tw.grad().data().get(j)).isCloseTo(dw[j], within(1e-5 + 1e-4 * Math.abs(dw[j])));
        }
        assertThat(tb.grad().item()).isCloseTo(db, within(1e-5 + 1e-4 * Math.abs(db)));
    }

    @Property(tries = 50)
    void oneExampleGivesDzEqualsAMinusY(@ForAll @IntRange(min = -40, max = 40) int x1Tenths,
            @ForAll @IntRange(min = -40, max = 40) int x2Tenths, @ForAll boolean label) {
        // tutorial 003: z = w1 x1 + w2 x2 + b; dz = a - y, dw1 = x1 dz, dw2 = x2 dz, db = dz
        double x1 = x1Tenths / 10.0;
        double x2 = x2Tenths / 10.0;
        double y = label ? 1 : 0;
        Tensor w1 = Tensor.scalar(0.5, org.jgrad.core.DType.FLOAT64).requiresGrad(true);
        Tensor w2 = Tensor.scalar(-0.25, org.jgrad.core.DType.FLOAT64).requiresGrad(true);
        Tensor b = Tensor.scalar(0.1, org.jgrad.core.DType.FLOAT64).requiresGrad(true);
        Tensor z = w1.mul(x1).add(w2.mul(x2)).add(b).retainGrad();
        BinaryCrossEntropyWithLogits.apply(z, Tensor.scalar(y, org.jgrad.core.DType.FLOAT64)).backward();
        double a = 1 / (1 + Math.exp(-(0.5 * x1 - 0.25 * x2 + 0.1)));
        double dz = a - y;
        assertThat(z.grad().item()).isCloseTo(dz, within(1e-12));
        assertThat(w1.grad().item()).isCloseTo(x1 * dz, within(1e-12));
        assertThat(w2.grad().item()).isCloseTo(x2 * dz, within(1e-12));
        assertThat(b.grad().item()).isCloseTo(dz, within(1e-12));
    }
}

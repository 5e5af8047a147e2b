package org.jgrad.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fused logistic step against a naive float64 loop over the same float32 inputs, at the width this JVM runs
 * (the build's width executions run it at 128, 256 and 512 bits and with the scalar kernels). Shapes cover one row,
 * fewer features than a vector, whole 64-lane chunks (logreg-digits), partial last chunks (784, 1000, 12300),
 * several groups of rows with a short last group, and more than 512 rows (the loss's product renormalised); and
 * one row of 1000, one column, last chunks that end at, just after or just before a 16-lane vector (16, 48, 49, 63,
 * 65), and an odd number of rows (the dots' rows one by one, the axpys' groups of four and their remainder); and
 * rows of 12288 (groups of eight rows, the dots two rows at a time).
 */
class LogisticStepTest {

    @ParameterizedTest
    @CsvSource({"1, 3", "5, 10", "288, 64", "37, 1000", "130, 784", "9, 12300", "1500, 17", "1, 1000", "2, 1",
        "7, 1", "3, 16", "5, 48", "6, 49", "4, 63", "33, 65", "65, 1000", "20, 12288"})
    void lossAndGradientsAgreeWithAFloat64Loop(int m, int k) {
        Random r = new Random(31L * m + k);
        float[] x = new float[m * k];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] w = new float[k];
        for (int j = 0; j < k; j++) {
            w[j] = (float) (r.nextGaussian() / Math.sqrt(k));
        }
        float[] y = new float[m];
        for (int i = 0; i < m; i++) {
            y[i] = r.nextBoolean() ? 1f : 0f;
        }
        float b = 0.3f;
        LogisticStep.Result got = LogisticStep.lossAndGradient(NDArray.of(x, Shape.of(m, k)),
                NDArray.of(w, Shape.of(1, k)), NDArray.of(new float[] {b}, Shape.of(1)), NDArray.of(y, Shape.of(m, 1)));

        // z_i = x_i . w + b; loss = mean(max(z, 0) - z y + log(1 + exp(-|z|))); dz_i = (sigma(z_i) - y_i) / m;
        // dW = sum_i dz_i x_i, db = sum_i dz_i (tutorial 000, section 07)
        double loss = 0;
        double db = 0;
        double[] dw = new double[k];
        double[] dwSize = new double[k];
        double zSize = 0;
        for (int i = 0; i < m; i++) {
            double z = b;
            double size = Math.abs(b);
            for (int j = 0; j < k; j++) {
                z += (double) x[i * k + j] * w[j];
                size += Math.abs((double) x[i * k + j] * w[j]);
            }
            zSize = Math.max(zSize, size);
            loss += Math.max(z, 0) - z * y[i] + Math.log1p(Math.exp(-Math.abs(z)));
            double dz = (1 / (1 + Math.exp(-z)) - y[i]) / m;
            db += dz;
            for (int j = 0; j < k; j++) {
                dw[j] += dz * x[i * k + j];
                dwSize[j] += Math.abs(dz * x[i * k + j]);
            }
        }
        // each logit is a float32 dot product (a few ulps of sum |x w|), each dz is rounded to float32 and each term of
        // dW is one float32 multiply-add; the loss and db are summed in float64
        double zError = 1.2e-7 * (k / 64 + 8) * zSize;
        assertThat(got.loss().shape()).isEqualTo(Shape.SCALAR);
        assertThat((double) got.loss().floats()[0]).as("loss").isCloseTo(loss / m, within(1e-6 + zError));
        assertThat((double) got.biasGrad().floats()[0]).as("db").isCloseTo(db, within(1e-7 + zError / 4));
        assertThat(got.weightGrad().shape()).isEqualTo(Shape.of(1, k));
        float[] g = got.weightGrad().floats();
        for (int j = 0; j < k; j++) {
            assertThat((double) g[j]).as("dW[%d]", j)
                    .isCloseTo(dw[j], within(1e-9 + (2.4e-7 * m + zError) * dwSize[j]));
        }
    }

    /** A NaN in x makes the loss, that row's dz and so db and every dW NaN; it does not stay in its row's logit. */
    @ParameterizedTest
    @CsvSource({"9, 1000, 4, 999", "9, 1000, 8, 0", "3, 17, 2, 16", "600, 5, 599, 2"})
    void aNanInXReachesTheLossAndTheGradient(int m, int k, int row, int col) {
        Random r = new Random(m + k);
        float[] x = new float[m * k];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        x[row * k + col] = Float.NaN;
        float[] w = new float[k];
        java.util.Arrays.fill(w, 0.01f);
        float[] y = new float[m];
        LogisticStep.Result got = LogisticStep.lossAndGradient(NDArray.of(x, Shape.of(m, k)),
                NDArray.of(w, Shape.of(1, k)), NDArray.of(new float[] {0f}, Shape.of(1)), NDArray.of(y, Shape.of(m, 1)));
        assertThat(got.loss().floats()[0]).isNaN();
        assertThat(got.biasGrad().floats()[0]).isNaN();
        // dW_j = sum_i dz_i x_ij with dz_row = NaN: NaN in every column
        for (float g : got.weightGrad().floats()) {
            assertThat(g).isNaN();
        }
    }
}

package org.jgrad.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fused logistic step over indexed rows of a data set ({@code LogisticStep.lossAndGradient(x, index, from,
 * count, ...)}) gives the bits of the step over those rows copied out first, at the width this JVM runs (the build
 * runs it at 128, 256 and 512 bits and with the scalar kernels). The copy is made here, element by element, and
 * {@link LogisticStepTest} checks the step on it against a float64 loop. Shapes: the benchmark's batch (64 of
 * 784: groups of five rows), one row, a short last group, few features (groups of 32), rows of 12300 (groups of
 * eight, partial last chunk), and 3000 rows of 784 (split across the test JVM's threads); rows in random order, with
 * repeats, from an offset into the index. A NaN in a row the index leaves out changes nothing; in a row it names,
 * the loss and every gradient are NaN.
 */
class LogisticStepRowsTest {

    @ParameterizedTest
    @CsvSource({"200, 784, 64", "50, 784, 1", "50, 784, 7", "300, 17, 70", "40, 12300, 11", "5000, 784, 3000",
        "90, 1000, 33"})
    void indexedRowsGiveTheBitsOfTheRowsCopiedOut(int m, int k, int count) {
        Random r = new Random(7L * m + 13L * k + count);
        Data d = new Data(m, k, r);
        int from = 5;
        int[] index = new int[from + count + 3];
        for (int i = 0; i < index.length; i++) {
            index[i] = r.nextInt(m);
        }
        if (count > 2) {
            index[from + 2] = index[from]; // a row twice
        }
        assertSameBits(d, index, from, count);
    }

    @ParameterizedTest
    @CsvSource({"784, 64", "17, 40"})
    void aNanOnlyMattersInARowTheIndexNames(int k, int count) {
        int m = 3 * count;
        Random r = new Random(k + count);
        Data d = new Data(m, k, r);
        int[] index = new int[count];
        for (int i = 0; i < count; i++) {
            index[i] = 2 * i; // even rows only
        }
        d.x[(2 * (count / 2) + 1) * k + k / 2] = Float.NaN; // an odd row: not named
        assertSameBits(d, index, 0, count);
        assertThat(Float.isNaN(d.step(index, 0, count).loss().floats()[0])).as("loss without the NaN row").isFalse();

        d.x[2 * (count / 2) * k + k / 3] = Float.NaN; // a named row
        LogisticStep.Result got = d.step(index, 0, count);
        assertThat(got.loss().floats()[0]).as("loss").isNaN();
        assertThat(got.biasGrad().floats()[0]).as("db").isNaN();
        for (int j = 0; j < k; j++) {
            assertThat(got.weightGrad().floats()[j]).as("dW[%d]", j).isNaN();
        }
    }

    private static void assertSameBits(Data d, int[] index, int from, int count) {
        LogisticStep.Result got = d.step(index, from, count);
        float[] xs = new float[count * d.k];
        float[] ys = new float[count];
        for (int i = 0; i < count; i++) {
            System.arraycopy(d.x, index[from + i] * d.k, xs, i * d.k, d.k);
            ys[i] = d.y[index[from + i]];
        }
        LogisticStep.Result want = LogisticStep.lossAndGradient(NDArray.of(xs, Shape.of(count, d.k)), d.weight(),
                d.bias(), NDArray.of(ys, Shape.of(count, 1)));
        assertThat(Float.floatToRawIntBits(got.loss().floats()[0])).as("loss %s against %s",
                got.loss().floats()[0], want.loss().floats()[0])
                .isEqualTo(Float.floatToRawIntBits(want.loss().floats()[0]));
        assertThat(Float.floatToRawIntBits(got.biasGrad().floats()[0])).as("db")
                .isEqualTo(Float.floatToRawIntBits(want.biasGrad().floats()[0]));
        assertThat(got.weightGrad().shape()).isEqualTo(Shape.of(1, d.k));
        for (int j = 0; j < d.k; j++) {
            assertThat(Float.floatToRawIntBits(got.weightGrad().floats()[j])).as("dW[%d]", j)
                    .isEqualTo(Float.floatToRawIntBits(want.weightGrad().floats()[j]));
        }
    }

    /** A data set of m rows of k features, labels 0 or 1, and a weight and bias for them. */
    private static final class Data {
        final int m;
        final int k;
        final float[] x;
        final float[] y;
        final float[] w;

        Data(int m, int k, Random r) {
            this.m = m;
            this.k = k;
            x = new float[m * k];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            y = new float[m];
            for (int i = 0; i < m; i++) {
                y[i] = r.nextBoolean() ? 1f : 0f;
            }
            w = new float[k];
            for (int j = 0; j < k; j++) {
                w[j] = (float) (r.nextGaussian() / Math.sqrt(k));
            }
        }

        NDArray weight() {
            return NDArray.of(w, Shape.of(1, k));
        }

        NDArray bias() {
            return NDArray.of(new float[] {-0.2f}, Shape.of(1));
        }

        LogisticStep.Result step(int[] index, int from, int count) {
            return LogisticStep.lossAndGradient(NDArray.of(x, Shape.of(m, k)), index, from, count, weight(), bias(),
                    NDArray.of(y, Shape.of(m, 1)), null, null);
        }
    }
}

package org.jgrad.autograd.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.core.kernels.Parallel;
import org.junit.jupiter.api.Test;

/** The fused logistic-regression loss against the unfused graph and against float64 formulas written here. */
class LinearBCEWithLogitsTest {

    private static Tensor normal(int rows, int cols, long seed, double scale) {
        Random r = new Random(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * scale);
        }
        return Tensor.of(NDArray.of(v, Shape.of(rows, cols)));
    }

    private static Tensor labels(int rows, long seed) {
        Random r = new Random(seed);
        float[] v = new float[rows];
        for (int i = 0; i < rows; i++) {
            v[i] = r.nextBoolean() ? 1f : 0f;
        }
        return Tensor.of(NDArray.of(v, Shape.of(rows, 1)));
    }

    /** Loss, dW and db of both paths for one problem; {@code scale} multiplies the loss before backward. */
    private static void assertFusedEqualsUnfused(int m, int k, double scale) {
        Tensor x = normal(m, k, 1, 1);
        Tensor y = labels(m, 2);
        Tensor w1 = normal(1, k, 3, 0.5).requiresGrad(true);
        Tensor b1 = Tensor.of(0.3f).requiresGrad(true);
        Tensor w2 = Tensor.of(w1.data().copy()).requiresGrad(true);
        Tensor b2 = Tensor.of(0.3f).requiresGrad(true);

        Tensor fused = LinearBCEWithLogits.apply(x, w1, b1, y);
        fused.mul(scale).backward();
        Tensor unfused = BinaryCrossEntropyWithLogits.apply(x.matmul(w2.t()).add(b2), y);
        unfused.mul(scale).backward();

        // float64 reference of the loss: mean of max(z,0) - z y + log(1 + e^-|z|)
        double loss = 0;
        for (int i = 0; i < m; i++) {
            double z = 0.3;
            for (int j = 0; j < k; j++) {
                z += x.data().get(i * k + j) * w1.data().get(j);
            }
            loss += Math.max(z, 0) - z * y.data().get(i) + Math.log1p(Math.exp(-Math.abs(z)));
        }
        assertThat(fused.item()).isCloseTo(loss / m, within(1e-5));
        assertThat(fused.item()).isCloseTo(unfused.item(), within(1e-5));
        for (int j = 0; j < k; j++) {
            assertThat(w1.grad().data().get(j)).as("dW[%d]", j).isCloseTo(w2.grad().data().get(j), within(1e-5));
        }
        assertThat(b1.grad().item()).isCloseTo(b2.grad().item(), within(1e-5));
        assertThat(b1.grad().shape()).isEqualTo(b1.shape());
        assertThat(w1.grad().shape()).isEqualTo(w1.shape());
    }

    @Test
    void gradientsEqualTheUnfusedGraph() {
        assertFusedEqualsUnfused(1, 1, 1.0);
        assertFusedEqualsUnfused(7, 9, 1.0);
        assertFusedEqualsUnfused(33, 17, 1.0);  // more than one block of rows
        assertFusedEqualsUnfused(100, 31, -2.5); // an incoming gradient other than 1 scales both sums
    }

    @Test
    void twoThreadsAgreeWithOne() {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(2);
            assertThat(Parallel.worthSplitting(4L * 1000 * 300)).isEqualTo(2);
            assertFusedEqualsUnfused(1000, 300, 1.0);
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void extremeLogitsStayFinite() {
        // z = +-1000: the loss is max(z,0) - z y, that is 1000 for each wrong label and 0 for each right one
        Tensor x = Tensor.of(NDArray.of(new float[] {1000f, -1000f}, Shape.of(2, 1)));
        Tensor y = Tensor.of(NDArray.of(new float[] {0f, 0f}, Shape.of(2, 1)));
        Tensor w = Tensor.of(NDArray.of(new float[] {1f}, Shape.of(1, 1))).requiresGrad(true);
        Tensor b = Tensor.of(0f).requiresGrad(true);
        Tensor loss = LinearBCEWithLogits.apply(x, w, b, y);
        loss.backward();
        assertThat(loss.item()).isCloseTo(500.0, within(1e-3));
        // dz = (a - y)/m = (1 - 0)/2 and (0 - 0)/2: dW = 0.5 * 1000, db = 0.5
        assertThat(w.grad().item()).isCloseTo(500.0, within(1e-3));
        assertThat(b.grad().item()).isCloseTo(0.5, within(1e-6));
    }

    @Test
    void refusesAnInputThatNeedsGradAndWrongShapes() {
        Tensor x = normal(4, 3, 1, 1);
        Tensor y = labels(4, 2);
        Tensor w = normal(1, 3, 3, 1).requiresGrad(true);
        Tensor b = Tensor.of(0f).requiresGrad(true);
        assertThatThrownBy(() -> LinearBCEWithLogits.apply(normal(4, 3, 1, 1).requiresGrad(true), w, b, y))
                .hasMessageContaining("x and y must not require grad");
        assertThatThrownBy(() -> LinearBCEWithLogits.apply(x, normal(1, 2, 3, 1), b, y))
                .hasMessage("fused linear + BCE with logits: expected x (m, k), weight (1, k), bias (1,) and y "
                        + "(m, 1), got x (4, 3), weight (1, 2), bias (1,), y (4, 1)");
    }

    /**
     * Over indexed rows (a mini-batch of a data set, rows repeated and out of order), the loss and the gradients
     * that backward hands to W and b are the bits of the op on the rows selected first ({@code indexSelect}), and a
     * row outside x or an empty batch is refused before anything is computed, W's gradient untouched.
     */
    @Test
    void indexedRowsGiveTheBitsOfTheSelectedRows() {
        int m = 300;
        int k = 784;
        Tensor x = normal(m, k, 5, 1);
        Tensor y = labels(m, 6);
        int[] rows = {17, 4, 299, 4, 150, 0, 88, 203, 51, 120, 7};
        Tensor w1 = normal(1, k, 7, 0.05).requiresGrad(true);
        Tensor b1 = Tensor.of(-0.1f).requiresGrad(true);
        Tensor w2 = Tensor.of(w1.data().copy()).requiresGrad(true);
        Tensor b2 = Tensor.of(-0.1f).requiresGrad(true);

        Tensor indexed = LinearBCEWithLogits.apply(x, w1, b1, y, rows);
        indexed.backward();
        Tensor selected = LinearBCEWithLogits.apply(x.indexSelect(0, rows), w2, b2, y.indexSelect(0, rows));
        selected.backward();

        assertThat(Float.floatToRawIntBits(indexed.data().floats()[0]))
                .isEqualTo(Float.floatToRawIntBits(selected.data().floats()[0]));
        assertThat(w1.grad().data().floats()).isEqualTo(w2.grad().data().floats());
        assertThat(b1.grad().data().floats()).isEqualTo(b2.grad().data().floats());
        assertThat(indexed.shape()).isEqualTo(Shape.SCALAR);

        assertThatThrownBy(() -> LinearBCEWithLogits.apply(x, w1, b1, y, new int[] {3, 300, 5}))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("fused linear + BCE with logits: row 300 at position 1 is out of range for x of 300 rows "
                        + "(expected 0 to 299)");
        assertThatThrownBy(() -> LinearBCEWithLogits.apply(x, w1, b1, y, new int[] {-1}))
                .hasMessageContaining("row -1 at position 0 is out of range");
        assertThatThrownBy(() -> LinearBCEWithLogits.apply(x, w1, b1, y, new int[0]))
                .hasMessage("fused linear + BCE with logits: expected at least one row, got an empty list of rows");
        assertThat(w1.grad().data().floats()).isEqualTo(w2.grad().data().floats());
    }
}

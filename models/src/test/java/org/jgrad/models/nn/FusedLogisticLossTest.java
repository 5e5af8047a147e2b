package org.jgrad.models.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.jgrad.autograd.Tensor;
import org.jgrad.autograd.ops.Reduction;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.models.Trainer;
import org.jgrad.models.data.DataLoader;
import org.jgrad.models.data.TensorDataset;
import org.jgrad.models.optim.SGD;
import org.junit.jupiter.api.Test;

/** {@link BCEWithLogitsLoss#forward(Linear, Tensor, Tensor)}: the fused op where allowed, equal to the graph. */
class FusedLogisticLossTest {
    private static final int M = 150;
    private static final int K = 13;

    private static NDArray features(long seed) {
        Random r = new Random(seed);
        float[] v = new float[M * K];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return NDArray.of(v, Shape.of(M, K));
    }

    private static NDArray labels(long seed) {
        Random r = new Random(seed);
        float[] v = new float[M];
        for (int i = 0; i < M; i++) {
            v[i] = r.nextBoolean() ? 1 : 0;
        }
        return NDArray.of(v, Shape.of(M, 1));
    }

    @Test
    void fusedGradientsEqualTheUnfusedGraphs() {
        Tensor x = Tensor.of(features(1));
        Tensor y = Tensor.of(labels(2));
        Linear fused = new Linear(K, 1, new Random(3));
        Linear plain = new Linear(K, 1, new Random(3));
        BCEWithLogitsLoss bce = new BCEWithLogitsLoss();

        Tensor a = bce.forward(fused, x, y);
        Tensor b = bce.forward(plain.forward(x), y);
        assertThat(a.gradFn().name()).isEqualTo("LinearBCEWithLogitsBackward");
        assertThat(b.gradFn().name()).isEqualTo("BinaryCrossEntropyWithLogitsBackward");
        assertThat(a.item()).isCloseTo(b.item(), within(1e-6));
        a.backward();
        b.backward();
        for (int j = 0; j < K; j++) {
            assertThat(fused.weight().grad().data().get(j)).isCloseTo(plain.weight().grad().data().get(j),
                    within(1e-6));
        }
        assertThat(fused.bias().grad().item()).isCloseTo(plain.bias().grad().item(), within(1e-6));
    }

    @Test
    void theTrainerTakesTheFusedPathAndEndsWhereTheGraphDoes() {
        TensorDataset data = new TensorDataset(features(4), labels(5));
        Linear fused = new Linear(K, 1, new Random(6));
        Linear plain = new Linear(K, 1, new Random(6));
        List<Double> costs = new Trainer(fused, new BCEWithLogitsLoss(), new SGD(fused.parameters(), 0.5))
                .fit(new DataLoader(data, 50, true, 7, false), 20, Trainer.Listener.NONE);
        // the same 20 epochs by hand, unfused: Linear then BCEWithLogitsLoss, same batches (same loader seed)
        SGD optimizer = new SGD(plain.parameters(), 0.5);
        DataLoader loader = new DataLoader(data, 50, true, 7, false);
        double last = 0;
        for (int epoch = 0; epoch < 20; epoch++) {
            double total = 0;
            for (DataLoader.Batch batch : loader) {
                Tensor loss = new BCEWithLogitsLoss().forward(plain.forward(batch.x()), batch.y());
                total += loss.item() * batch.x().shape().dim(0);
                optimizer.zeroGrad();
                loss.backward();
                optimizer.step();
            }
            last = total / M;
        }
        assertThat(costs.get(19)).isCloseTo(last, within(1e-5));
        for (int j = 0; j < K; j++) {
            assertThat(fused.weight().data().get(j)).isCloseTo(plain.weight().data().get(j), within(1e-5));
        }
        assertThat(fused.bias().data().get(0)).isCloseTo(plain.bias().data().get(0), within(1e-5));
    }

    @Test
    void whatTheFusionCannotComputeRunsTheGraph() {
        Linear layer = new Linear(K, 1, new Random(8));
        Tensor y = Tensor.of(labels(9));
        Tensor xNeedsGrad = Tensor.of(features(10)).requiresGrad(true);
        assertThat(new BCEWithLogitsLoss().forward(layer, xNeedsGrad, y).gradFn().name())
                .isEqualTo("BinaryCrossEntropyWithLogitsBackward");
        Tensor x = Tensor.of(features(10));
        assertThat(new BCEWithLogitsLoss(null, null, Reduction.SUM).forward(layer, x, y).gradFn().name())
                .isEqualTo("BinaryCrossEntropyWithLogitsBackward");
        NDArray bad = labels(9).copy();
        bad.set(4, 2);
        assertThatThrownBy(() -> new BCEWithLogitsLoss().forward(layer, x, Tensor.of(bad)))
                .hasMessage("BCEWithLogitsLoss: labels must be 0 or 1, but row 4 holds 2.0");
    }

    /**
     * A mini-batch named by its rows: SGD over an epoch of shuffled batches of 16 by
     * {@code forward(layer, x, y, rows)} ends on the bits of the same loop on the rows selected first, fused or not
     * fused alike (a sum loss runs the graph on the selected rows); only the named rows' labels are checked, and a
     * null list is refused.
     */
    @Test
    void aBatchNamedByItsRowsTrainsAsTheSelectedRows() {
        Tensor x = Tensor.of(features(11));
        NDArray labels = labels(12).copy();
        labels.set(3, 0.5); // a bad label in a row no batch below names
        Tensor y = Tensor.of(labels);
        int[] order = org.jgrad.models.data.Shuffle.permutation(M, new Random(13));
        int[] rows = java.util.Arrays.stream(order).filter(i -> i != 3).toArray();
        for (Reduction reduction : new Reduction[] {Reduction.MEAN, Reduction.SUM}) {
            Linear named = new Linear(K, 1, new Random(14));
            Linear selected = new Linear(K, 1, new Random(14));
            SGD a = new SGD(named.parameters(), 0.1);
            SGD b = new SGD(selected.parameters(), 0.1);
            BCEWithLogitsLoss bce = new BCEWithLogitsLoss(null, null, reduction);
            for (int start = 0; start < rows.length; start += 16) {
                int[] batch = java.util.Arrays.copyOfRange(rows, start, Math.min(rows.length, start + 16));
                Tensor la = bce.forward(named, x, y, batch);
                Tensor lb = bce.forward(selected, x.indexSelect(0, batch), y.indexSelect(0, batch));
                assertThat(la.gradFn().name()).as("%s", reduction).isEqualTo(lb.gradFn().name());
                assertThat(la.item()).as("%s, batch at %d", reduction, start).isEqualTo(lb.item());
                a.zeroGrad();
                la.backward();
                a.step();
                b.zeroGrad();
                lb.backward();
                b.step();
            }
            assertThat(named.weight().data().floats()).as("%s", reduction)
                    .isEqualTo(selected.weight().data().floats());
            assertThat(named.bias().data().floats()).isEqualTo(selected.bias().data().floats());
        }
        Linear layer = new Linear(K, 1, new Random(15));
        assertThatThrownBy(() -> new BCEWithLogitsLoss().forward(layer, x, y, new int[] {0, 3}))
                .hasMessage("BCEWithLogitsLoss: labels must be 0 or 1, but row 3 holds 0.5");
        assertThatThrownBy(() -> new BCEWithLogitsLoss().forward(layer, x, y, null))
                .hasMessageContaining("rows is null");
        assertThatThrownBy(() -> new BCEWithLogitsLoss().forward(layer, x, y, new int[] {M}))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("row 150 at position 0");
    }

    /**
     * The trainer's logistic regression reads each batch's rows where they are (the loader gathers nothing on one
     * thread) and ends on the bits of the same training on batches a worker gathered first, and of two threads
     * taking turns.
     */
    @Test
    void theTrainerReadsTheRowsInPlaceWithTheBitsOfGatheredBatches() {
        TensorDataset data = new TensorDataset(features(16), labels(17));
        float[][] weights = new float[3][];
        float[] biases = new float[3];
        for (int run = 0; run < 3; run++) {
            Linear model = new Linear(K, 1, new Random(18));
            new Trainer(model, new BCEWithLogitsLoss(), new SGD(model.parameters(), 0.3)).threads(run == 2 ? 2 : 1)
                    .fit(new DataLoader(data, 16, true, 19, false, run == 1 ? 1 : 0), 4, Trainer.Listener.NONE);
            weights[run] = model.weight().data().floats().clone();
            biases[run] = model.bias().data().floats()[0];
        }
        assertThat(weights[0]).isEqualTo(weights[1]).isEqualTo(weights[2]);
        assertThat(biases[0]).isEqualTo(biases[1]).isEqualTo(biases[2]);
    }
}

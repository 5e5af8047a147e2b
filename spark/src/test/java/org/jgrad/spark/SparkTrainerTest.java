package org.jgrad.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.jgrad.core.NDArray;
import org.jgrad.models.Trainer;
import org.jgrad.models.data.DataLoader;
import org.jgrad.models.data.Digits;
import org.jgrad.models.data.LabeledData;
import org.jgrad.models.data.TensorDataset;
import org.jgrad.models.data.TwoMoons;
import org.jgrad.models.nn.BCEWithLogitsLoss;
import org.jgrad.models.nn.Linear;
import org.jgrad.models.nn.Loss;
import org.jgrad.models.nn.Mlp;
import org.jgrad.models.nn.Module;
import org.jgrad.models.optim.Adam;
import org.jgrad.models.optim.LBFGS;
import org.jgrad.models.optim.SGD;
import org.junit.jupiter.api.Test;

class SparkTrainerTest {
    private static JavaSparkContext sc() {
        return JavaSparkContext.fromSparkContext(LocalSpark.get().spark().sparkContext());
    }

    /** The tutorial's digits 0 and 1, pixels / 16: 360 rows of 64 features. */
    private static LabeledData digits() {
        return org.jgrad.models.data.Scaler.divide(16).transform(Digits.pair(0, 1));
    }

    @Test
    void fullBatchLogisticRegressionPrintsTheSingleMachineCostLines() {
        LabeledData data = digits();
        Linear alone = Linear.zeros(64, 1);
        List<Double> single = new ArrayList<>();
        new Trainer(alone, new BCEWithLogitsLoss(), new SGD(alone.parameters(), 0.05)).fit(
                new DataLoader(TensorDataset.of(data), data.rows(), false, 42, false), 200, epochs(single));

        Linear model = Linear.zeros(64, 1);
        List<Double> spread = new ArrayList<>();
        try (BlockedData blocks = BlockedData.of(sc(), data, 3, 100)) {   // 3 partitions of 120 rows, 2 blocks each
            new SparkTrainer(blocks, model, ModelRecipe.of(model, new BCEWithLogitsLoss()),
                    new SGD(model.parameters(), 0.05)).fit(200, null, 42, epochs(spread));
        }
        assertThat(spread).hasSize(200);
        for (int i = 0; i < 200; i += 50) {
            assertThat(line(spread.get(i))).isEqualTo(line(single.get(i)));
        }
        assertThat(spread.get(199)).isCloseTo(single.get(199), within(1e-5));
        assertClose(model.stateDict(), alone.stateDict(), 1e-5);
    }

    @Test
    void fullBatchMlpWithAdamFollowsTheSingleMachineRun() {
        LabeledData moons = TwoMoons.generate(400, 0.1, 7);
        Module alone = Mlp.of(new int[] {2, 16, 16, 1}, "tanh", new Random(3));
        List<Double> single = new ArrayList<>();
        new Trainer(alone, new BCEWithLogitsLoss(), new Adam(alone.parameters(), 0.01, 0.9, 0.999, 1e-8, 0)).fit(
                new DataLoader(TensorDataset.of(moons), moons.rows(), false, 42, false), 60, epochs(single));

        Module model = Mlp.of(new int[] {2, 16, 16, 1}, "tanh", new Random(3));
        List<Double> spread = new ArrayList<>();
        try (BlockedData blocks = BlockedData.of(sc(), moons, 2, 4096)) {
            new SparkTrainer(blocks, model, ModelRecipe.of(model, new BCEWithLogitsLoss()),
                    new Adam(model.parameters(), 0.01, 0.9, 0.999, 1e-8, 0)).fit(60, null, 42, epochs(spread));
        }
        assertThat(spread.get(59)).isCloseTo(single.get(59), within(1e-5));
        assertClose(model.stateDict(), alone.stateDict(), 1e-4);
    }

    /** L-BFGS with the strong Wolfe line search: the distributed closure against a closure over all rows at once. */
    @Test
    void lbfgsFollowsTheSingleMachineRun() {
        LabeledData data = digits();
        LBFGS.Options options = LBFGS.Options.defaults().maxIter(15).lineSearch(LBFGS.LineSearch.STRONG_WOLFE);
        Linear alone = Linear.zeros(64, 1);
        LBFGS single = new LBFGS(alone.parameters(), options);
        BCEWithLogitsLoss bce = new BCEWithLogitsLoss();
        org.jgrad.autograd.Tensor x = org.jgrad.autograd.Tensor.of(data.x());
        org.jgrad.autograd.Tensor y = org.jgrad.autograd.Tensor.of(data.y());
        double firstAlone = single.step(() -> {
            single.zeroGrad();
            org.jgrad.autograd.Tensor loss = bce.forward(alone.forward(x), y);
            loss.backward();
            return loss;
        });

        Linear model = Linear.zeros(64, 1);
        LBFGS spread = new LBFGS(model.parameters(), options);
        List<Double> losses = new ArrayList<>();
        try (BlockedData blocks = BlockedData.of(sc(), data, 2, 100)) {
            new SparkTrainer(blocks, model, ModelRecipe.of(model, bce), spread).fit(1, null, 42, epochs(losses));
        }
        assertThat(losses.get(0)).isCloseTo(firstAlone, within(1e-6));   // log 2 at zeros
        assertThat(spread.functionEvaluations()).isEqualTo(single.functionEvaluations());
        assertClose(model.stateDict(), alone.stateDict(), 1e-4);
    }

    /** The loss and gradient of one evaluation against a float64 loop over the rows (the closed form). */
    @Test
    void evaluateGivesTheMeanLogLossAndItsGradient() {
        LabeledData data = digits();
        Linear model = new Linear(64, 1, new Random(5));
        float[] w = model.weight().data().floats();
        float b = model.bias().data().floats()[0];
        // L = mean(log(1 + e^z) - y z), z = x.w + b;  dL/dw = mean((sigma(z) - y) x), dL/db = mean(sigma(z) - y)
        double loss = 0;
        double[] dw = new double[64];
        double db = 0;
        int m = data.rows();
        for (int i = 0; i < m; i++) {
            double z = b;
            for (int j = 0; j < 64; j++) {
                z += (double) data.x().floats()[i * 64 + j] * w[j];
            }
            double y = data.y().floats()[i];
            loss += Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - y * z;
            double dz = 1 / (1 + Math.exp(-z)) - y;
            for (int j = 0; j < 64; j++) {
                dw[j] += dz * data.x().floats()[i * 64 + j];
            }
            db += dz;
        }
        try (BlockedData blocks = BlockedData.of(sc(), data, 2, 50)) {
            SparkTrainer t = new SparkTrainer(blocks, model, ModelRecipe.of(model, new BCEWithLogitsLoss()),
                    new SGD(model.parameters(), 0.1));
            assertThat(t.evaluate()).isCloseTo(loss / m, within(1e-6));
        }
        float[] g = model.weight().grad().data().floats();
        for (int j = 0; j < 64; j++) {
            assertThat((double) g[j]).as("dL/dw%d", j).isCloseTo(dw[j] / m, within(1e-6));
        }
        assertThat(model.bias().grad().data().floats()[0]).isCloseTo((float) (db / m), within(1e-6f));
    }

    @Test
    void seededMiniBatchRunsGiveIdenticalModels() {
        LabeledData moons = TwoMoons.generate(400, 0.1, 7);
        Map<String, NDArray> first = miniBatchRun(moons, 42, null);
        Map<String, NDArray> second = miniBatchRun(moons, 42, null);
        Map<String, NDArray> other = miniBatchRun(moons, 43, null);
        assertBitIdentical(first, second);
        assertThat(first.get("0.weight").floats()).isNotEqualTo(other.get("0.weight").floats());
    }

    /** Partition 1's first attempt fails at step 7; Spark retries it and the model ends bit for bit the same. */
    @Test
    void aRetriedTaskLeavesTheResultBitIdentical() {
        LabeledData moons = TwoMoons.generate(400, 0.1, 7);
        Map<String, NDArray> undisturbed = miniBatchRun(moons, 42, null);
        FailOnce.armed.set(true);
        Map<String, NDArray> retried = miniBatchRun(moons, 42, new FailOnce());
        assertThat(FailOnce.failed.get()).as("the failure was injected").isTrue();
        assertBitIdentical(retried, undisturbed);
    }

    /** A recipe whose model creation throws once: in the first attempt of partition 1's task in step 7. */
    private static final class FailOnce implements ModelRecipe {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean armed = new AtomicBoolean();
        static final AtomicBoolean failed = new AtomicBoolean();
        private static final java.util.concurrent.atomic.AtomicInteger tasks =
                new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public Module model(Random random) {
            TaskContext task = TaskContext.get();
            // one task of partition 1 per step (steps count from 0): the 8th first attempt is step 7's
            if (task != null && task.partitionId() == 1 && task.attemptNumber() == 0
                    && tasks.incrementAndGet() == 8 && armed.getAndSet(false)) {
                failed.set(true);
                throw new IllegalStateException("injected failure");
            }
            return Mlp.of(new int[] {2, 8, 1}, "relu", random);
        }

        @Override
        public Loss loss() {
            return new BCEWithLogitsLoss();
        }
    }

    private static Map<String, NDArray> miniBatchRun(LabeledData data, long seed, ModelRecipe recipe) {
        Module model = Mlp.of(new int[] {2, 8, 1}, "relu", new Random(1));
        ModelRecipe r = recipe != null ? recipe : ModelRecipe.of(model, new BCEWithLogitsLoss());
        try (BlockedData blocks = BlockedData.of(sc(), data, 2, 64)) {
            new SparkTrainer(blocks, model, r, new SGD(model.parameters(), 0.1, 0.9, 0, 0, false))
                    .fit(1, 32, seed, Trainer.Listener.NONE);
        }
        return model.stateDict();
    }

    private static Trainer.Listener epochs(List<Double> into) {
        return new Trainer.Listener() {
            @Override
            public void onEpoch(int epoch, double meanLoss) {
                into.add(meanLoss);
            }
        };
    }

    private static String line(double cost) {
        return String.format(Locale.ROOT, "%.4f", cost);
    }

    private static void assertClose(Map<String, NDArray> a, Map<String, NDArray> b, double tolerance) {
        assertThat(a.keySet()).isEqualTo(b.keySet());
        for (String k : a.keySet()) {
            float[] x = a.get(k).floats();
            float[] y = b.get(k).floats();
            for (int i = 0; i < x.length; i++) {
                assertThat((double) x[i]).as("%s[%d]", k, i).isCloseTo(y[i], within(tolerance));
            }
        }
    }

    private static void assertBitIdentical(Map<String, NDArray> a, Map<String, NDArray> b) {
        assertThat(a.keySet()).isEqualTo(b.keySet());
        for (String k : a.keySet()) {
            assertThat(a.get(k).floats()).as(k).containsExactly(b.get(k).floats());
        }
    }
}

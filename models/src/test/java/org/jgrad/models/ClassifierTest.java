package org.jgrad.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.models.data.DataLoader;
import org.jgrad.models.data.LabeledData;
import org.jgrad.models.data.Scaler;
import org.jgrad.models.data.Synthetic;
import org.jgrad.models.data.TensorDataset;
import org.jgrad.models.data.TrainTestSplit;
import org.jgrad.models.data.TwoMoons;
import org.jgrad.models.io.ModelFileException;
import org.jgrad.models.io.Safetensors;
import org.jgrad.models.optim.Adam;
import org.jgrad.models.optim.SGD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierTest {
    @Test
    void predictLabelsNamesTheClassOfEachRow() {
        // logistic regression with w = (1), b = 0: P(class 1) = sigma(x) > 0.5 exactly for x > 0
        Classifier c = Classifier.logisticRegression(1, List.of("-1", "1"), Scaler.none(), true, new Random(0));
        c.network().parameters().get(0).data().set(0, 1.0);
        NDArray x = NDArray.of(new float[] {2, -3, 0.5f}, Shape.of(3, 1));
        assertThat(c.predictLabels(x)).containsExactly("1", "-1", "1");
    }

    @TempDir
    Path dir;

    private static void train(Classifier c, LabeledData raw, double lr, int epochs, boolean adam) {
        LabeledData data = c.scaler().transform(raw);
        var params = List.copyOf(c.parameters().values());
        var optimizer = adam ? new Adam(params, lr) : new SGD(params, lr);
        new Trainer(c.network(), c.loss(), optimizer).fit(
                new DataLoader(TensorDataset.of(data), data.rows(), false, 0, false), epochs, Trainer.Listener.NONE);
    }

    /** The target: on two half-moons a linear model stays near its limit, a 2-16-16-1 MLP passes 97%. */
    @Test
    void moonsNeedTheMlpAndXorIsLearnedExactly() {
        TrainTestSplit moons = TrainTestSplit.split(TwoMoons.generate(400, 0.1, 7), 0.2, 42);
        Classifier linear = Classifier.logisticRegression(2, List.of("0", "1"), Scaler.none(), true, new Random(0));
        train(linear, moons.train(), 0.5, 500, false);
        Classifier mlp = Classifier.mlp(2, new int[] {16, 16}, "tanh", List.of("0", "1"), Scaler.none(),
                new Random(42));
        train(mlp, moons.train(), 0.01, 500, true);
        assertThat(linear.accuracy(moons.test())).isBetween(0.80, 0.92);
        assertThat(mlp.accuracy(moons.test())).isGreaterThanOrEqualTo(0.97);

        Classifier xor = Classifier.mlp(2, new int[] {16, 16}, "tanh", List.of("0", "1"), Scaler.none(),
                new Random(42));
        train(xor, Synthetic.xor(), 0.05, 300, true);
        assertThat(xor.predict(Synthetic.xor().x())).containsExactly(0, 1, 1, 0);
    }

    @Test
    void savedClassifierPredictsTheSameFromRawFeatures() throws IOException {
        LabeledData raw = TwoMoons.generate(60, 0.2, 1).multipliedBy(100); // raw features on a large scale
        Scaler scaler = Scaler.standardize(raw.x());
        Classifier c = Classifier.mlp(2, new int[] {5}, "relu", List.of("left", "right"), scaler, new Random(3));
        train(c, raw, 0.05, 50, true);
        Path file = dir.resolve("c.safetensors");
        c.save(file);

        Classifier back = Classifier.load(file);
        assertThat(back.classNames()).containsExactly("left", "right");
        assertThat(back.scaler()).isEqualTo(scaler);
        assertThat(back.predictProba(raw.x()).floats()).containsExactly(c.predictProba(raw.x()).floats());
        assertThat(Safetensors.read(file).metadata()).containsEntry("layers", "[2,5,1]")
                .containsEntry("activation", "relu").containsEntry("model", "mlp");
    }

    @Test
    void multiClassProbabilitiesAreASoftmaxOverRows() {
        Classifier c = Classifier.logisticRegression(2, List.of("a", "b", "c"), Scaler.none(), false, new Random(0));
        NDArray x = NDArray.of(new float[] {1, 2, -1, 0.5f}, Shape.of(2, 2));
        NDArray p = c.predictProba(x);
        assertThat(p.shape()).isEqualTo(Shape.of(2, 3));
        NDArray w = c.parameters().get("weight").data();
        NDArray b = c.parameters().get("bias").data();
        for (int i = 0; i < 2; i++) {
            double[] z = new double[3];
            double sum = 0;
            for (int k = 0; k < 3; k++) {
                z[k] = b.get(k) + x.get(2 * i) * w.get(2 * k) + x.get(2 * i + 1) * w.get(2 * k + 1);
                sum += Math.exp(z[k]);
            }
            for (int k = 0; k < 3; k++) {
                assertThat(p.get(3 * i + k)).isCloseTo(Math.exp(z[k]) / sum, within(1e-6));
            }
        }
    }

    @Test
    void filesThatAreNotClassifiersOrDoNotFitAreClearErrors() throws IOException {
        Path bare = dir.resolve("bare.safetensors");
        Safetensors.write(bare, Map.of("w", NDArray.zeros(org.jgrad.core.DType.FLOAT32, Shape.of(2))), Map.of());
        assertThatThrownBy(() -> Classifier.load(bare)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("no jgrad classifier metadata");

        Classifier c = Classifier.mlp(3, new int[] {4}, "relu", List.of("0", "1"), Scaler.none(), new Random(0));
        Path file = dir.resolve("c.safetensors");
        c.save(file);
        Safetensors.Contents contents = Safetensors.read(file);
        Map<String, String> meta = new java.util.HashMap<>(contents.metadata());
        meta.put("layers", "[3,5,1]");
        Path lying = dir.resolve("lying.safetensors");
        Safetensors.write(lying, contents.tensors(), meta);
        assertThatThrownBy(() -> Classifier.load(lying)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("do not fit").hasMessageContaining("'0.weight'");

        // a scaler fitted to 2 features in a model of 3: the file, the field and both counts are named
        Map<String, String> wrongScaler = new java.util.HashMap<>(contents.metadata());
        wrongScaler.put("scaler", "standardize");
        wrongScaler.put("scaler.shift", "[0.5,1.5]");
        wrongScaler.put("scaler.scale", "[2.0,3.0]");
        Path misfit = dir.resolve("misfit.safetensors");
        Safetensors.write(misfit, contents.tensors(), wrongScaler);
        assertThatThrownBy(() -> Classifier.load(misfit)).isInstanceOf(ModelFileException.class)
                .hasMessage(misfit + ": __metadata__ 'scaler.shift' has 2 values, but the model takes 3 features; "
                        + "the scaler does not fit it");

        Path cut = dir.resolve("cut.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> Classifier.load(cut)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("cut.safetensors");
    }
}

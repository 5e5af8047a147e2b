package org.jgrad.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.jgrad.models.Classifier;
import org.jgrad.models.Trainer;
import org.jgrad.models.data.ClassLabels;
import org.jgrad.models.data.CsvReader;
import org.jgrad.models.data.DataLoader;
import org.jgrad.models.data.LabeledData;
import org.jgrad.models.data.Scaler;
import org.jgrad.models.data.TensorDataset;
import org.jgrad.models.optim.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainPredictCommandTest {
    @TempDir
    Path dir;

    /** Runs the command line, as {@link TrainCommandTest} does. */
    private static TrainCommandTest.Result run(String... args) {
        return TrainCommandTest.run(args);
    }

    @Test
    void savedModelPredictsRawRowsWithItsScaler() throws IOException {
        Path model = dir.resolve("xor.safetensors");
        TrainCommandTest.Result train = run("train", "--dataset", "xor", "--model", "mlp", "--hidden", "16,16", "--activation", "tanh",
                "--optimizer", "adam", "--lr", "0.05", "--epochs", "300", "--print-every", "100", "--save",
                model.toString());
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.out()).contains("Test accuracy: 100.00%");
        Path csv = Files.writeString(dir.resolve("rows.csv"), "a,b\n0,0\n0,1\n1,0\n1,1\n");

        TrainCommandTest.Result predict = run("predict", "--model", model.toString(), "--data", csv.toString());
        assertThat(predict.code()).as(predict.err()).isZero();
        // XOR's truth table: the predicted label of each row, as the classes are named (0 and 1)
        assertThat(predict.out().lines().toList()).containsExactly("0", "1", "1", "0");

        // --proba: a header naming the classes in order, then P(0), P(1) per row, summing to 1, agreeing with predict
        TrainCommandTest.Result proba = run("predict", "--model", model.toString(), "--data", csv.toString(), "--proba");
        List<String> lines = proba.out().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo("P(0),P(1)");
        for (int i = 1; i < 5; i++) {
            String[] cells = lines.get(i).split(",");
            double p0 = Double.parseDouble(cells[0]);
            double p1 = Double.parseDouble(cells[1]);
            assertThat(p0 + p1).isEqualTo(1.0, org.assertj.core.api.Assertions.within(2e-6));
            assertThat(p1 > 0.5).isEqualTo(i == 2 || i == 3);
        }
    }

    /** README's "a model from Java that predict accepts", line for line. */
    @Test
    void aClassifierSavedFromJavaPredictsFromTheCommandLine() throws IOException {
        StringBuilder csv = new StringBuilder("x1,x2,animal\n");
        for (int i = 0; i < 60; i++) {
            double x1 = (i % 2 == 0 ? 1 : -1) * (0.5 + i / 60.0);
            csv.append(x1).append(',').append(Math.sin(i)).append(',').append(x1 > 0 ? "cat" : "dog").append('\n');
        }
        Path trainCsv = Files.writeString(dir.resolve("train.csv"), csv);
        Path modelFile = dir.resolve("model.safetensors");

        CsvReader.Table table = CsvReader.readTable(trainCsv, ',', "-1");       // the last column kept as text
        ClassLabels classes = ClassLabels.fit("train.csv", table.labels());      // [cat, dog]
        LabeledData train = LabeledData.of(table.rows().toArray(new float[0][]),
                classes.encode("train.csv", table.labels()));                   // labels -> 0, 1
        Scaler scaler = Scaler.fit("standardize", train.x());
        Classifier model = Classifier.mlp(train.features(), new int[] {16}, "relu", classes.names(), scaler,
                new Random(42));
        new Trainer(model.network(), model.loss(), new Adam(model.network().parameters(), 0.01))
                .fit(new DataLoader(TensorDataset.of(scaler.transform(train)), 32, true, 42, false), 100,
                        Trainer.Listener.NONE);
        model.save(modelFile);

        Path rows = Files.writeString(dir.resolve("rows.csv"), "3,0\n-3,0\n");
        TrainCommandTest.Result predict = run("predict", "--model", modelFile.toString(), "--data", rows.toString());
        assertThat(predict.code()).as(predict.err()).isZero();
        assertThat(predict.out().lines().toList()).containsExactly("cat", "dog");
    }

    @Test
    void multiClassPredictPrintsTheClass() throws IOException {
        Path model = dir.resolve("digits.safetensors");
        TrainCommandTest.Result train = run("train", "--dataset", "digits", "--optimizer", "adam", "--lr", "0.05", "--epochs", "30",
                "--batch-size", "128", "--print-every", "10", "--save", model.toString());
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.out()).contains("Cost after epoch 0:");
        // one zero from the bundled digits (its first row), pixels raw: the saved scaler divides by 16
        String zero = "0,0,5,13,9,1,0,0,0,0,13,15,10,15,5,0,0,3,15,2,0,11,8,0,0,4,12,0,0,8,8,0,0,5,8,0,0,9,8,0,0,4,"
                + "11,0,1,12,7,0,0,2,14,5,10,12,0,0,0,0,6,13,10,0,0,0";
        Path csv = Files.writeString(dir.resolve("zero.csv"), zero + "\n");
        TrainCommandTest.Result predict = run("predict", "--model", model.toString(), "--data", csv.toString());
        assertThat(predict.out().strip()).isEqualTo("0");
    }

    @Test
    void badOptionsAreUsageErrors() throws IOException {
        assertThat(run("train", "--model", "mlp", "--init", "zeros").err()).contains("--init zeros");
        assertThat(run("train", "--optimizer", "rmsprop").code()).isEqualTo(2);
        assertThat(run("train", "--dataset", "mnist").err()).contains("unknown dataset 'mnist'");
        Path csv = Files.writeString(dir.resolve("r.csv"), "1,2\n");
        assertThat(run("predict", "--model", dir.resolve("none.safetensors").toString(), "--data", csv.toString())
                .err()).contains("no such file");
    }
}

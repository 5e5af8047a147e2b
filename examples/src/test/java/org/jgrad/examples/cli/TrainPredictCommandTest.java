package org.jgrad.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

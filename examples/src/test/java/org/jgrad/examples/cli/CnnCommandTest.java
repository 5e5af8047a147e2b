package org.jgrad.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jgrad.models.Classifier;
import org.jgrad.models.data.Digits;
import org.jgrad.models.data.LabeledData;
import org.jgrad.models.data.TrainTestSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --model cnn} on the 8 x 8 digits as images, and {@code predict} on the saved model. */
class CnnCommandTest {
    @TempDir
    Path dir;

    @Test
    void trainsTheCnnOnDigitImagesAndPredictsRawRows() throws IOException {
        Path model = dir.resolve("cnn.safetensors");
        TrainCommandTest.Result train = TrainCommandTest.run("train", "--dataset", "digits", "--model", "cnn",
                "--optimizer", "adam", "--lr", "0.001", "--epochs", "4", "--batch-size", "32", "--print-every", "1",
                "--quiet", "--save", model.toString());
        assertThat(train.code()).as(train.err()).isZero();
        // ten classes (chance 10%): four epochs of Adam on 1437 images reach well over 85% on the held-out 360
        String test = train.out().lines().filter(l -> l.startsWith("Test accuracy: ")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(test.substring(15, test.length() - 1))).isGreaterThan(85);
        assertThat(Classifier.load(model).toString()).contains("Classifier(cnn [64, 10]").contains("Conv2d(1, 16");

        // the held-out rows as raw pixels (0..16), the split train used (80/20, seed 42)
        LabeledData held = TrainTestSplit.split(Digits.all(), 0.2, 42).test();
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            for (int j = 0; j < 64; j++) {
                csv.append(j == 0 ? "" : ",").append((int) held.x().get(i * 64 + j));
            }
            csv.append('\n');
        }
        Path rows = Files.writeString(dir.resolve("rows.csv"), csv);
        TrainCommandTest.Result predict = TrainCommandTest.run("predict", "--model", model.toString(), "--data",
                rows.toString());
        assertThat(predict.code()).as(predict.err()).isZero();
        int[] expected = Classifier.load(model).predict(held.select(java.util.stream.IntStream.range(0, 40)
                .toArray()).x());
        assertThat(predict.out().lines().mapToInt(Integer::parseInt).toArray()).containsExactly(expected);
        long right = java.util.stream.IntStream.range(0, 40).filter(i -> expected[i] == (int) held.y().get(i)).count();
        assertThat(right).isGreaterThanOrEqualTo(32);
    }

    @Test
    void cnnNeedsSquareImagesAndDefaultInit() {
        assertThat(TrainCommandTest.run("train", "--dataset", "breast-cancer", "--model", "cnn").err())
                .contains("a convolutional model needs square grey images: 30 features");
        assertThat(TrainCommandTest.run("train", "--model", "cnn", "--init", "zeros").code()).isEqualTo(2);
    }
}

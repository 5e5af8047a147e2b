package org.jgrad.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.jgrad.core.NDArray;
import org.jgrad.models.Classifier;
import org.jgrad.models.data.FashionMnist;
import org.jgrad.models.data.LabeledData;
import org.jgrad.models.io.Safetensors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --dataset fashion-mnist --model cnn} and {@code predict} on its saved model, on a slice of the real
 * data (the first 2000 training and 500 test images, written as IDX files for {@code --fashion-dir}), so that the
 * command line's Fashion-MNIST path runs in CI in seconds. Skips, saying why, when the data is not installed.
 */
class FashionCnnCommandTest {
    private static final int TRAIN = 2000;
    private static final int TEST = 500;

    @TempDir
    Path dir;

    @Test
    void trainsOnASliceSavesAndPredictsRawPixelRows() throws IOException {
        Assumptions.assumeTrue(FashionMnist.available(FashionMnist.DEFAULT_DIRECTORY), "Fashion-MNIST is not in "
                + FashionMnist.DEFAULT_DIRECTORY + " (apt-get install dataset-fashion-mnist; .ci/run does so when it "
                + "can): skipping the Fashion-MNIST CNN command-line test");
        FashionMnist all = FashionMnist.load();
        LabeledData train = first(all.train(), TRAIN);
        LabeledData test = first(all.test(), TEST);
        Path data = Files.createDirectory(dir.resolve("fashion"));
        write(data, "train", train);
        write(data, "t10k", test);

        Path model = dir.resolve("cnn.safetensors");
        TrainCommandTest.Result r = TrainCommandTest.run("train", "--dataset", "fashion-mnist", "--fashion-dir",
                data.toString(), "--model", "cnn", "--optimizer", "adam", "--lr", "0.001", "--epochs", "2",
                "--print-every", "1", "--quiet", "--save", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        // ten classes, chance 10%: two epochs of 32 batches (the default 64, the last one 16) reach 72.4% here
        String line = r.out().lines().filter(l -> l.startsWith("Test accuracy: ")).findFirst().orElseThrow();
        double accuracy = Double.parseDouble(line.substring(15, line.length() - 1));
        assertThat(accuracy).isGreaterThan(60);
        assertThat(Safetensors.read(model).metadata()).containsEntry("model", "cnn")
                .containsEntry("image", "[1,28,28]");
        Classifier loaded = Classifier.load(model);
        assertThat(loaded.parameters().get("7.weight").shape().dims()).containsExactly(10, 1568);
        assertThat(100 * loaded.accuracy(test)).isCloseTo(accuracy, org.assertj.core.api.Assertions.within(0.005));

        // predict takes the raw pixels (0..255) and scales them itself, as the saved scaler says
        int rows = 40;
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 784; j++) {
                csv.append(j == 0 ? "" : ",").append((int) test.x().get(i * 784 + j));
            }
            csv.append('\n');
        }
        Path pixels = Files.writeString(dir.resolve("rows.csv"), csv);
        TrainCommandTest.Result p = TrainCommandTest.run("predict", "--model", model.toString(), "--data",
                pixels.toString());
        assertThat(p.code()).as(p.err()).isZero();
        int[] expected = loaded.predict(first(test, rows).x());
        assertThat(p.out().lines().map(FashionMnist.CLASSES::indexOf).mapToInt(Integer::intValue).toArray())
                .containsExactly(expected);
    }

    private static LabeledData first(LabeledData d, int rows) {
        return d.select(IntStream.range(0, rows).toArray());
    }

    /** {@code prefix-images-idx3-ubyte} and {@code prefix-labels-idx1-ubyte}: IDX magic, sizes, unsigned bytes. */
    private static void write(Path dir, String prefix, LabeledData d) throws IOException {
        try (DataOutputStream images = idx(dir.resolve(prefix + "-images-idx3-ubyte"), d.rows(), 28, 28);
                DataOutputStream labels = idx(dir.resolve(prefix + "-labels-idx1-ubyte"), d.rows())) {
            NDArray x = d.x();
            for (int i = 0; i < x.size(); i++) {
                images.writeByte((int) x.get(i));
            }
            for (int i = 0; i < d.rows(); i++) {
                labels.writeByte((int) d.y().get(i));
            }
        }
    }

    private static DataOutputStream idx(Path file, int... dims) throws IOException {
        OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file));
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(0x0800 | dims.length); // zero, zero, 0x08 (unsigned bytes), the number of dimensions
        for (int d : dims) {
            data.writeInt(d);
        }
        return data;
    }
}

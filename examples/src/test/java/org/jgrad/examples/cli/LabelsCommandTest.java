package org.jgrad.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Labels as the data writes them: 1/2, -1/1, cat/dog, three names; predict prints them back. */
class LabelsCommandTest {
    @TempDir
    Path dir;

    private static TrainCommandTest.Result run(String... args) {
        return TrainCommandTest.run(args);
    }

    /** 40 rows separable by x1 > 0, labelled {@code label.apply(0 or 1)}, with a header. */
    private Path csv(String name, IntFunction<String> label) throws IOException {
        StringBuilder b = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < 40; i++) {
            double x1 = (i % 2 == 0 ? 1 : -1) * (0.5 + i / 40.0);
            b.append(x1).append(',').append(Math.sin(i)).append(',').append(label.apply(x1 > 0 ? 1 : 0)).append('\n');
        }
        return Files.writeString(dir.resolve(name), b);
    }

    private Path rows() throws IOException {
        return Files.writeString(dir.resolve("rows.csv"), "x1,x2\n2,0\n-2,0\n");
    }

    @Test
    void oneAndTwoTrainOneLogitAndPredictPrintsOneAndTwo() throws IOException {
        Path train = csv("12.csv", c -> c == 0 ? "1" : "2");
        Path model = dir.resolve("12.safetensors");
        TrainCommandTest.Result r = run("train", "--train", train.toString(), "--lr", "0.5", "--epochs", "200",
                "--print-every", "100", "--save", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        // two classes, one logit from zeros: the first cost is ln 2 = 0.6931 (labels taken as indices 0..2 would
        // have trained a three-class softmax starting at ln 3 = 1.0986)
        assertThat(r.out()).startsWith("Cost after iteration 0: 0.6931\n").contains("Train accuracy: 100.00%");
        TrainCommandTest.Result p = run("predict", "--model", model.toString(), "--data", rows().toString());
        assertThat(p.out().lines().toList()).containsExactly("2", "1");
        TrainCommandTest.Result proba = run("predict", "--model", model.toString(), "--data", rows().toString(),
                "--proba");
        List<String> lines = proba.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("P(1),P(2)");
        assertThat(Double.parseDouble(lines.get(1).split(",")[1])).isGreaterThan(0.5); // x1 = 2: class "2"
    }

    @Test
    void minusOneAndOneAndNamesArePrintedAsWritten() throws IOException {
        Path pm = csv("pm.csv", c -> c == 0 ? "-1" : "1");
        Path m1 = dir.resolve("pm.safetensors");
        assertThat(run("train", "--train", pm.toString(), "--lr", "0.5", "--epochs", "200", "--save", m1.toString())
                .code()).isZero();
        assertThat(run("predict", "--model", m1.toString(), "--data", rows().toString()).out().lines().toList())
                .containsExactly("1", "-1");

        Path animals = csv("animals.csv", c -> c == 0 ? "dog" : "cat");
        Path m2 = dir.resolve("animals.safetensors");
        assertThat(run("train", "--train", animals.toString(), "--lr", "0.5", "--epochs", "200", "--save",
                m2.toString()).code()).isZero();
        // classes sorted: cat (x1 > 0) is class 0, dog class 1
        assertThat(run("predict", "--model", m2.toString(), "--data", rows().toString()).out().lines().toList())
                .containsExactly("cat", "dog");
        assertThat(run("predict", "--model", m2.toString(), "--data", rows().toString(), "--proba").out().lines()
                .findFirst()).hasValue("P(cat),P(dog)");
    }

    @Test
    void threeNamedClassesTrainSoftmax() throws IOException {
        StringBuilder b = new StringBuilder();
        String[] names = {"setosa", "versicolor", "virginica"};
        for (int i = 0; i < 90; i++) {
            double x = (i % 3) * 2 + (i / 90.0);
            b.append(x).append(',').append(Math.cos(i)).append(',').append(names[i % 3]).append('\n');
        }
        Path train = Files.writeString(dir.resolve("iris.csv"), b);
        Path model = dir.resolve("iris.safetensors");
        TrainCommandTest.Result r = run("train", "--train", train.toString(), "--lr", "0.5", "--epochs", "300",
                "--print-every", "1000", "--scale", "standardize", "--save", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Cost after iteration 0: 1.0986"); // ln 3: softmax over three classes
        Path rows = Files.writeString(dir.resolve("iris-rows.csv"), "0,0\n2.2,0\n4.1,0\n");
        assertThat(run("predict", "--model", model.toString(), "--data", rows.toString()).out().lines().toList())
                .containsExactly("setosa", "versicolor", "virginica");
        assertThat(run("predict", "--model", model.toString(), "--data", rows.toString(), "--proba").out().lines()
                .findFirst()).hasValue("P(setosa),P(versicolor),P(virginica)");
    }

    @Test
    void badLabelsAreErrorsNamingTheFile() throws IOException {
        Path train = csv("train.csv", c -> c == 0 ? "1" : "2");
        Path test = Files.writeString(dir.resolve("test.csv"), "1,0,1\n-1,0,3\n");
        TrainCommandTest.Result unknown = run("train", "--train", train.toString(), "--test", test.toString());
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err().strip()).isEqualTo("jgrad: " + test
                + ", data row 2: label '3' is not one of the training classes [1, 2]");

        Path one = Files.writeString(dir.resolve("one.csv"), "1,1000000\n2,1000000\n3,1000000\n");
        assertThat(run("train", "--train", one.toString()).err().strip()).isEqualTo("jgrad: " + one
                + ": every label is '1000000' (1 class); a classifier needs at least 2 classes");

        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 1500; i++) {
            many.append(i).append(',').append(i).append('\n');
        }
        Path wide = Files.writeString(dir.resolve("many.csv"), many);
        assertThat(run("train", "--train", wide.toString()).err().strip()).isEqualTo("jgrad: " + wide
                + ": more than 1000 distinct labels by data row 1001; jgrad trains at most 1000 classes (is the "
                + "label the last column?)");
    }

    /** A semicolon file and a tab file read with --delimiter, and again without it (the separator detected). */
    @Test
    void aSemicolonFileIsReadWithDelimiterOrDetectedWithout() throws IOException {
        Path train = csv("comma.csv", c -> c == 0 ? "no" : "yes");
        Path semi = Files.writeString(dir.resolve("semi.csv"), Files.readString(train).replace(',', ';'));
        Path rows = Files.writeString(dir.resolve("rows.tsv"), "2\t0\n-2\t0\n");
        for (boolean given : new boolean[] {true, false}) {
            Path model = dir.resolve("semi-" + given + ".safetensors");
            List<String> args = new ArrayList<>(List.of("train", "--train", semi.toString(), "--lr", "0.5",
                    "--epochs", "200", "--save", model.toString()));
            List<String> predict = new ArrayList<>(List.of("predict", "--model", model.toString(), "--data",
                    rows.toString()));
            if (given) {
                args.addAll(List.of("--delimiter", ";"));
                predict.addAll(List.of("--delimiter", "tab"));
            }
            TrainCommandTest.Result r = run(args.toArray(String[]::new));
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).as("delimiter given: " + given).contains("Train accuracy: 100.00%");
            assertThat(run(predict.toArray(String[]::new)).out().lines().toList()).containsExactly("yes", "no");
        }
        TrainCommandTest.Result bad = run("train", "--delimiter", "ab");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("jgrad: --delimiter must be one character");
        TrainCommandTest.Result dot = run("train", "--train", semi.toString(), "--delimiter", ".");
        assertThat(dot.code()).isEqualTo(2);
        assertThat(dot.err()).startsWith("jgrad: --delimiter '.' would split numbers; expected a character such as "
                + ";, | or tab");
    }
}

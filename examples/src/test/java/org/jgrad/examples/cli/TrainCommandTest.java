package org.jgrad.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    @TempDir
    Path dir;

    /** The table printed by tutorial 002 (../shared/seeds/002_*.txt), word for word. */
    static final List<String> TUTORIAL_002_LOG = List.of(
            "Cost after iteration 0: 0.6931",
            "Cost after iteration 100: 0.1444",
            "Cost after iteration 200: 0.0832",
            "Cost after iteration 300: 0.0600",
            "Cost after iteration 400: 0.0476",
            "Cost after iteration 500: 0.0398",
            "Cost after iteration 600: 0.0344",
            "Cost after iteration 700: 0.0304",
            "Cost after iteration 800: 0.0274",
            "Cost after iteration 900: 0.0249",
            "Train accuracy: 100.00%",
            "Test accuracy: 100.00%");

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void defaultRunPrintsTheTutorialsLog() {
        Result r = run("train");
        assertThat(r.out().lines().toList()).isEqualTo(TUTORIAL_002_LOG);
        assertThat(r.code()).isZero();
    }

    @Test
    void trainsOnTheUsersCsvFiles() throws IOException {
        // separable by x1 > 0: label 1 exactly when the first feature is positive
        StringBuilder train = new StringBuilder("x1,x2,y\n");
        StringBuilder test = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            double x1 = (i % 2 == 0 ? 1 : -1) * (0.5 + i / 40.0);
            double x2 = Math.sin(i);
            (i < 30 ? train : test).append(x1).append(',').append(x2).append(',').append(x1 > 0 ? 1 : 0).append('\n');
        }
        Path a = dir.resolve("train.csv");
        Path b = dir.resolve("test.csv");
        Files.writeString(a, train);
        Files.writeString(b, test);
        Result r = run("train", "--train", a.toString(), "--test", b.toString(), "--lr", "0.5", "--epochs", "300",
                "--print-every", "100");
        List<String> lines = r.out().lines().toList();
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo("Cost after iteration 0: 0.6931");
        assertThat(lines.get(3)).isEqualTo("Train accuracy: 100.00%");
        assertThat(lines.get(4)).isEqualTo("Test accuracy: 100.00%");
    }

    @Test
    void usageErrorsExitWithTwoAndOneLine() {
        Result r = run("train", "--lr", "-1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--lr must be a finite number > 0, got -1.0");
        assertThat(r.err().lines().count()).isEqualTo(1);
        Result unknown = run("train", "--bogus");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("--bogus");
    }

    @Test
    void dataErrorsExitWithOneAndNameTheFile() throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "1,2,0\n1,x,1\n");
        Result r = run("train", "--train", bad.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("jgrad: " + bad + ", line 2, column 2: expected a number, found 'x'");
    }

    @Test
    void divergenceStopsWithTheIteration() throws IOException {
        Path a = dir.resolve("big.csv");
        Files.writeString(a, "1e30,0\n-1e30,1\n1e30,1\n-1e30,0\n1e30,0\n");
        Result r = run("train", "--train", a.toString(), "--test", a.toString(), "--lr", "1e10");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("diverged at iteration").contains("smaller --lr");
    }

    /**
     * Newton and L-BFGS from the command line reach scikit-learn's unpenalised optimum on a set that is not
     * separable (docs/data/noisy_line.csv, 400 rows, trained and tested on all of them). scikit-learn's loss there,
     * from docs/data/make_noisy_line.py: 0.29218445790573006. The loss is recomputed here in float64 from the saved
     * float32 weights.
     */
    @Test
    void newtonAndLbfgsReachScikitLearnsOptimumOnANonSeparableCsv() throws IOException {
        Path csv = Path.of("..", "docs", "data", "noisy_line.csv");
        List<double[]> rows = java.nio.file.Files.readAllLines(csv).stream().skip(1)
                .map(l -> java.util.Arrays.stream(l.split(",")).mapToDouble(Double::parseDouble).toArray()).toList();
        for (String[] opt : new String[][] {{"newton", "8"}, {"lbfgs", "3"}}) {
            Path model = dir.resolve(opt[0] + ".safetensors");
            Result r = run("train", "--train", csv.toString(), "--test", csv.toString(), "--optimizer", opt[0],
                    "--epochs", opt[1], "--print-every", "1", "--save", model.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("Cost after iteration 0: 0.6931", "Cost after iteration 1:");
            java.util.Map<String, org.jgrad.models.nn.Parameter> p = org.jgrad.models.Classifier.load(model)
                    .parameters();
            org.jgrad.core.NDArray w = p.get("weight").data();
            double b = p.get("bias").data().get(0);
            double loss = 0;
            for (double[] row : rows) {
                double z = w.get(0) * row[0] + w.get(1) * row[1] + b;
                loss += Math.max(z, 0) - z * row[2] + Math.log1p(Math.exp(-Math.abs(z)));
            }
            loss /= rows.size();
            assertThat(loss).as("%s: %.12f", opt[0], loss).isCloseTo(0.29218445790573006, within(1e-7));
        }
    }
}

package org.jgrad.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jgrad.examples.plot.Charts;
import org.jgrad.models.data.FashionMnist;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExamplesTest {
    @TempDir
    Path out;

    /** ConvolutionalNet reads Fashion-MNIST (the dataset-fashion-mnist package, which .ci/run installs). */
    static boolean runnable(Example e) {
        return !(e instanceof ConvolutionalNet) || FashionMnist.available(FashionMnist.DEFAULT_DIRECTORY);
    }

    private static final String NO_FASHION = "Fashion-MNIST is not in " + FashionMnist.DEFAULT_DIRECTORY
            + " (apt-get install dataset-fashion-mnist; .ci/run does so when it can): skipping ConvolutionalNet";

    static Stream<Example> examples() {
        return ExampleCatalog.all().stream();
    }

    private String run(Example e, List<Path> pictures) throws Exception {
        StringWriter text = new StringWriter();
        pictures.addAll(e.run(new ExampleRun(new PrintWriter(text), out, true)));
        return text.toString();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void eachExampleRunsQuicklyAndWritesValidPngsOfTheChartSize(Example e) throws Exception {
        Assumptions.assumeTrue(runnable(e), NO_FASHION);
        List<Path> pictures = new java.util.ArrayList<>();
        String log = run(e, pictures);
        assertThat(log).isNotBlank();
        for (Path p : pictures) {
            assertThat(p).exists().startsWith(out);
            byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(p), 8);
            // the PNG signature: 0x89 'P' 'N' 'G' CR LF 0x1A LF
            assertThat(head).containsExactly(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
            BufferedImage image = ImageIO.read(p.toFile());
            assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
            assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);
        }
    }

    @Test
    void examplesWithPicturesWriteTheFilesTheReadmeShows() throws Exception {
        // the README's tour links these names under docs/
        List<String> expected = List.of("digits_cost.png", "separable_boundary.png", "gradient_descent_variants.png",
                "learning_rates.png", "vectorization.png", "sigmoid.png", "log_loss.png", "moons_logistic.png",
                "moons_mlp.png", "newtons_method.png");
        if (runnable(new ConvolutionalNet())) {
            expected = new java.util.ArrayList<>(expected);
            expected.addAll(List.of("fashion_mlp_vs_cnn.png", "cnn_filters.png", "cnn_feature_maps.png"));
        }
        List<Path> pictures = new java.util.ArrayList<>();
        for (Example e : examples().filter(ExamplesTest::runnable).toList()) {
            run(e, pictures);
        }
        assertThat(pictures.stream().map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(
                expected);
    }

    @Test
    void computationGraphPrintsTheTutorialsValues() throws Exception {
        String log = run(new ComputationGraph(), new java.util.ArrayList<>());
        // J = 3(a + bc) with a = 5, b = 3, c = 2: J = 33, dJ/da = 3, dJ/db = 3c = 6, dJ/dc = 3b = 9
        assertThat(log).containsPattern("J = 3 \\* v +=.*= 33\\b")
                .containsPattern("dJ/da = .* = 3\\n").containsPattern("dJ/db = .* = 6\\n")
                .containsPattern("dJ/dc = .* = 9\\n");
    }

    @Test
    void singleExampleAutogradMatchesTheClosedForm() throws Exception {
        String log = run(new SingleExample(), new java.util.ArrayList<>());
        // z = 0.4*1.5 + 0.9*(-0.8) - 0.2 = -0.32; a = sigmoid(-0.32); dz = a - 1; dw2 = -0.8 dz
        double a = 1 / (1 + Math.exp(0.32));
        assertThat(log).contains(String.format(java.util.Locale.ROOT, "%14.10f %14.10f", a - 1, a - 1));
        assertThat(log).contains(String.format(java.util.Locale.ROOT, "%14.10f", -0.8 * (a - 1)));
    }

    @Test
    void digitsExamplePrintsTheTutorialsFirstCosts() throws Exception {
        String log = run(new DigitsLogisticRegression(), new java.util.ArrayList<>());
        // tutorial 002's printed table (../shared/seeds/002): 0.6931 at iteration 0, 0.1444 at 100
        assertThat(log).contains("Cost after iteration 0: 0.6931\n", "Cost after iteration 100: 0.1444\n");
    }

    @Test
    void newtonsMethodMatchesTheClosedFormHessianAndScikitLearnsOptimum() throws Exception {
        String log = run(new NewtonsMethod(), new java.util.ArrayList<>());
        java.util.regex.Matcher gap = java.util.regex.Pattern.compile("closed form\\| = (\\S+)").matcher(log);
        assertThat(gap.find()).as(log).isTrue();
        assertThat(Double.parseDouble(gap.group(1))).isLessThan(1e-12);
        // tutorial 002 prints 0.0249 at iteration 900 (lr 0.05): gradient descent gets there then, Newton in a few
        assertThat(log).contains("reached by gradient descent at iteration 900, Newton at step 3");
        java.util.regex.Matcher loss = java.util.regex.Pattern.compile("  loss (\\S+); scikit-learn").matcher(log);
        assertThat(loss.find()).isTrue();
        // scikit-learn's lbfgs (tol 1e-14) stops a hair short of the optimum Newton reaches
        assertThat(Double.parseDouble(loss.group(1))).isCloseTo(NewtonsMethod.SKLEARN_LOSS,
                org.assertj.core.api.Assertions.within(1e-9)).isLessThanOrEqualTo(NewtonsMethod.SKLEARN_LOSS);
    }

    @Test
    void noisyLineIsTheCsvTheScriptWrote() throws Exception {
        // NewtonsMethod computes the set by the script's formula; the committed CSV is what scikit-learn fitted
        List<String> lines = java.nio.file.Files.readAllLines(Path.of("..", "docs", "data", "noisy_line.csv"));
        org.jgrad.autograd.Tensor[] xy = NewtonsMethod.noisyLine();
        assertThat(lines).hasSize(401);
        for (int i = 0; i < 400; i++) {
            String[] f = lines.get(i + 1).split(",");
            assertThat(xy[0].data().get(2 * i)).isEqualTo(Double.parseDouble(f[0]));
            assertThat(xy[0].data().get(2 * i + 1)).isEqualTo(Double.parseDouble(f[1]));
            assertThat(xy[1].data().get(i)).isEqualTo(Double.parseDouble(f[2]));
        }
    }
}

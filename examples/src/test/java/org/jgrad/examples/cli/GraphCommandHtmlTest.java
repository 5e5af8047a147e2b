package org.jgrad.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jgrad graph --mlp} and {@code --html}: numbers against a plain float64 loop written here. */
class GraphCommandHtmlTest {

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void mlpLossAndTheGradientOfW2OnThePageMatchAPlainLoop(@TempDir Path dir) throws Exception {
        double[][] x = {{1, 2}, {-1, 0.5}};
        double[] y = {1, 0};
        double[][] w1 = {{0.5, -0.3, 0.8}, {0.2, 0.4, -0.6}};
        double[] b1 = {0.1, 0, -0.1};
        double[] w2 = {0.7, -0.5, 0.3};
        double b2 = 0.05;
        // forward: H = tanh(X W1 + b1), Z2 = H W2 + b2, L = mean((Z2 - y)^2); backward: dL/dZ2 = 2 (Z2 - y) / 2,
        // dL/dW2[k] = sum_i H[i][k] dL/dZ2[i], dL/db2 = sum_i dL/dZ2[i]
        double[][] h = new double[2][3];
        double[] d = new double[2];
        double loss = 0;
        for (int i = 0; i < 2; i++) {
            double z2 = b2;
            for (int k = 0; k < 3; k++) {
                h[i][k] = Math.tanh(x[i][0] * w1[0][k] + x[i][1] * w1[1][k] + b1[k]);
                z2 += h[i][k] * w2[k];
            }
            d[i] = z2 - y[i];
            loss += d[i] * d[i] / 2;
        }
        double db2 = d[0] + d[1];
        double[] dw2 = new double[3];
        for (int k = 0; k < 3; k++) {
            dw2[k] = h[0][k] * d[0] + h[1][k] * d[1];
        }
        Path page = dir.resolve("mlp.html");
        Result r = run("graph", "--mlp", "--html", page.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("L = mean((Z2 - y)^2) = " + org.jgrad.autograd.Numbers.format(loss))
                .contains("dL/dW2 (3, 1) = H^T @ dL/dHW2", "dL/dW1 (2, 3) = X^T @ dL/dXW1")
                .contains("dL/db2 (1,) = dL/dZ2 * 1")
                .contains("wrote " + page.toAbsolutePath());
        String html = Files.readString(page);
        double[] shown = gradientOnPage(html, "dL/dW2 (3, 1) = H^T @ dL/dHW2");
        assertThat(shown).hasSize(3);
        for (int k = 0; k < 3; k++) {
            assertThat(shown[k]).isCloseTo(dw2[k], org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThat(gradientOnPage(html, "dL/db2 (1,) = dL/dZ2 * 1")).hasSize(1)
                .satisfies(g -> assertThat(g[0]).isCloseTo(db2, org.assertj.core.data.Offset.offset(1e-12)));
    }

    /** The gradient the page shows at the backward step whose explain line is {@code line}. */
    private static double[] gradientOnPage(String html, String line) {
        Matcher m = Pattern.compile(Pattern.quote("\"text\":\"" + line + "\",\"gradient\":[") + "([^\\]]*)]")
                .matcher(html);
        assertThat(m.find()).as("the page has the step %s", line).isTrue();
        return Arrays.stream(m.group(1).split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    @Test
    void tutorial000PageIsWrittenAndItsPathPrinted(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("t.html");
        Result r = run("graph", "--html", page.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).endsWith("wrote " + page.toAbsolutePath() + System.lineSeparator());
        // dJ/dc = 3b = 9
        assertThat(Files.readString(page)).contains("Tutorial 000: J = 3(a + b*c)",
                "\"text\":\"dJ/dc = dJ/du * du/dc = 3 * b = 3 * 3 = 9\"");
    }

    @Test
    void twoGraphsAtOnceIsAUsageError() {
        Result r = run("graph", "--logreg", "--mlp");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--logreg and --mlp");
    }
}

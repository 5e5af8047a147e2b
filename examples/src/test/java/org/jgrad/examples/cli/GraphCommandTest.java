package org.jgrad.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jgrad graph} prints tutorial 000's and 003's numbers, derived by hand in the comments. */
class GraphCommandTest {

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void tutorial000ForwardValuesAndAllFiveGradients(@TempDir Path dir) throws Exception {
        Path dot = dir.resolve("g.dot");
        String out = run("graph", "--dot", dot.toString());
        // u = bc = 6, v = a + u = 11, J = 3v = 33
        assertThat(out).contains("u = b * c = 6", "v = a + u = 11", "J = 3 * v = 33");
        // dJ/dv = 3, dJ/du = 3, dJ/da = 3, dJ/db = 3c = 6, dJ/dc = 3b = 9
        assertThat(out).contains("dJ/dv = 3\n", "dJ/du = dJ/dv * dv/du = 3 * 1 = 3\n",
                "dJ/da = dJ/dv * dv/da = 3 * 1 = 3\n", "dJ/db = dJ/du * du/db = 3 * c = 3 * 2 = 6\n",
                "dJ/dc = dJ/du * du/dc = 3 * b = 3 * 3 = 9\n");
        assertThat(Files.readString(dot)).startsWith("digraph").contains("data 33");
    }

    @Test
    void logisticRegressionShowsDzEqualsAMinusY() {
        String out = run("graph", "--logreg");
        // z = 0.5*1 - 0.25*2 + 0.1 = 0.1; a = 1/(1 + e^-0.1) = 0.52498; L = -log a = 0.64440; dz = a - 1 = -0.47502
        assertThat(out).contains("z = w1*x1 + w2*x2 + b = 0.1", "a = sigma(z) = 0.525", "= 0.6444");
        assertThat(out).contains("dz = a - y = 0.525 - 1 = -0.475", "dL/dz = dL/da * da/dz");
        // dw2 = x2 dz = 2 * -0.47502
        assertThat(out).contains("dL/dw2 = dL/dw2x2 * dw2x2/dw2 = -0.475 * x2 = -0.475 * 2 = -0.95");
    }
}

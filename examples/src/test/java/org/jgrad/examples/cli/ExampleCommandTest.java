package org.jgrad.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleCommandTest {
    private static String out(String... args) {
        StringWriter out = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(new StringWriter()));
        assertThat(code).isZero();
        return out.toString();
    }

    @Test
    void helpWithANameEndsWithWhatThatExampleDoes() {
        String help = out("example", "multilayernet", "--help");
        assertThat(help).contains("Usage: jgrad example", "Default: out");
        // the last lines are MultilayerNet's summary, wrapped at 80 columns
        List<String> tail = help.lines().dropWhile(l -> !l.startsWith("MultilayerNet: ")).toList();
        assertThat(tail).isNotEmpty().allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
        assertThat(String.join(" ", tail)).contains("two moons", "2-16-16-1");
    }

    @Test
    void helpWithoutANameEndsWithEveryExample() {
        String help = out("example", "--help");
        assertThat(help.lines().dropWhile(l -> !l.equals("Examples:")).skip(1).map(String::strip))
                .containsExactly("ComputationGraph", "SingleExample", "DigitsLogisticRegression", "SeparableTwoD",
                        "GradientDescentVariants", "LearningRates", "Vectorization", "SigmoidAndLoss",
                        "MultilayerNet", "NewtonsMethod", "ConvolutionalNet");
    }

    @Test
    void everyCommandsHelpShowsItsUsage() {
        for (String command : List.of("train", "predict", "graph", "example", "bench")) {
            assertThat(out(command, "--help")).as(command).startsWith("Usage: jgrad " + command);
        }
        assertThat(out("--help")).contains("train", "predict", "graph", "example", "bench", "help");
        // options with a default show it
        assertThat(out("train", "--help")).contains("Default: 0.05", "Default: 1000");
    }
}

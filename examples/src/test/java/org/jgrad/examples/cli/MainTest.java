package org.jgrad.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jgrad.examples.ExampleCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void noArgumentsPrintsTheTutorialsLogExactly() {
        Outcome o = run();
        // tutorial 002's printed output, copied from ../shared/seeds/002_*.txt
        assertThat(o.code()).isZero();
        assertThat(o.out().lines()).containsExactlyElementsOf(TrainCommandTest.TUTORIAL_002_LOG);
        assertThat(o.err()).isEmpty();
    }

    @Test
    void anUnknownOptionIsAUsageErrorNamingIt() {
        Outcome o = run("train", "--bogus");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().lines()).hasSize(1).first().asString().contains("'--bogus'");
    }

    @Test
    void aBadValueIsAUsageErrorNamingTheOptionAndValue() {
        Outcome o = run("train", "--lr", "fast");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().lines()).hasSize(1).first().asString().contains("--lr").contains("'fast'");
        Outcome negative = run("train", "--lr", "-1");
        assertThat(negative.code()).isEqualTo(2);
        assertThat(negative.err()).contains("--lr must be a finite number > 0, got -1.0");
    }

    @Test
    void anUnknownExampleIsAUsageErrorListingTheExamples() {
        Outcome o = run("example", "Nope");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().lines()).hasSize(1).first().asString().contains("no example named 'Nope'")
                .contains("ComputationGraph");
    }

    @Test
    void aDataErrorExitsWithOneAndOneLine() {
        Path missing = dir.resolve("missing.csv");
        Outcome o = run("train", "--train", missing.toString());
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.err().lines()).containsExactly("jgrad: " + missing + ": no such file");
    }

    @Test
    void debugAddsTheStackTrace() {
        Path missing = dir.resolve("missing.csv");
        Outcome o = run("--debug", "train", "--train", missing.toString());
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.err()).startsWith("jgrad: " + missing + ": no such file").contains("\tat org.jgrad.");
    }

    @Test
    void helpShowsDefaultsAndVersionShowsTheVersion() {
        Outcome help = run("train", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--lr=<lr>", "Default: 0.05", "--plot=FILE.png", "--quiet");
        Outcome example = run("example", "--help");
        assertThat(example.out()).contains("--out=DIR", "Default: out", "--list");
        Outcome version = run("--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("jgrad 0.1.0");
    }

    @Test
    void exampleListNamesEveryExampleOnOneLineEach() {
        Outcome o = run("example", "--list");
        assertThat(o.code()).isZero();
        assertThat(o.out().lines()).hasSize(ExampleCatalog.all().size()).anySatisfy(l -> assertThat(l).startsWith("Vectorization "));
    }

    @Test
    void trainPlotWritesTheCostCurve() throws Exception {
        Path png = dir.resolve("cost.png");
        Outcome o = run("train", "--epochs", "30", "--print-every", "10", "--plot", png.toString());
        assertThat(o.code()).isZero();
        assertThat(o.out()).startsWith("Cost after iteration 0: 0.6931\nCost after iteration 10: ");
        assertThat(javax.imageio.ImageIO.read(Files.newInputStream(png)).getWidth()).isEqualTo(720);
    }
}

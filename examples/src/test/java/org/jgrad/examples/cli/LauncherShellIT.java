package org.jgrad.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./jgrad shell} itself, with piped input, as a user runs it. An integration test (failsafe, after package)
 * because the launcher runs the build's {@code target/classes} and {@code target/jgrad.classpath}. Skipped, with a
 * message, when there is no bash or no launcher.
 */
class LauncherShellIT {

    private record Run(int code, String out, String err) {
    }

    private static Run shell(String input, Path workDir) throws Exception {
        Path launcher = Path.of("").toAbsolutePath().getParent().resolve("jgrad");
        Assumptions.assumeTrue(Files.isRegularFile(launcher) && new File("/bin/bash").canExecute(),
                "launcher test skipped: no " + launcher + " or no /bin/bash");
        Path out = workDir.resolve("out.txt");
        Path err = workDir.resolve("err.txt");
        Process p = new ProcessBuilder("/bin/bash", launcher.toString(), "shell").directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("jgrad shell finished within 180 s").isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void pipedExpressionPrintsItsValue(@TempDir Path dir) throws Exception {
        // the README's example: 2 * 3 = 6
        Run run = shell("Tensor.scalar(2).mul(3).item()\n", dir);
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith(ShellCommand.GREETING + "\n").contains("==> 6.0");
        assertThat(run.err()).doesNotContain("Error", "Exception");
    }

    @Test
    void explainAndTheExplorerPageFromTheShell(@TempDir Path dir) throws Exception {
        // J = 3x at x = 2: dJ/dx = 3; nn and optim are imported: Linear(2, 1) has a weight and a bias
        String input = """
                var j = Tensor.scalar(2).requiresGrad(true).named("x").mul(3).named("J");
                Graph.trace(j);
                explain(j)
                html(j)
                new SGD(new Linear(2, 1, new java.util.Random(0)).parameters(), 0.1).getClass().getSimpleName()
                """;
        Run run = shell(input, dir);
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("dJ/dx = 3\n", "wrote " + dir.resolve("graph.html").toAbsolutePath(), "==> \"SGD\"");
        assertThat(Files.readString(dir.resolve("graph.html"))).startsWith("<!DOCTYPE html>").contains("dJ/dx = 3");
    }
}

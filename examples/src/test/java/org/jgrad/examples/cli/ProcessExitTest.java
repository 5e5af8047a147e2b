package org.jgrad.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jgrad.models.io.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a real process: Ctrl-C (SIGINT) during training, out of memory, and a bad
 * {@code -Djgrad.threads}, each of which only a fresh JVM can show.
 */
class ProcessExitTest {
    @TempDir
    Path dir;

    private static final String[] TRAIN = {"train", "--dataset", "digits", "--lr", "0.01", "--batch-size", "10",
        "--print-every", "1", "--quiet"};

    /** java, its JVM options, then the jgrad command line. */
    private static List<String> jgrad(List<String> jvm, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        cmd.addAll(jvm);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static List<String> lines(Process p, boolean err) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(err ? p.getErrorStream()
                : p.getInputStream(), StandardCharsets.UTF_8))) {
            return r.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList();
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void ctrlCStopsAfterTheBatchWritesTheCheckpointAndExits130() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeThat(python).as("python3 resets SIGINT, which a shell ignores for background jobs").isExecutable();
        Path ckpt = dir.resolve("run.ckpt");
        List<String> cmd = new ArrayList<>(List.of(python.toString(), "-c",
                "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], "
                        + "sys.argv[1:])"));
        cmd.addAll(jgrad(List.of(), concat(TRAIN, "--epochs", "100000", "--checkpoint", ckpt.toString())));
        Process p = new ProcessBuilder(cmd).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("Cost after epoch 2:")) {
            // training has begun once epoch 2 is printed
        }
        assertThat(line).as("training output").isNotNull();
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        while (out.readLine() != null) {
            // drain what the run printed before it stopped
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(130);
        List<String> err = lines(p, true);
        assertThat(err).hasSize(1);
        assertThat(err.get(0)).startsWith("jgrad: stopped by Ctrl-C ")
                .endsWith("; the checkpoint is in " + ckpt + " (go on with --resume " + ckpt + ")");

        // resumed in this JVM to two epochs past the stop, it ends with the bits of a run never stopped
        int stoppedAt = Integer.parseInt(Safetensors.read(ckpt).metadata().get("trainer.epoch"));
        assertThat(stoppedAt).isGreaterThanOrEqualTo(3).isLessThan(100000);
        String total = Integer.toString(stoppedAt + 2);
        Path resumed = dir.resolve("resumed.safetensors");
        Path whole = dir.resolve("whole.safetensors");
        assertThat(TrainCommandTest.run(concat(TRAIN, "--epochs", total, "--resume", ckpt.toString(), "--save",
                resumed.toString())).code()).isZero();
        assertThat(TrainCommandTest.run(concat(TRAIN, "--epochs", total, "--save", whole.toString())).code()).isZero();
        assertThat(Files.readAllBytes(resumed)).isEqualTo(Files.readAllBytes(whole));
    }

    @Test
    void outOfMemoryIsOneLineAndExit1() throws Exception {
        // a 4000 x 4000 hidden layer is 64 MB of weights alone, in a 48 MB heap
        Process p = new ProcessBuilder(jgrad(List.of("-Xmx48m"), "train", "--model", "mlp", "--hidden",
                "4000,4000", "--epochs", "1")).start();
        List<String> out = lines(p, false);
        List<String> err = lines(p, true);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err.toString()).isEqualTo(1);
        assertThat(out).isEmpty();
        assertThat(err).hasSize(1);
        assertThat(err.get(0)).matches("jgrad: out of memory \\(Java heap \\d+ MB\\); try a smaller model "
                + "\\(--hidden, --batch-size\\) or give Java more memory, e\\.g\\. JGRAD_JAVA_OPTS=-Xmx8g \\./jgrad "
                + "\\.\\.\\.");
    }

    @Test
    void aBadThreadCountIsAUsageError() throws Exception {
        for (String value : new String[] {"abc", "0", "-3"}) {
            Process p = new ProcessBuilder(jgrad(List.of("-Djgrad.threads=" + value), "train", "--epochs", "1"))
                    .start();
            List<String> err = lines(p, true);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(2);
            assertThat(err).containsExactly("jgrad: -Djgrad.threads: expected a whole number >= 1, got '" + value
                    + "'");
        }
    }
}

package org.jgrad.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded training run saves the same bytes at every vector width and with the scalar kernels (issue 12): the
 * kernels fix one association order that does not depend on the lane count. Each width runs in its own JVM (the
 * kernels are chosen once per process), training on the digits and saving: an MLP with Adam in mini-batches, and
 * the convolutional net (whose second convolution runs on Winograd's tiles) with SGD.
 */
class SameModelAtEveryWidthTest {
    @TempDir
    Path dir;

    private static final List<String> MLP = List.of("--model", "mlp", "--hidden", "24", "--optimizer", "adam",
            "--lr", "0.01", "--epochs", "2", "--batch-size", "32");
    // torch_bench.py's net on the 8 x 8 digits: its second convolution (16 -> 32 channels, 5 x 5) runs on
    // Winograd's tiles, forward and backward
    private static final List<String> CNN = List.of("--model", "cnn", "--lr", "0.05", "--epochs", "1",
            "--batch-size", "64");

    private Path train(String name, List<String> model, String... jvmFlags) throws Exception {
        Path file = dir.resolve(name + ".safetensors");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        cmd.addAll(List.of(jvmFlags));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.jgrad.examples.cli.Main", "train",
                "--dataset", "digits", "--quiet", "--save", file.toString()));
        cmd.addAll(model);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log")
                .toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve(name + ".log"))).isZero();
        return file;
    }

    @Test
    void theSavedModelIsByteIdenticalAtEveryWidthAndScalar() throws Exception {
        sameAtEveryWidth("mlp", MLP);
    }

    @Test
    void theSavedConvolutionalNetIsByteIdenticalAtEveryWidthAndScalar() throws Exception {
        sameAtEveryWidth("cnn", CNN);
    }

    private void sameAtEveryWidth(String name, List<String> model) throws Exception {
        byte[] scalar = Files.readAllBytes(train(name + "-scalar", model, "-Djgrad.kernels=scalar"));
        assertThat(scalar.length).isGreaterThan(1000);
        for (String bits : new String[] {"128", "256", "512"}) {
            byte[] vector = Files.readAllBytes(train(name + "-v" + bits, model, "-Djgrad.vectorBits=" + bits));
            assertThat(vector).as("%s: %s-bit kernels against the scalar kernels", name, bits).isEqualTo(scalar);
        }
    }
}

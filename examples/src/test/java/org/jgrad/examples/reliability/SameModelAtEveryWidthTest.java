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
 * kernels are chosen once per process), training an MLP on the digits with Adam in mini-batches, and saving it.
 */
class SameModelAtEveryWidthTest {
    @TempDir
    Path dir;

    private Path train(String name, String... jvmFlags) throws Exception {
        Path model = dir.resolve(name + ".safetensors");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        cmd.addAll(List.of(jvmFlags));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.jgrad.examples.cli.Main", "train",
                "--dataset", "digits", "--model", "mlp", "--hidden", "24", "--optimizer", "adam", "--lr", "0.01",
                "--epochs", "2", "--batch-size", "32", "--quiet", "--save", model.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log")
                .toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve(name + ".log"))).isZero();
        return model;
    }

    @Test
    void theSavedModelIsByteIdenticalAtEveryWidthAndScalar() throws Exception {
        byte[] scalar = Files.readAllBytes(train("scalar", "-Djgrad.kernels=scalar"));
        assertThat(scalar.length).isGreaterThan(1000);
        for (String bits : new String[] {"128", "256", "512"}) {
            byte[] vector = Files.readAllBytes(train("v" + bits, "-Djgrad.vectorBits=" + bits));
            assertThat(vector).as("%s-bit kernels against the scalar kernels", bits).isEqualTo(scalar);
        }
    }
}

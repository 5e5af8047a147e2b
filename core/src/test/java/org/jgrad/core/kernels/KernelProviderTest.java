package org.jgrad.core.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The kernels are chosen once at start-up: the Vector API ones when {@code jdk.incubator.vector} is readable, and
 * otherwise the scalar ones with one warning telling the user what to pass. Checked in fresh JVMs.
 */
class KernelProviderTest {

    /** Entry point of the child JVM: prints the chosen implementation and a sum through it. */
    public static void main(String[] args) {
        System.out.println(Kernels.get().name() + " " + Kernels.get().sum(new float[] {1, 2, 3, 4}, 0, 4));
    }

    private record Run(String out, String err) {
    }

    private static Run child(String... jvmArgs) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(List.of(jvmArgs));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), KernelProviderTest.class.getName()));
        Process p = new ProcessBuilder(cmd).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip(),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void withoutTheIncubatorModuleItWarnsOnceAndRunsScalar() throws Exception {
        Run r = child();
        assertThat(r.out()).isEqualTo("scalar 10.0");
        assertThat(r.err()).contains("--add-modules jdk.incubator.vector");
        assertThat(r.err().split("add-modules", -1)).hasSize(2);
    }

    @Test
    void withTheModuleItRunsTheVectorKernels() throws Exception {
        Run r = child("--add-modules", "jdk.incubator.vector");
        assertThat(r.out()).startsWith("vector(").endsWith(" 10.0");
        assertThat(r.err()).doesNotContain("scalar kernels");
    }

    @Test
    void thePropertyForcesScalar() throws Exception {
        Run r = child("--add-modules", "jdk.incubator.vector", "-Djgrad.kernels=scalar");
        assertThat(r.out()).isEqualTo("scalar 10.0");
    }

    @Test
    void vectorBitsChoosesTheSpecies() throws Exception {
        for (String bits : new String[] {"128", "256", "512"}) {
            Run r = child("--add-modules", "jdk.incubator.vector", "-Djgrad.vectorBits=" + bits);
            assertThat(r.out()).isEqualTo("vector(" + bits + " bit) 10.0");
        }
    }

    @Test
    void invalidValuesAreClearErrors() throws Exception {
        Run bits = child("--add-modules", "jdk.incubator.vector", "-Djgrad.vectorBits=300");
        assertThat(bits.out()).isEmpty();
        assertThat(bits.err()).contains("IllegalArgumentException: jgrad.vectorBits: expected 128, 256 or 512 (bits "
                + "per vector), got '300'").doesNotContain("ExceptionInInitializerError");
        Run kernels = child("--add-modules", "jdk.incubator.vector", "-Djgrad.kernels=simd");
        assertThat(kernels.err()).contains("jgrad.kernels: expected scalar or vector, got 'simd'");
        Run noModule = child("-Djgrad.vectorBits=256");
        assertThat(noModule.err()).contains("jgrad.vectorBits=256 asks for the Vector API kernels, but "
                + "jdk.incubator.vector is not readable");
    }
}

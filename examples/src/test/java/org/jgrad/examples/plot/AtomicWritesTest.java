package org.jgrad.examples.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.models.io.Safetensors;
import org.jgrad.models.nn.Linear;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving never leaves a partial file; loading a bad file leaves the model unchanged. */
class AtomicWritesTest {
    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void aPictureIsWholeOrAbsent() throws IOException {
        Path png = dir.resolve("cost.png");
        CostPlot.write(png, "cost", new double[] {0.7, 0.5, 0.3});
        byte[] bytes = Files.readAllBytes(png);
        // PNG signature: 0x89 'P' 'N' 'G'
        assertThat(bytes[1]).isEqualTo((byte) 'P');
        assertThat(files()).containsExactly(png);
        // a target that cannot be written (a directory stands there): an error, and nothing else left behind
        Path blocked = dir.resolve("blocked.png");
        Files.createDirectory(blocked);
        Files.writeString(blocked.resolve("keep"), "x");
        assertThatThrownBy(() -> CostPlot.write(blocked, "cost", new double[] {0.7, 0.5})).hasMessageContaining("blocked.png");
        assertThat(files()).containsExactlyInAnyOrder(png, blocked);
    }

    @Test
    void aModelFileIsWholeOrAbsentAndABadFileChangesNothing() throws IOException {
        Linear model = new Linear(3, 1, new java.util.Random(4));
        Path file = dir.resolve("m.safetensors");
        Safetensors.write(file, model.stateDict(), Map.of());
        assertThat(files()).containsExactly(file);

        float[] before = model.weight().data().floats().clone();
        Map<String, NDArray> bad = Map.of("weight", NDArray.zeros(DType.FLOAT32, Shape.of(1, 3)),
                "bias", NDArray.zeros(DType.FLOAT32, Shape.of(2)));
        // weight fits, bias does not: nothing may be copied, not even the weight
        assertThatThrownBy(() -> model.loadStateDict(bad)).hasMessageContaining("bias");
        assertThat(model.weight().data().floats()).containsExactly(before);

        Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 20));
        assertThatThrownBy(() -> model.loadStateDict(Safetensors.read(file).tensors()))
                .hasMessageContaining("truncated");
        assertThat(model.weight().data().floats()).containsExactly(before);
    }
}

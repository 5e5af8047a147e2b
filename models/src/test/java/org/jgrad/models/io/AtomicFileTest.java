package org.jgrad.models.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.jgrad.models.nn.Linear;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    private Set<String> names() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        }
    }

    /**
     * A model file gets what any new file of this user gets: the permissions of a file made by a plain
     * {@code Files.createFile} here (0666 less the umask, 0644 under umask 022). Files.createTempFile's 0600 fails.
     */
    @Test
    void aSavedModelHasTheUmasksPermissionsLikeAnyNewFile() throws IOException {
        Set<PosixFilePermission> plain = Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain")));
        Path model = dir.resolve("m.safetensors");
        Safetensors.write(model, new Linear(2, 1, new Random(0)).stateDict(), Map.of());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(model)))
                .isEqualTo(PosixFilePermissions.toString(plain));
        // and when it replaces an older file
        Safetensors.write(model, new Linear(3, 1, new Random(0)).stateDict(), Map.of());
        assertThat(Files.getPosixFilePermissions(model)).isEqualTo(plain);
        assertThat(plain).contains(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void aWriteThatFailsHalfWayLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("out.bin");
        AtomicFile.write(target, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> AtomicFile.write(target, out -> {
            out.write(new byte[100_000]); // more than the buffer, so part of it reached the temporary file
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("cannot write " + target + ": disk full");
        assertThat(Files.readAllBytes(target)).containsExactly(1, 2, 3);
        assertThat(names()).containsExactly("out.bin");
    }

    @Test
    void aParentThatIsAFileOrATargetThatIsADirectoryIsNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("train.csv"), "1,0\n");
        Path inside = file.resolve("model.safetensors");
        assertThatThrownBy(() -> AtomicFile.write(inside, new byte[] {1})).isInstanceOf(IOException.class)
                .hasMessage("cannot write " + inside + ": " + file + " is a file, not a directory");
        Path directory = Files.createDirectory(dir.resolve("model.safetensors"));
        assertThatThrownBy(() -> AtomicFile.write(directory, new byte[] {1})).isInstanceOf(IOException.class)
                .hasMessage("cannot write " + directory + ": it is a directory");
        assertThat(names()).containsExactlyInAnyOrder("train.csv", "model.safetensors");
    }
}

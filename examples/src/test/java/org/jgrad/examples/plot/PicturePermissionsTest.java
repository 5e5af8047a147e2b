package org.jgrad.examples.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PicturePermissionsTest {
    @TempDir
    Path dir;

    /** A picture gets what a plain new file gets here (0666 less the umask), not the 0600 of a temporary file. */
    @Test
    void aPictureHasTheUmasksPermissions() throws IOException {
        String plain = PosixFilePermissions.toString(Files.getPosixFilePermissions(Files.createFile(
                dir.resolve("plain"))));
        Path png = dir.resolve("cost.png");
        CostPlot.write(png, "cost", new double[] {0.7, 0.5, 0.3});
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(png))).isEqualTo(plain);
    }
}

package org.jgrad.examples.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A picture is written in the format its extension names, under exactly the name given. */
class PictureFormatsTest {
    @TempDir
    Path dir;

    private static final double[] COSTS = {0.7, 0.5, 0.4};

    private byte[] write(String name) throws IOException {
        Path file = dir.resolve(name);
        assertThat(CostPlot.write(file, "cost", COSTS)).isEqualTo(file);
        return Files.readAllBytes(file);
    }

    @Test
    void eachExtensionGetsItsFormat() throws IOException {
        // the formats' signatures: PNG 89 'P' 'N' 'G', JPEG FF D8 FF, PDF "%PDF-", SVG an <svg> element
        byte[] png = write("a.png");
        assertThat(new String(png, 1, 3, StandardCharsets.ISO_8859_1)).isEqualTo("PNG");
        for (String jpeg : new String[] {"a.jpg", "b.JPEG"}) {
            byte[] b = write(jpeg);
            assertThat(new byte[] {b[0], b[1], b[2]}).containsExactly(0xFF, 0xD8, 0xFF);
        }
        assertThat(new String(write("a.pdf"), 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        assertThat(new String(write("a.svg"), StandardCharsets.UTF_8)).contains("<svg");
        try (Stream<Path> files = Files.list(dir)) {
            // nothing else left: no a.jpg.png, no temporary files
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("a.png", "a.jpg", "b.JPEG", "a.pdf", "a.svg");
        }
    }

    @Test
    void otherExtensionsAreRefusedWithTheList() {
        assertThatThrownBy(() -> CostPlot.write(dir.resolve("a.gif"), "cost", COSTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(dir.resolve("a.gif") + ": a picture must end in .png, .jpg, .jpeg, .svg or .pdf (the "
                        + "format to write), got .gif");
        assertThatThrownBy(() -> CostPlot.write(dir.resolve("a"), "cost", COSTS))
                .hasMessageEndingWith("got no extension");
        assertThat(dir.toFile().list()).isEmpty();
    }
}

package org.jgrad.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderFoundationTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsFeaturesAndLastColumnLabelWithOptionalHeader() throws IOException {
        LabeledData d = CsvReader.read(write("a.csv", "x1,x2,label\n1,2,0\n3.5,-4,1\n"));
        assertThat(d.rows()).isEqualTo(2);
        assertThat(d.x().floats()).containsExactly(1, 2, 3.5f, -4);
        assertThat(d.y().floats()).containsExactly(0, 1);
        assertThat(CsvReader.read(write("b.csv", "1,2,0\n")).rows()).isEqualTo(1);
    }

    @Test
    void raggedRowNamesTheLine() throws IOException {
        Path p = write("r.csv", "1,2,0\n3,1\n");
        assertThatThrownBy(() -> CsvReader.read(p)).isInstanceOf(DataException.class)
                .hasMessageContaining("line 2").hasMessageContaining("2 columns, expected 3");
    }

    @Test
    void nonNumericCellNamesLineColumnAndText() throws IOException {
        Path p = write("n.csv", "1,2,0\n3,abc,1\n");
        assertThatThrownBy(() -> CsvReader.read(p)).hasMessageContaining("line 2, column 2")
                .hasMessageContaining("'abc'");
    }

    @Test
    void emptyAndMissingFilesAreClearErrors() throws IOException {
        Path empty = write("e.csv", "");
        assertThatThrownBy(() -> CsvReader.read(empty)).hasMessageContaining("no data rows");
        assertThatThrownBy(() -> CsvReader.read(dir.resolve("missing.csv"))).hasMessageContaining("no such file");
    }
}

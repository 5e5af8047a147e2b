package org.jgrad.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void readsWithAndWithoutHeaderLabelLast() throws IOException {
        LabeledData plain = CsvReader.read(write("a.csv", "1,2,0\n3,4,1\n"));
        LabeledData headed = CsvReader.read(write("b.csv", "x1,x2,y\n1,2,0\n3,4,1\n"));
        for (LabeledData d : new LabeledData[] {plain, headed}) {
            assertThat(d.x().floats()).containsExactly(1, 2, 3, 4);
            assertThat(d.y().floats()).containsExactly(0, 1);
        }
    }

    @Test
    void labelColumnByIndexOrName() throws IOException {
        Path f = write("c.csv", "label,a,b\n1,5,6\n0,7,8\n");
        LabeledData byName = CsvReader.read(f, "label");
        LabeledData byIndex = CsvReader.read(f, "0");
        for (LabeledData d : new LabeledData[] {byName, byIndex}) {
            assertThat(d.x().floats()).containsExactly(5, 6, 7, 8);
            assertThat(d.y().floats()).containsExactly(1, 0);
        }
        assertThat(CsvReader.read(f, "-2").y().floats()).containsExactly(5, 7);
        assertThatThrownBy(() -> CsvReader.read(f, "species")).hasMessageContaining("no column named 'species'")
                .hasMessageContaining("[label, a, b]");
        assertThatThrownBy(() -> CsvReader.read(f, "3")).hasMessageContaining("label column 3 is out of range");
    }

    @Test
    void raggedRowNamesFileLineAndWidths() throws IOException {
        Path f = write("ragged.csv", "1,2,0\n3,4\n");
        assertThatThrownBy(() -> CsvReader.read(f)).isInstanceOf(DataException.class)
                .hasMessageContaining("ragged.csv, line 2: 2 columns, expected 3");
    }

    @Test
    void nonNumericCellNamesFileLineColumnAndText() throws IOException {
        Path f = write("text.csv", "a,b,y\n1,2,0\n3,abc,1\n");
        assertThatThrownBy(() -> CsvReader.read(f)).isInstanceOf(DataException.class)
                .hasMessageContaining("text.csv, line 3, column 2: expected a number, found 'abc'");
        Path nan = write("nan.csv", "1,NaN,0\n");
        assertThatThrownBy(() -> CsvReader.read(nan)).hasMessageContaining("line 1, column 2")
                .hasMessageContaining("finite");
    }

    /**
     * A text label column (cat/dog) is kept as written while every other cell still goes through the strict reader:
     * the byte order mark is skipped, the semicolons are detected, and a bad feature cell names the line an editor
     * shows (line 4: the blank line 3 counts) and its column.
     */
    @Test
    void aTextColumnKeepsLabelsAsWrittenAndFeaturesAreCheckedStrictly() throws IOException {
        Path f = write("pets.csv", "\uFEFFweight;height;kind\n1.5;2;cat\n\n-3;.5;dog\n");
        CsvReader.Table t = CsvReader.readTable(f, CsvReader.DETECT, "kind");
        assertThat(t.header()).containsExactly("weight", "height", "kind");
        assertThat(t.labels()).containsExactly("cat", "dog");
        assertThat(t.rows()).hasSize(2);
        assertThat(t.rows().get(0)).containsExactly(1.5f, 2f);
        assertThat(t.rows().get(1)).containsExactly(-3f, 0.5f);
        assertThat(CsvReader.readTable(f, ';', "-1").labels()).containsExactly("cat", "dog");
        Path bad = write("bad.csv", "1,2,cat\n3,4,dog\n\n5,0x1p3,cat\n");
        assertThatThrownBy(() -> CsvReader.readTable(bad, CsvReader.DETECT, "-1")).isInstanceOf(DataException.class)
                .hasMessage(bad + ", line 4, column 2: expected a number, found '0x1p3'");
        Path nan = write("nan.csv", "1,NaN,cat\n");
        assertThatThrownBy(() -> CsvReader.readTable(nan, CsvReader.DETECT, "-1"))
                .hasMessage(nan + ", line 1, column 2: expected a finite number, found 'NaN'");
        assertThatThrownBy(() -> CsvReader.readTable(f, CsvReader.DETECT, "species"))
                .hasMessageContaining("no column named 'species'");
    }

    @Test
    void missingAndEmptyFiles() throws IOException {
        assertThatThrownBy(() -> CsvReader.read(dir.resolve("nope.csv"))).hasMessageContaining("nope.csv: no such file");
        Path empty = write("empty.csv", "x,y\n");
        assertThatThrownBy(() -> CsvReader.read(empty)).hasMessageContaining("no data rows");
    }
}

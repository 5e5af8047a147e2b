package org.jgrad.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jgrad.models.io.FileError;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the readers say about files that are not what they should be: each message names the file and why. */
class FileProblemsTest {
    @TempDir
    Path dir;

    private Path bytes(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void aUtf8ByteOrderMarkIsSkippedSoTheHeaderIsRead() throws IOException {
        byte[] text = "x1,x2,label\n1,2,0\n3,4,1\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xef;
        withBom[1] = (byte) 0xbb;
        withBom[2] = (byte) 0xbf;
        System.arraycopy(text, 0, withBom, 3, text.length);
        Path f = bytes("bom.csv", withBom);
        CsvReader.Table t = CsvReader.readTable(f);
        assertThat(t.header()).containsExactly("x1", "x2", "label"); // not "\uFEFFx1"
        assertThat(CsvReader.read(f, "x1").y().floats()).containsExactly(1, 3);
    }

    @Test
    void semicolonAndTabSeparatedFilesAreDetectedFromTheFirstLine() throws IOException {
        for (String sep : new String[] {";", "\t", ","}) {
            Path f = Files.writeString(dir.resolve("sep.csv"), String.join(sep, "a", "b", "y") + "\n"
                    + String.join(sep, "1.5", "-2", "0") + "\n" + String.join(sep, "3", "4e1", "1") + "\n");
            LabeledData d = CsvReader.read(f);
            assertThat(d.x().floats()).as("separator %s", sep).containsExactly(1.5f, -2, 3, 40);
            assertThat(d.y().floats()).containsExactly(0, 1);
        }
        // a comma inside a quoted header name does not make the file comma-separated
        Path quoted = Files.writeString(dir.resolve("q.csv"), "\"a,b\";c\n1;0\n2;1\n");
        assertThat(CsvReader.readTable(quoted).header()).containsExactly("a,b", "c");
        assertThat(CsvReader.detectDelimiter("\n\n1;2\n3,4")).isEqualTo(';');
        assertThat(CsvReader.detectDelimiter("5")).isEqualTo(',');
    }

    @Test
    void anExplicitDelimiterIsUsedAndABadOneRefused() throws IOException {
        // the first line has a tab in a header name, so detection would split there; '|' given explicitly does not
        Path f = Files.writeString(dir.resolve("pipe.csv"), "a\tx|b|y\n1|2|0\n3|4|1\n");
        CsvReader.Table t = CsvReader.readTable(f, '|');
        assertThat(t.header()).containsExactly("a\tx", "b", "y");
        assertThat(CsvReader.read(f, null, '|').x().floats()).containsExactly(1, 2, 3, 4);
        assertThat(CsvReader.readRows(f, '|')).hasSize(2);
        assertThatThrownBy(() -> CsvReader.read(f, null, '.')).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("CSV delimiter '.' would split numbers or lines; expected a character such as ',', "
                        + "';', a tab or '|'");
    }

    @Test
    void decimalCommasInASemicolonFileGetAHint() throws IOException {
        Path f = Files.writeString(dir.resolve("de.csv"), "1,5;2;0\n");
        assertThatThrownBy(() -> CsvReader.read(f)).isInstanceOf(DataException.class).hasMessage(f
                + ", line 1, column 1: expected a number, found '1,5' (a decimal comma? jgrad reads numbers with a "
                + "decimal point, like 1.5)");
    }

    @Test
    void nonUtf8BinaryAndGzipCsvFilesAreNamedWithLineAndByte() throws IOException {
        // "caf\u00e9" saved as Latin-1: 0xe9 is not UTF-8 on its own. Line 2 starts at byte 6, so 0xe9 is byte 11.
        byte[] latin1 = "1,2,0\n3,caf\u00e9,1\n".getBytes(StandardCharsets.ISO_8859_1);
        Path l = bytes("latin1.csv", latin1);
        assertThatThrownBy(() -> CsvReader.read(l)).isInstanceOf(DataException.class)
                .hasMessage(l + ", line 2: not UTF-8 text (byte 0xe9 at byte 11); save the file as UTF-8");
        Path bin = bytes("data.bin", new byte[] {'1', ',', '2', '\n', 0, 7, 1});
        assertThatThrownBy(() -> CsvReader.read(bin)).isInstanceOf(DataException.class)
                .hasMessage(bin + ", line 2: binary data (a zero byte at byte 4), expected CSV text");
        Path gz = bytes("data.csv.gz", GzipBytes.of("1,2,0\n".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> CsvReader.read(gz)).isInstanceOf(DataException.class)
                .hasMessage(gz + ": gzip-compressed data, expected CSV text (decompress it first, for example with "
                        + "gunzip)");
    }

    @Test
    void messagesGiveTheLineAnEditorShowsPastBlankLinesAndCrlf() throws IOException {
        // lines: 1 "a,b,y", 2 empty, 3 "1,2,0", 4 empty, 5 "3,x,1"
        Path f = Files.writeString(dir.resolve("blank.csv"), "a,b,y\r\n\r\n1,2,0\r\n\r\n3,x,1\r\n");
        assertThatThrownBy(() -> CsvReader.read(f)).hasMessage(f + ", line 5, column 2: expected a number, found 'x'");
        Path g = Files.writeString(dir.resolve("ragged.csv"), "1,2,0\n\n\n3,4\n");
        assertThatThrownBy(() -> CsvReader.read(g)).hasMessage(g + ", line 4: 2 columns, expected 3 like the first "
                + "data row");
    }

    @Test
    void anUnterminatedQuoteIsACsvErrorNamingTheFile() throws IOException {
        Path f = Files.writeString(dir.resolve("quote.csv"), "1,2,0\n\"3,4,1\n");
        assertThatThrownBy(() -> CsvReader.read(f)).isInstanceOf(DataException.class)
                .hasMessageStartingWith(f + ": not valid CSV: ");
    }

    @Test
    void directoriesAndUnreadableFilesAreNamed() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("train.csv"));
        assertThatThrownBy(() -> CsvReader.read(sub)).isInstanceOf(DataException.class)
                .hasMessage(sub + ": is a directory, expected a file");
        assertThatThrownBy(() -> IdxReader.read(sub)).isInstanceOf(DataException.class)
                .hasMessage(sub + ": is a directory, expected a file");
        Path inside = Files.writeString(dir.resolve("plain.csv"), "1,0\n").resolve("more.csv");
        assertThatThrownBy(() -> CsvReader.read(inside))
                .hasMessage(inside + ": a parent of this path is a file, not a directory");
        Path f = Files.writeString(dir.resolve("locked.csv"), "1,0\n");
        // the words for a denied read, as the JDK reports it (the exception names only the path)
        assertThat(FileError.describe(f, new AccessDeniedException(f.toString())))
                .isEqualTo(f + ": permission denied (this user may not read it)");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(f), "root reads any file, so the real case runs only as a user");
        assertThatThrownBy(() -> CsvReader.read(f)).hasMessage(f + ": permission denied (this user may not read it)");
    }

    /** A sparse 3 GB file (no disk used): refused by its size before any array is made, by every reader. */
    @Test
    void aFileTooLargeForOneArrayIsNamedNotAnOutOfMemoryError() throws IOException {
        Path big = dir.resolve("big.csv");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        String reason = ": cannot be read: larger than 2147483639 bytes (3221225472), more than jgrad reads into "
                + "memory at once";
        assertThatThrownBy(() -> CsvReader.read(big)).isInstanceOf(DataException.class).hasMessage(big + reason);
        assertThatThrownBy(() -> IdxReader.read(big)).isInstanceOf(DataException.class).hasMessage(big + reason);
        assertThatThrownBy(() -> org.jgrad.models.io.Safetensors.read(big))
                .isInstanceOf(org.jgrad.models.io.ModelFileException.class).hasMessage(big + reason);
    }

    @Test
    void aDamagedOrTruncatedGzipIdxFileIsNamedWithTheReason() throws IOException {
        byte[] idx = {0, 0, 8, 1, 0, 0, 0, 4, 1, 2, 3, 4};
        byte[] z = GzipBytes.of(idx);
        byte[] damaged = z.clone();
        damaged[12] ^= 0x55; // inside the deflate stream (the gzip header is 10 bytes)
        Path d = bytes("damaged-idx1-ubyte.gz", damaged);
        assertThatThrownBy(() -> IdxReader.read(d)).isInstanceOf(DataException.class)
                .hasMessageStartingWith(d + ": corrupt gzip data (")
                .hasMessageEndingWith("); the file is damaged, fetch or copy it again");
        Path t = bytes("short-idx1-ubyte.gz", java.util.Arrays.copyOf(z, z.length - 12));
        assertThatThrownBy(() -> IdxReader.read(t)).isInstanceOf(DataException.class)
                .hasMessage(t + ": truncated gzip data (Unexpected end of ZLIB input stream); the file is damaged, "
                        + "fetch or copy it again");
        assertThat(IdxReader.read(bytes("ok-idx1-ubyte.gz", z)).floats()).containsExactly(1, 2, 3, 4);
    }
}

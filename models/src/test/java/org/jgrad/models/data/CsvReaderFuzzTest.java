package org.jgrad.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 seeded mutations of a small CSV file (bit flips, cuts, inserted and deleted characters, cells replaced by
 * junk, another delimiter, a byte order mark). The reader must give a one-line {@link DataException} naming the
 * file, or the numbers of the text; no other exception.
 *
 * <p>For texts in plain ASCII without quotes, the numbers are those of a reference reading written here from the
 * rules the reader documents: lines end at CR, LF or CRLF and empty ones are skipped; the delimiter is a tab if the
 * first non-empty line has one, else a semicolon if it has one, else a comma; cells lose surrounding whitespace; a
 * first line without a number is a header; every other line has the first one's width and only finite decimal
 * numbers; the label is the last column. The reader must load exactly when the reference does, with the same
 * numbers. Other texts (quotes, non-ASCII, bytes that are not UTF-8) are checked for the exception type only.
 */
class CsvReaderFuzzTest {
    private static final int CASES = 10_000;
    private static final Pattern NUMBER = Pattern.compile(
            "[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?|[-+]?(NaN|Infinity)");
    private static final String INSERTS = ",;\t\n\r\"x.-+e0123456789 \u00e9\u000b";
    private static final String[] JUNK = {"", "NaN", "abc", "1,5", "\"1\"", "1e999", "0x10", "1f", " 2 ", "-", ".",
        "Infinity", "1e-3", "+.5", "7."};

    @TempDir
    Path dir;

    private final Map<String, Integer> counts = new TreeMap<>();

    private static String base() {
        Random r = new Random(11);
        StringBuilder b = new StringBuilder("f1,f2,f3,label\n");
        for (int i = 0; i < 12; i++) {
            b.append(String.format(Locale.ROOT, "%.2f,%d,%.3e,%d%n", r.nextGaussian() * 10, r.nextInt(200) - 100,
                    r.nextDouble(), r.nextInt(2)));
        }
        return b.toString();
    }

    @Test
    void tenThousandMutationsGiveTheTextsNumbersOrAClearError() throws IOException {
        // one real file through the whole path; the mutations go through the same parsing from bytes
        Path real = Files.writeString(dir.resolve("real.csv"), base());
        assertThat(CsvReader.read(real).rows()).isEqualTo(12);
        String base = base();
        Path file = dir.resolve("data.csv");
        for (int seed = 0; seed < CASES; seed++) {
            Random r = new Random(seed);
            byte[] bytes = mutate(r, base);
            check(file, bytes);
        }
        assertThat(counts).containsKeys("simple: loaded", "simple: refused", "other: refused");
        assertThat(counts.get("simple: loaded")).isGreaterThan(CASES / 10);
    }

    private static byte[] mutate(Random r, String base) {
        byte[] utf8 = base.getBytes(StandardCharsets.UTF_8);
        switch (r.nextInt(8)) {
            case 0 -> {
                byte[] b = utf8.clone();
                b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                return b;
            }
            case 1 -> {
                return Arrays.copyOf(utf8, r.nextInt(utf8.length));
            }
            case 2 -> {
                int at = r.nextInt(base.length());
                return (base.substring(0, at) + base.substring(at + 1)).getBytes(StandardCharsets.UTF_8);
            }
            case 3 -> {
                int at = r.nextInt(base.length() + 1);
                return (base.substring(0, at) + INSERTS.charAt(r.nextInt(INSERTS.length())) + base.substring(at))
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 4 -> {
                List<String> lines = new ArrayList<>(base.lines().toList());
                int line = r.nextInt(lines.size());
                String[] cells = lines.get(line).split(",", -1);
                cells[r.nextInt(cells.length)] = JUNK[r.nextInt(JUNK.length)];
                lines.set(line, String.join(",", cells));
                return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
            }
            case 5 -> {
                String sep = r.nextBoolean() ? ";" : "\t";
                String text = base.replace(",", sep);
                return (r.nextBoolean() ? text : text.replace("\n", "\r\n")).getBytes(StandardCharsets.UTF_8);
            }
            case 6 -> {
                byte[] b = new byte[utf8.length + 3];
                b[0] = (byte) 0xef;
                b[1] = (byte) 0xbb;
                b[2] = (byte) 0xbf;
                System.arraycopy(utf8, 0, b, 3, utf8.length);
                return b;
            }
            default -> {
                byte[] junk = new byte[1 + r.nextInt(8)];
                r.nextBytes(junk);
                byte[] b = Arrays.copyOf(utf8, utf8.length + junk.length);
                System.arraycopy(junk, 0, b, utf8.length, junk.length);
                return b;
            }
        }
    }

    private void check(Path file, byte[] bytes) {
        float[][] want = reference(bytes);
        boolean simple = want != OTHER;
        LabeledData got;
        try {
            got = CsvReader.parse(file, bytes);
        } catch (DataException e) {
            String m = e.getMessage();
            if (!m.startsWith(file.toString()) || m.contains("\n") || m.contains("\r")) {
                fail("not one line naming the file: " + m);
            }
            if (simple && want != null) {
                fail("refused a file the reference reads (" + m + "):\n" + new String(bytes, StandardCharsets.UTF_8));
            }
            counts.merge((simple ? "simple" : "other") + ": refused", 1, Integer::sum);
            return;
        } catch (RuntimeException e) {
            throw new AssertionError(e + " instead of a DataException for:\n"
                    + new String(bytes, StandardCharsets.UTF_8), e);
        }
        counts.merge((simple ? "simple" : "other") + ": loaded", 1, Integer::sum);
        if (!simple) {
            return;
        }
        if (want == null) {
            fail("read a file the reference refuses:\n" + new String(bytes, StandardCharsets.UTF_8));
        }
        float[] x = got.x().floats();
        float[] y = got.y().floats();
        int width = want[0].length;
        if (got.rows() != want.length || x.length != want.length * (width - 1)) {
            fail("read " + got.rows() + " rows, expected " + want.length);
        }
        for (int i = 0; i < want.length; i++) {
            for (int j = 0; j < width - 1; j++) {
                if (Float.floatToIntBits(x[i * (width - 1) + j]) != Float.floatToIntBits(want[i][j])) {
                    fail("row " + i + " feature " + j + ": " + x[i * (width - 1) + j] + ", expected " + want[i][j]);
                }
            }
            if (Float.floatToIntBits(y[i]) != Float.floatToIntBits(want[i][width - 1])) {
                fail("row " + i + " label: " + y[i] + ", expected " + want[i][width - 1]);
            }
        }
    }

    private static final float[][] OTHER = new float[0][];

    /** The rows the rules give ({@code null}: refused), or {@link #OTHER} for texts the reference does not cover. */
    private static float[][] reference(byte[] bytes) {
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
        for (int i = start; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return null;
            }
            if (bytes[i] < 0 || bytes[i] == '"') {
                return OTHER;
            }
        }
        String text = new String(bytes, start, bytes.length - start, StandardCharsets.US_ASCII);
        List<String> lines = split(text);
        char delimiter = ',';
        for (String line : lines) {
            if (!line.isEmpty()) {
                delimiter = line.indexOf('\t') >= 0 ? '\t' : line.indexOf(';') >= 0 ? ';' : ',';
                break;
            }
        }
        List<float[]> rows = new ArrayList<>();
        boolean first = true;
        int width = -1;
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = cells(line, delimiter);
            if (cells.length == 1 && cells[0].isEmpty()) {
                continue;
            }
            if (first && Arrays.stream(cells).noneMatch(c -> NUMBER.matcher(c).matches())) {
                first = false;
                width = cells.length;
                continue;
            }
            first = false;
            if (width < 0) {
                width = cells.length;
            } else if (cells.length != width) {
                return null;
            }
            float[] row = new float[cells.length];
            for (int c = 0; c < cells.length; c++) {
                if (!NUMBER.matcher(cells[c]).matches()) {
                    return null;
                }
                row[c] = Float.parseFloat(cells[c]);
                if (!Float.isFinite(row[c])) {
                    return null;
                }
            }
            rows.add(row);
        }
        if (rows.isEmpty() || width < 2) {
            return null;
        }
        return rows.toArray(new float[0][]);
    }

    /** The lines of {@code text}, each ended by CR, LF or CRLF (the last maybe by the end of the text). */
    private static List<String> split(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        lines.add(text.substring(start));
        return lines;
    }

    /** The cells of {@code line} between delimiters, each stripped. */
    private static String[] cells(String line, char delimiter) {
        List<String> cells = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == delimiter) {
                cells.add(strip(line.substring(start, i)));
                start = i + 1;
            }
        }
        return cells.toArray(new String[0]);
    }

    /** Without leading and trailing whitespace as {@link Character#isWhitespace} has it. */
    private static String strip(String cell) {
        int from = 0;
        int to = cell.length();
        while (from < to && Character.isWhitespace(cell.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(cell.charAt(to - 1))) {
            to--;
        }
        return cell.substring(from, to);
    }
}

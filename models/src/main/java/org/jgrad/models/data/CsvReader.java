package org.jgrad.models.data;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads numeric CSV (with Apache Commons CSV): one example per line, an optional header line (recognised by a
 * first line with no numeric cell), the label in the last column or in a column chosen by index or header name.
 * The file is UTF-8 (a byte order mark is skipped; see {@link TextFile}); cells are separated by commas,
 * semicolons or tabs, detected from the first line ({@link #DETECT}), or by a delimiter given. Errors name the
 * file, the line, the column and the text found.
 *
 * <pre>{@code
 * LabeledData d = CsvReader.read(Path.of("train.csv"));                  // label in the last column
 * LabeledData e = CsvReader.read(Path.of("iris.csv"), "species");        // label column by header name
 * LabeledData f = CsvReader.read(Path.of("excel.csv"), null, ';');      // semicolons, whatever the first line
 * }</pre>
 */
public final class CsvReader {
    /**
     * The delimiter argument that asks for detection from the first non-empty line: a tab if it has one outside
     * quotes, else a semicolon if it has one (a file written with decimal commas, {@code 1,5;2,5}, separates cells by
     * semicolons), else a comma.
     */
    public static final char DETECT = 0;

    private static final Pattern NUMBER = Pattern.compile(
            "[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?|[-+]?(NaN|Infinity)");
    private static final Pattern DECIMAL_COMMA = Pattern.compile("[-+]?\\d*,\\d+");

    private CsvReader() {
    }

    /**
     * A file's header (empty when it has none) and its data rows as numbers. When read with a text column
     * ({@link #readTable(Path, char, String)}), {@code labels} holds that column's cells as written and
     * {@code rows} the other cells; otherwise {@code labels} is empty.
     */
    public record Table(List<String> header, List<float[]> rows, List<String> labels) {
        public Table(List<String> header, List<float[]> rows) {
            this(header, rows, List.of());
        }
    }

    /** Reads features and labels from {@code file}; the label is the last column. */
    public static LabeledData read(Path file) throws IOException {
        return read(file, null);
    }

    /**
     * Reads features and labels from {@code file}. {@code labelColumn} is null (the last column), a column index
     * ({@code 0} is the first, {@code -1} the last) or a header name; the other columns are the features, in order.
     */
    public static LabeledData read(Path file, String labelColumn) throws IOException {
        return read(file, labelColumn, DETECT);
    }

    /**
     * As {@link #read(Path, String)}, with cells separated by {@code delimiter} ({@link #DETECT} to detect it).
     *
     * @throws IllegalArgumentException when {@code delimiter} would split numbers or lines (a digit, {@code .},
     *     {@code -}, {@code +}, {@code e}, a quote or a line break)
     */
    public static LabeledData read(Path file, String labelColumn, char delimiter) throws IOException {
        return labeled(file, readTable(file, delimiter), labelColumn);
    }

    /** The file's bytes, already read, as {@link #read(Path)} reads them (for tests that make many files). */
    static LabeledData parse(Path file, byte[] bytes) {
        return labeled(file, table(file, TextFile.decode(file, bytes), DETECT, null), null);
    }

    private static LabeledData labeled(Path file, Table table, String labelColumn) {
        List<float[]> rows = table.rows();
        if (rows.isEmpty()) {
            throw new DataException(file + ": no data rows (expected numeric rows and a label column)");
        }
        int width = rows.get(0).length;
        if (width < 2) {
            throw new DataException(file + ": rows have " + width + " column; expected at least one feature and a "
                    + "label");
        }
        int label = labelIndex(file, table.header(), width, labelColumn);
        float[][] features = new float[rows.size()][width - 1];
        float[] labels = new float[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            float[] r = rows.get(i);
            System.arraycopy(r, 0, features[i], 0, label);
            System.arraycopy(r, label + 1, features[i], label, width - 1 - label);
            labels[i] = r[label];
        }
        return LabeledData.of(features, labels);
    }

    private static int labelIndex(Path file, List<String> header, int width, String column) {
        if (column == null) {
            return width - 1;
        }
        try {
            int index = Integer.parseInt(column.trim());
            int resolved = index < 0 ? width + index : index;
            if (resolved < 0 || resolved >= width) {
                throw new DataException(file + ": label column " + index + " is out of range for " + width
                        + " columns");
            }
            return resolved;
        } catch (NumberFormatException e) {
            int named = header.indexOf(column);
            if (named < 0) {
                throw new DataException(file + ": no column named '" + column + "'"
                        + (header.isEmpty() ? " (the file has no header line)" : "; the header has " + header));
            }
            return named;
        }
    }

    /** Every data row as numbers (header skipped); all rows must have the first row's width. */
    public static List<float[]> readRows(Path file) throws IOException {
        return readTable(file).rows();
    }

    /** As {@link #readRows(Path)}, with cells separated by {@code delimiter} ({@link #DETECT} to detect it). */
    public static List<float[]> readRows(Path file, char delimiter) throws IOException {
        return readTable(file, delimiter).rows();
    }

    /** The header (if the first line has a non-numeric cell) and every data row as numbers, all of one width. */
    public static Table readTable(Path file) throws IOException {
        return readTable(file, DETECT);
    }

    /** As {@link #readTable(Path)}, with cells separated by {@code delimiter} ({@link #DETECT} to detect it). */
    public static Table readTable(Path file, char delimiter) throws IOException {
        return readTable(file, delimiter, null);
    }

    /**
     * As {@link #readTable(Path, char)}; {@code textColumn} (an index, {@code -1} for the last, or a header name; null
     * for none) is kept as text (class labels such as {@code cat}), not parsed: its cells go to {@link Table#labels()}
     * and every other cell must be a number, as in {@link #readTable(Path)}.
     */
    public static Table readTable(Path file, char delimiter, String textColumn) throws IOException {
        checkDelimiter(delimiter);
        return table(file, TextFile.read(file), delimiter, textColumn);
    }

    private static Table table(Path file, String text, char delimiter, String textColumn) {
        char separator = delimiter == DETECT ? detectDelimiter(text) : delimiter;
        List<float[]> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> header = List.of();
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(separator).setIgnoreSurroundingSpaces(true)
                .build();
        try (Reader in = new StringReader(text)) {
            int width = -1;
            int skip = -1;
            boolean first = true;
            for (CSVRecord rec : format.parse(in)) {
                if (rec.size() == 1 && rec.get(0).isEmpty()) {
                    continue;
                }
                if (first && rec.stream().noneMatch(CsvReader::isNumeric)) {
                    first = false;
                    header = rec.toList();
                    width = rec.size();
                    continue;
                }
                first = false;
                if (width < 0) {
                    width = rec.size();
                } else if (rec.size() != width) {
                    throw new DataException(file + ", line " + line(text, rec) + ": " + rec.size() + " columns, expected "
                            + width + (header.isEmpty() ? " like the first data row" : " like the header"));
                }
                if (textColumn != null && skip < 0) {
                    skip = labelIndex(file, header, width, textColumn);
                }
                rows.add(parseRow(file, text, rec, separator, skip));
                if (skip >= 0) {
                    labels.add(rec.get(skip));
                }
            }
        } catch (UncheckedIOException e) {
            throw new DataException(file + ": not valid CSV: " + printable(e.getCause().getMessage()));
        } catch (IOException e) {
            throw new DataException(file + ": not valid CSV: " + printable(e.getMessage()));
        }
        return new Table(header, rows, labels);
    }

    /** The delimiter {@link #DETECT} picks for {@code text}: see there. */
    static char detectDelimiter(String text) {
        int from = 0;
        while (from < text.length() && (text.charAt(from) == '\n' || text.charAt(from) == '\r')) {
            from++;
        }
        boolean quoted = false;
        boolean semicolon = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (quoted) {
                continue;
            } else if (c == '\n' || c == '\r') {
                break;
            } else if (c == '\t') {
                return '\t';
            } else if (c == ';') {
                semicolon = true;
            }
        }
        return semicolon ? ';' : ',';
    }

    private static void checkDelimiter(char d) {
        if (d != DETECT && (Character.isDigit(d) || "\"\r\n.-+eE".indexOf(d) >= 0)) {
            throw new IllegalArgumentException("CSV delimiter '" + (d == '\n' ? "\\n" : d == '\r' ? "\\r" : d)
                    + "' would split numbers or lines; expected a character such as ',', ';', a tab or '|'");
        }
    }

    /**
     * The 1-based line where {@code rec} starts, counting CR, LF and CRLF as one break each (Commons CSV's record
     * number skips blank lines, so it is not the line a text editor shows).
     */
    private static long line(String text, CSVRecord rec) {
        long line = 1;
        int end = (int) Math.min(rec.getCharacterPosition(), text.length());
        // the position is where the parser began looking, before the empty lines it skipped
        while (end < text.length() && (text.charAt(end) == '\n' || text.charAt(end) == '\r')) {
            end++;
        }
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) {
                line++;
            }
        }
        return line;
    }

    /** The row's numbers, leaving out column {@code skip} (none when negative). */
    private static float[] parseRow(Path file, String text, CSVRecord rec, char separator, int skip) {
        float[] r = new float[skip < 0 ? rec.size() : rec.size() - 1];
        for (int c = 0, k = 0; c < rec.size(); c++) {
            if (c == skip) {
                continue;
            }
            String cell = rec.get(c);
            if (!isNumeric(cell)) {
                boolean decimalComma = separator != ',' && DECIMAL_COMMA.matcher(cell).matches();
                throw new DataException(file + ", line " + line(text, rec) + ", column " + (c + 1)
                        + ": expected a number, found '"
                        + printable(cell) + "'" + (decimalComma ? " (a decimal comma? jgrad reads numbers with a "
                        + "decimal point, like 1.5)" : ""));
            }
            r[k] = Float.parseFloat(cell);
            if (!Float.isFinite(r[k++])) {
                throw new DataException(file + ", line " + line(text, rec) + ", column " + (c + 1)
                        + ": expected a finite number, found '" + cell + "'");
            }
        }
        return r;
    }

    /** A cell for a one-line message: line breaks and control characters escaped, at most 60 characters. */
    private static String printable(String cell) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cell.length() && i < 60; i++) {
            char c = cell.charAt(i);
            b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return cell.length() > 60 ? b + "..." : b.toString();
    }

    /**
     * A decimal number as CSV writers write it ({@code 3}, {@code -0.5}, {@code .5}, {@code 1e-3}), or NaN and
     * Infinity (refused later as not finite, by name). Narrower than {@link Float#parseFloat}, which also takes
     * {@code 1f}, {@code 0x1p3} and ignores control characters around the number.
     */
    static boolean isNumeric(String s) {
        return NUMBER.matcher(s).matches();
    }
}

package org.jgrad.models.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads numeric CSV (with Apache Commons CSV): one example per line, an optional header line (recognised by a
 * first line with no numeric cell), the label in the last column or in a column chosen by index or header name.
 * Errors name the file, the line, the column and the text found.
 *
 * <pre>{@code
 * LabeledData d = CsvReader.read(Path.of("train.csv"));               // label in the last column
 * LabeledData e = CsvReader.read(Path.of("iris.csv"), "species");     // label column by header name
 * }</pre>
 */
public final class CsvReader {
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
        Table table = readTable(file);
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

    /** The header (if the first line has a non-numeric cell) and every data row as numbers, all of one width. */
    public static Table readTable(Path file) throws IOException {
        return readTable(file, ',', null);
    }

    /**
     * As {@link #readTable(Path)}, with cells separated by {@code delimiter}; {@code textColumn} (an index, {@code -1}
     * for the last, or a header name; null for none) is kept as text (class labels such as {@code cat}), not parsed.
     */
    public static Table readTable(Path file, char delimiter, String textColumn) throws IOException {
        List<float[]> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> header = List.of();
        try (Reader in = Files.newBufferedReader(file)) {
            int width = -1;
            int text = -1;
            boolean first = true;
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreSurroundingSpaces(true)
                    .build().parse(in)) {
                long line = rec.getRecordNumber();
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
                    throw new DataException(file + ", line " + line + ": " + rec.size() + " columns, expected "
                            + width + (header.isEmpty() ? " like the first data row" : " like the header"));
                }
                if (textColumn != null && text < 0) {
                    text = labelIndex(file, header, width, textColumn);
                }
                rows.add(parseRow(file, line, rec, text));
                if (text >= 0) {
                    labels.add(rec.get(text));
                }
            }
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (java.io.UncheckedIOException e) {
            throw new DataException(file + ": " + e.getCause().getMessage());
        }
        return new Table(header, rows, labels);
    }

    /** The row's numbers, leaving out column {@code skip} (none when negative). */
    private static float[] parseRow(Path file, long line, CSVRecord rec, int skip) {
        float[] r = new float[skip < 0 ? rec.size() : rec.size() - 1];
        for (int c = 0, k = 0; c < rec.size(); c++) {
            if (c == skip) {
                continue;
            }
            String cell = rec.get(c);
            if (!isNumeric(cell)) {
                throw new DataException(file + ", line " + line + ", column " + (c + 1) + ": expected a number, found '"
                        + cell + "'");
            }
            r[k] = Float.parseFloat(cell);
            if (!Float.isFinite(r[k++])) {
                throw new DataException(file + ", line " + line + ", column " + (c + 1)
                        + ": expected a finite number, found '" + cell + "'");
            }
        }
        return r;
    }

    static boolean isNumeric(String s) {
        if (s.isEmpty()) {
            return false;
        }
        try {
            Float.parseFloat(s);
            return !s.endsWith("f") && !s.endsWith("d") && !s.endsWith("F") && !s.endsWith("D");
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

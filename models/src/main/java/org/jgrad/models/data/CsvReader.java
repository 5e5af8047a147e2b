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

    /** A file's header (empty when it has none) and its data rows as numbers. */
    public record Table(List<String> header, List<float[]> rows) {
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
        List<float[]> rows = new ArrayList<>();
        List<String> header = List.of();
        try (Reader in = Files.newBufferedReader(file)) {
            int width = -1;
            boolean first = true;
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).build().parse(in)) {
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
                rows.add(parseRow(file, line, rec));
            }
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (java.io.UncheckedIOException e) {
            throw new DataException(file + ": " + e.getCause().getMessage());
        }
        return new Table(header, rows);
    }

    private static float[] parseRow(Path file, long line, CSVRecord rec) {
        float[] r = new float[rec.size()];
        for (int c = 0; c < rec.size(); c++) {
            String cell = rec.get(c);
            if (!isNumeric(cell)) {
                throw new DataException(file + ", line " + line + ", column " + (c + 1) + ": expected a number, found '"
                        + cell + "'");
            }
            r[c] = Float.parseFloat(cell);
            if (!Float.isFinite(r[c])) {
                throw new DataException(file + ", line " + line + ", column " + (c + 1)
                        + ": expected a finite number, found '" + cell + "'");
            }
        }
        return r;
    }

    private static boolean isNumeric(String s) {
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

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
 * Reads numeric CSV: one example per line, the label in the last column, an optional header line (recognised by
 * a first line with a non-numeric cell). Errors name the file, the line, the column and the text found.
 */
public final class CsvReader {
    private CsvReader() {
    }

    /** Reads features and labels from {@code file}; the label is the last column. */
    public static LabeledData read(Path file) throws IOException {
        List<float[]> rows = readRows(file);
        if (rows.isEmpty()) {
            throw new DataException(file + ": no data rows (expected numeric rows, label in the last column)");
        }
        int width = rows.get(0).length;
        if (width < 2) {
            throw new DataException(file + ": rows have " + width + " column; expected at least one feature and a "
                    + "label");
        }
        float[][] features = new float[rows.size()][];
        float[] labels = new float[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            float[] r = rows.get(i);
            features[i] = java.util.Arrays.copyOf(r, width - 1);
            labels[i] = r[width - 1];
        }
        return LabeledData.of(features, labels);
    }

    /** Every data row as numbers (header skipped); all rows must have the first row's width. */
    public static List<float[]> readRows(Path file) throws IOException {
        List<float[]> rows = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file)) {
            int width = -1;
            boolean first = true;
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).build().parse(in)) {
                long line = rec.getRecordNumber();
                if (rec.size() == 1 && rec.get(0).isEmpty()) {
                    continue;
                }
                if (first && !isNumeric(rec.get(0))) {
                    first = false;
                    continue;
                }
                first = false;
                if (width < 0) {
                    width = rec.size();
                } else if (rec.size() != width) {
                    throw new DataException(file + ", line " + line + ": " + rec.size() + " columns, expected "
                            + width + " like the first data row");
                }
                float[] r = new float[rec.size()];
                for (int c = 0; c < rec.size(); c++) {
                    String cell = rec.get(c);
                    if (!isNumeric(cell)) {
                        throw new DataException(file + ", line " + line + ", column " + (c + 1)
                                + ": expected a number, found '" + cell + "'");
                    }
                    r[c] = Float.parseFloat(cell);
                    if (!Float.isFinite(r[c])) {
                        throw new DataException(file + ", line " + line + ", column " + (c + 1)
                                + ": expected a finite number, found '" + cell + "'");
                    }
                }
                rows.add(r);
            }
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (java.io.UncheckedIOException e) {
            throw new DataException(file + ": " + e.getCause().getMessage());
        }
        return rows;
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

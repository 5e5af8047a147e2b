package org.jgrad.models.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads a numeric CSV resource bundled in this package (gzip when the name ends in {@code .gz}), label last. */
final class BundledCsv {
    private BundledCsv() {
    }

    /** The rows after the first {@code skipLines} lines, the label in the last column. */
    static LabeledData read(String resource, int skipLines) {
        try (InputStream raw = BundledCsv.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalStateException("bundled resource " + resource + " is missing from the classpath");
            }
            InputStream in = resource.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (int i = 0; i < skipLines; i++) {
                lines.readLine();
            }
            List<float[]> rows = new ArrayList<>();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",");
                float[] r = new float[cells.length];
                for (int i = 0; i < cells.length; i++) {
                    r[i] = Float.parseFloat(cells[i]);
                }
                rows.add(r);
            }
            return LabeledData.fromRows(rows);
        } catch (IOException e) {
            throw new UncheckedIOException("reading bundled " + resource, e);
        }
    }
}

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

/**
 * The bundled 8x8 handwritten digits: 1797 images of 64 pixels (0..16) with labels 0..9, the test set of the UCI
 * "Optical Recognition of Handwritten Digits" data (E. Alpaydin, C. Kaynak, 1998; CC BY 4.0) in the row order
 * scikit-learn's {@code load_digits()} uses.
 */
public final class Digits {
    private static final String RESOURCE = "digits.csv.gz";

    private Digits() {
    }

    /** All 1797 images; labels are the digits 0..9; pixels as they are (0..16). */
    public static LabeledData all() {
        List<float[]> rows = new ArrayList<>();
        try (InputStream raw = Digits.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("bundled resource " + RESOURCE + " is missing from the classpath");
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw),
                    StandardCharsets.US_ASCII));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] cells = line.split(",");
                float[] r = new float[cells.length];
                for (int i = 0; i < cells.length; i++) {
                    r[i] = Float.parseFloat(cells[i]);
                }
                rows.add(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading bundled " + RESOURCE, e);
        }
        float[][] x = new float[rows.size()][];
        float[] y = new float[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            x[i] = java.util.Arrays.copyOf(rows.get(i), 64);
            y[i] = rows.get(i)[64];
        }
        return LabeledData.of(x, y);
    }

    /**
     * The images of digits {@code negative} and {@code positive} only, in their original order, as a binary task:
     * label 0 for {@code negative}, 1 for {@code positive}. {@code pair(0, 1)} is the tutorials' 360 images.
     */
    public static LabeledData pair(int negative, int positive) {
        if (negative == positive || negative < 0 || negative > 9 || positive < 0 || positive > 9) {
            throw new IllegalArgumentException("digits pair: expected two different digits 0..9, got " + negative
                    + " and " + positive);
        }
        LabeledData all = all();
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < all.rows(); i++) {
            int label = (int) all.y().get(i);
            if (label == negative || label == positive) {
                keep.add(i);
            }
        }
        LabeledData sub = all.select(keep.stream().mapToInt(Integer::intValue).toArray());
        float[] y = sub.y().floats();
        for (int i = 0; i < y.length; i++) {
            y[i] = y[i] == positive ? 1f : 0f;
        }
        return sub;
    }
}

package org.jgrad.models.data;

/**
 * The bundled 8x8 handwritten digits: 1797 images of 64 pixels (0..16) with labels 0..9, the test set of the UCI
 * "Optical Recognition of Handwritten Digits" data (E. Alpaydin, C. Kaynak, 1998; CC BY 4.0) in the row order
 * scikit-learn's {@code load_digits()} uses.
 */
public final class Digits {
    private Digits() {
    }

    /** Rows of 64 pixels {@code (N, 64)} viewed as images {@code (N, 1, 8, 8)} for convolutional models. */
    public static org.jgrad.core.NDArray images(org.jgrad.core.NDArray rows) {
        return ImageShape.DIGITS.images(rows);
    }

    /** All 1797 images; labels are the digits 0..9; pixels as they are (0..16). */
    public static LabeledData all() {
        return BundledCsv.read("digits.csv.gz", 0);
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
        return all().pair(negative, positive);
    }
}

package org.jgrad.models.data;

import java.util.List;

/**
 * The bundled Breast Cancer Wisconsin (Diagnostic) data: 569 tumours, 30 real features computed from a digitised
 * image of a fine needle aspirate, label 0 = malignant, 1 = benign (W. H. Wolberg, W. N. Street, O. L. Mangasarian,
 * UCI, 1995; CC BY 4.0), in the row order of scikit-learn's {@code load_breast_cancer()}.
 */
public final class BreastCancer {
    /** The class names, by label. */
    public static final List<String> CLASSES = List.of("malignant", "benign");

    private BreastCancer() {
    }

    /** All 569 rows: features (569, 30) unscaled, labels (569, 1). */
    public static LabeledData load() {
        // the first line, "569,30,malignant,benign", gives the count, the features and the class names
        return BundledCsv.read("breast_cancer.csv", 1);
    }
}

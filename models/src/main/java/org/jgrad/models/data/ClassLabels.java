package org.jgrad.models.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The classes of a classification task as the data writes them, and the class index of each label (scikit-learn's
 * {@code LabelEncoder}, as its classifiers use it): the classes are the distinct training labels, sorted; numbers in
 * numeric order when every label is a number ({@code -1 < 1}, {@code 2 < 10}), otherwise as strings
 * ({@code cat < dog}). Class {@code i} is the {@code i}-th of {@link #names()}; a model predicts indices and prints
 * names.
 *
 * <p>Numeric labels are compared as numbers, so {@code 1} and {@code 1.0} are one class (named as first written).
 * Refused, each with a message naming the source: a single class; numeric labels that are not whole numbers (they
 * look continuous, a regression target: scikit-learn's "Unknown label type: continuous"); more than
 * {@link #MAX_CLASSES} classes (a wrong label column, not a task to allocate a huge output layer for).
 *
 * <pre>{@code
 * ClassLabels classes = ClassLabels.fit("train.csv", List.of("dog", "cat", "dog"));   // names [cat, dog]
 * float[] y = classes.encode("test.csv", List.of("cat", "dog"));                     // {0, 1}
 * }</pre>
 */
public final class ClassLabels {
    /** The most classes a label column may hold. */
    public static final int MAX_CLASSES = 1000;

    private final List<String> names;
    private final boolean numeric;
    private final Map<String, Integer> index = new LinkedHashMap<>();

    private ClassLabels(List<String> names, boolean numeric) {
        this.names = List.copyOf(names);
        this.numeric = numeric;
        for (int i = 0; i < names.size(); i++) {
            if (index.put(key(names.get(i)), i) != null) {
                throw new DataException("class labels: '" + names.get(i) + "' appears twice in " + names);
            }
        }
    }

    /**
     * The classes of the training labels {@code labels}, read from {@code source} (a file name, for messages).
     *
     * @throws DataException for an empty label, one class, continuous-looking numbers or too many classes
     */
    public static ClassLabels fit(String source, List<String> labels) {
        if (labels.isEmpty()) {
            throw new DataException(source + ": no labels (expected at least one data row)");
        }
        boolean numeric = labels.stream().allMatch(CsvReader::isNumeric);
        Map<String, String> firstSpelling = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            if (label.isEmpty()) {
                throw new DataException(source + ", data row " + (i + 1) + ": the label is empty");
            }
            if (numeric && !isWhole(label)) {
                throw new DataException(source + ", data row " + (i + 1) + ": label " + label + " is not a whole "
                        + "number, so the label column looks continuous (a regression target); expected class "
                        + "labels such as 0/1, 1/2 or cat/dog (scikit-learn: Unknown label type: continuous)");
            }
            firstSpelling.putIfAbsent(numeric ? numericKey(label) : label, label);
            if (firstSpelling.size() > MAX_CLASSES) {
                throw new DataException(source + ": more than " + MAX_CLASSES + " distinct labels by data row "
                        + (i + 1) + "; jgrad trains at most " + MAX_CLASSES + " classes (is the label the last "
                        + "column?)");
            }
        }
        if (firstSpelling.size() < 2) {
            throw new DataException(source + ": every label is '" + labels.get(0) + "' (1 class); a classifier "
                    + "needs at least 2 classes");
        }
        List<String> names = new ArrayList<>(firstSpelling.values());
        names.sort(numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder());
        return new ClassLabels(names, numeric);
    }

    /** Classes stored with a model, in class order (numeric comparison when every name is a number). */
    public static ClassLabels of(List<String> names) {
        return new ClassLabels(names, names.stream().allMatch(CsvReader::isNumeric));
    }

    /** The class names, in class order: class {@code i} is {@code names().get(i)}. */
    public List<String> names() {
        return names;
    }

    /** Number of classes. */
    public int size() {
        return names.size();
    }

    /** The class index of {@code label}, or -1 when it is not a class. */
    public int indexOf(String label) {
        Integer i = index.get(key(label));
        return i == null ? -1 : i;
    }

    /**
     * The class index of every label, as floats (what the losses take).
     *
     * @throws DataException naming the first label that is not one of the classes, and its row
     */
    public float[] encode(String source, List<String> labels) {
        float[] out = new float[labels.size()];
        for (int i = 0; i < out.length; i++) {
            int c = indexOf(labels.get(i));
            if (c < 0) {
                throw new DataException(source + ", data row " + (i + 1) + ": label '" + labels.get(i) + "' is not "
                        + "one of the training classes " + names);
            }
            out[i] = c;
        }
        return out;
    }

    private String key(String label) {
        return numeric && CsvReader.isNumeric(label) ? numericKey(label) : label;
    }

    /** One spelling per number: {@code 1}, {@code 1.0} and {@code 1e0} are the same class. */
    private static String numericKey(String label) {
        double v = Double.parseDouble(label);
        return String.format(Locale.ROOT, "%s", v == 0 ? 0.0 : v);
    }

    private static boolean isWhole(String label) {
        double v = Double.parseDouble(label);
        return Double.isFinite(v) && v == Math.rint(v);
    }

    @Override
    public String toString() {
        return "ClassLabels" + names;
    }
}

package org.jgrad.models.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A shuffled split into a training and a test set. {@link #split} is made exactly as scikit-learn's
 * {@code train_test_split(X, y, test_size=f, random_state=seed)}: {@code ceil(f * m)} test rows are the first of
 * {@code RandomState(seed).permutation(m)}, the training rows the rest, in that order. {@link #stratified} keeps
 * each class's share the same on both sides.
 */
public record TrainTestSplit(LabeledData train, LabeledData test) {

    public static TrainTestSplit split(LabeledData data, double testFraction, long seed) {
        int m = data.rows();
        int nTest = testRows(testFraction, m);
        int[] perm = new NumpyRandomState(seed).permutation(m);
        int[] test = java.util.Arrays.copyOfRange(perm, 0, nTest);
        int[] train = java.util.Arrays.copyOfRange(perm, nTest, m);
        return new TrainTestSplit(data.select(train), data.select(test));
    }

    /**
     * A split where each class (label value) puts {@code round(f * m_c)} of its {@code m_c} rows, drawn by one
     * seeded permutation, on the test side; both sides are then shuffled by the same generator. Not identical to
     * scikit-learn's {@code stratify=y} (which allocates the rounding differently), but as reproducible.
     */
    public static TrainTestSplit stratified(LabeledData data, double testFraction, long seed) {
        testRows(testFraction, data.rows());
        NumpyRandomState random = new NumpyRandomState(seed);
        Map<Double, List<Integer>> byClass = new LinkedHashMap<>();
        for (int i : random.permutation(data.rows())) {
            byClass.computeIfAbsent(data.y().get(i), k -> new ArrayList<>()).add(i);
        }
        List<Integer> test = new ArrayList<>();
        List<Integer> train = new ArrayList<>();
        for (List<Integer> rows : byClass.values()) {
            int nTest = (int) Math.round(testFraction * rows.size());
            test.addAll(rows.subList(0, nTest));
            train.addAll(rows.subList(nTest, rows.size()));
        }
        if (test.isEmpty() || train.isEmpty()) {
            throw new IllegalArgumentException("cannot split " + data.rows() + " rows with test fraction "
                    + testFraction + ": one side would be empty");
        }
        return new TrainTestSplit(data.select(shuffled(train, random)), data.select(shuffled(test, random)));
    }

    private static int[] shuffled(List<Integer> rows, NumpyRandomState random) {
        int[] perm = random.permutation(rows.size());
        int[] out = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            out[i] = rows.get(perm[i]);
        }
        return out;
    }

    private static int testRows(double testFraction, int m) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be between 0 and 1 (exclusive), got "
                    + testFraction);
        }
        int nTest = (int) Math.ceil(testFraction * m);
        if (nTest == 0 || nTest == m) {
            throw new IllegalArgumentException("cannot split " + m + " rows with test fraction " + testFraction
                    + ": one side would be empty");
        }
        return nTest;
    }
}

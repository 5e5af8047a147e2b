package org.jgrad.models.data;

/**
 * A shuffled split into a training and a test set, made exactly as scikit-learn's
 * {@code train_test_split(X, y, test_size=f, random_state=seed)}: {@code ceil(f * m)} test rows are the first of
 * {@code RandomState(seed).permutation(m)}, the training rows the rest, in that order.
 */
public record TrainTestSplit(LabeledData train, LabeledData test) {

    public static TrainTestSplit split(LabeledData data, double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be between 0 and 1 (exclusive), got "
                    + testFraction);
        }
        int m = data.rows();
        int nTest = (int) Math.ceil(testFraction * m);
        int nTrain = m - nTest;
        if (nTest == 0 || nTrain == 0) {
            throw new IllegalArgumentException("cannot split " + m + " rows with test fraction " + testFraction
                    + ": one side would be empty");
        }
        int[] perm = new NumpyRandomState(seed).permutation(m);
        int[] test = java.util.Arrays.copyOfRange(perm, 0, nTest);
        int[] train = java.util.Arrays.copyOfRange(perm, nTest, m);
        return new TrainTestSplit(data.select(train), data.select(test));
    }
}

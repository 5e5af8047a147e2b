package org.jgrad.models.metrics;

import java.util.Arrays;
import java.util.Comparator;
import org.jgrad.core.NDArray;

/**
 * Classification metrics, with scikit-learn's definitions. Binary metrics take class 1 as the positive class;
 * predictions and labels are class indices ({@code int[]}), probabilities are arrays with one value per example.
 *
 * <pre>{@code
 * int[] predicted = ..., actual = ...;
 * Metrics.accuracy(predicted, actual);           // fraction equal
 * Metrics.f1(predicted, actual);                  // 2 precision recall / (precision + recall)
 * Metrics.rocAuc(probabilities, labels);          // P(score of a random positive > score of a random negative)
 * }</pre>
 */
public final class Metrics {
    private Metrics() {
    }

    /**
     * Fraction of rows where the prediction {@code probability > threshold} (1, else 0) equals the label, as the
     * tutorials' {@code predict} does with threshold 0.5.
     */
    public static double accuracy(NDArray probabilities, NDArray labels, double threshold) {
        requireSameCount("accuracy", probabilities.size(), labels.size());
        int[] predicted = new int[labels.size()];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = probabilities.get(i) > threshold ? 1 : 0;
        }
        return accuracy(predicted, classes(labels));
    }

    /** Fraction of rows where {@code predicted[i] == actual[i]}. */
    public static double accuracy(int[] predicted, int[] actual) {
        requireSameCount("accuracy", predicted.length, actual.length);
        int correct = 0;
        for (int i = 0; i < actual.length; i++) {
            correct += predicted[i] == actual[i] ? 1 : 0;
        }
        return (double) correct / actual.length;
    }

    /**
     * The confusion matrix {@code c[actual][predicted]}: row = true class, column = predicted class, as
     * scikit-learn's {@code confusion_matrix}; classes are {@code 0..classes-1}.
     */
    public static int[][] confusionMatrix(int[] predicted, int[] actual, int classes) {
        requireSameCount("confusion matrix", predicted.length, actual.length);
        int[][] c = new int[classes][classes];
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] < 0 || actual[i] >= classes || predicted[i] < 0 || predicted[i] >= classes) {
                throw new IllegalArgumentException("confusion matrix: row " + i + " has label " + actual[i]
                        + " and prediction " + predicted[i] + ", expected classes 0.." + (classes - 1));
            }
            c[actual[i]][predicted[i]]++;
        }
        return c;
    }

    /** {@code TP / (TP + FP)} for class 1; 0 when nothing is predicted positive (scikit-learn's zero_division=0). */
    public static double precision(int[] predicted, int[] actual) {
        int[][] c = confusionMatrix(predicted, actual, 2);
        return ratio(c[1][1], c[1][1] + c[0][1]);
    }

    /** {@code TP / (TP + FN)} for class 1; 0 when there is no positive example. */
    public static double recall(int[] predicted, int[] actual) {
        int[][] c = confusionMatrix(predicted, actual, 2);
        return ratio(c[1][1], c[1][1] + c[1][0]);
    }

    /** The harmonic mean of precision and recall, {@code 2 TP / (2 TP + FP + FN)}; 0 when both are 0. */
    public static double f1(int[] predicted, int[] actual) {
        int[][] c = confusionMatrix(predicted, actual, 2);
        return ratio(2 * c[1][1], 2 * c[1][1] + c[0][1] + c[1][0]);
    }

    /**
     * The mean binary log loss {@code -(1/m) sum [y log p + (1 - y) log(1 - p)]}, with {@code p} clipped to
     * {@code [1e-15, 1 - 1e-15]} as scikit-learn's {@code log_loss} does.
     */
    public static double logLoss(NDArray probabilities, NDArray labels) {
        requireSameCount("log loss", probabilities.size(), labels.size());
        int[] y = classes(labels);
        double total = 0;
        for (int i = 0; i < y.length; i++) {
            double p = Math.min(Math.max(probabilities.get(i), 1e-15), 1 - 1e-15);
            total += y[i] == 1 ? Math.log(p) : Math.log1p(-p);
        }
        return -total / y.length;
    }

    /**
     * The area under the ROC curve: the probability that a random positive scores higher than a random negative,
     * ties counting one half (the Mann-Whitney statistic {@code (R+ - n+(n+ + 1)/2) / (n+ n-)} with average ranks).
     */
    public static double rocAuc(NDArray scores, NDArray labels) {
        requireSameCount("ROC AUC", scores.size(), labels.size());
        int[] y = classes(labels);
        Integer[] order = new Integer[y.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(scores::get));
        double positiveRanks = 0;
        long positives = 0;
        for (int start = 0; start < order.length;) {
            int end = start;
            while (end + 1 < order.length && scores.get(order[end + 1]) == scores.get(order[start])) {
                end++;
            }
            double averageRank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                if (y[order[k]] == 1) {
                    positiveRanks += averageRank;
                    positives++;
                }
            }
            start = end + 1;
        }
        long negatives = y.length - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("ROC AUC: needs both classes, got " + positives + " positive and "
                    + negatives + " negative examples");
        }
        return (positiveRanks - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** Labels as class indices, each checked to be a whole number >= 0. */
    public static int[] classes(NDArray labels) {
        int[] out = new int[labels.size()];
        for (int i = 0; i < out.length; i++) {
            double v = labels.get(i);
            if (v != Math.rint(v) || v < 0) {
                throw new IllegalArgumentException("labels: element " + i + " is " + v + ", expected a class index");
            }
            out[i] = (int) v;
        }
        return out;
    }

    private static double ratio(int num, int den) {
        return den == 0 ? 0 : (double) num / den;
    }

    private static void requireSameCount(String metric, int predictions, int labels) {
        if (predictions != labels) {
            throw new IllegalArgumentException(metric + ": " + predictions + " predictions but " + labels + " labels");
        }
        if (labels == 0) {
            throw new IllegalArgumentException(metric + ": no examples");
        }
    }
}

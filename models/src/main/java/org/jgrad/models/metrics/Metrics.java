package org.jgrad.models.metrics;

import org.jgrad.core.NDArray;

/** Classification metrics. */
public final class Metrics {
    private Metrics() {
    }

    /**
     * Fraction of rows where the prediction {@code probability > threshold} (1, else 0) equals the label, as the
     * tutorials' {@code predict} does with threshold 0.5.
     */
    public static double accuracy(NDArray probabilities, NDArray labels, double threshold) {
        if (probabilities.size() != labels.size()) {
            throw new IllegalArgumentException("accuracy: " + probabilities.size() + " predictions but "
                    + labels.size() + " labels");
        }
        if (labels.size() == 0) {
            throw new IllegalArgumentException("accuracy: no examples");
        }
        int correct = 0;
        for (int i = 0; i < labels.size(); i++) {
            double predicted = probabilities.get(i) > threshold ? 1 : 0;
            if (predicted == labels.get(i)) {
                correct++;
            }
        }
        return (double) correct / labels.size();
    }
}

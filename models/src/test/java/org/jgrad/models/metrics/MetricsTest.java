package org.jgrad.models.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private static final int[] ACTUAL = {1, 1, 1, 0, 0, 0, 0, 1};
    private static final int[] PREDICTED = {1, 0, 1, 0, 1, 0, 0, 1};

    private static NDArray vec(double... v) {
        return NDArray.of(v, Shape.of(v.length));
    }

    @Test
    void binaryCountsByHand() {
        // TP = 3 (rows 0, 2, 7), FN = 1 (row 1), FP = 1 (row 4), TN = 3
        assertThat(Metrics.confusionMatrix(PREDICTED, ACTUAL, 2)).isEqualTo(new int[][] {{3, 1}, {1, 3}});
        assertThat(Metrics.accuracy(PREDICTED, ACTUAL)).isEqualTo(6.0 / 8);
        assertThat(Metrics.precision(PREDICTED, ACTUAL)).isEqualTo(3.0 / 4);
        assertThat(Metrics.recall(PREDICTED, ACTUAL)).isEqualTo(3.0 / 4);
        assertThat(Metrics.f1(PREDICTED, ACTUAL)).isEqualTo(6.0 / 8);
        assertThat(Metrics.precision(new int[] {0, 0}, new int[] {1, 0})).isZero();
    }

    @Test
    void thresholdAccuracyAsTheTutorials() {
        assertThat(Metrics.accuracy(vec(0.9, 0.5, 0.2, 0.7), vec(1, 1, 0, 0), 0.5)).isEqualTo(0.5);
    }

    @Test
    void logLossIsTheMeanNegativeLogLikelihoodWithClipping() {
        double expected = -(Math.log(0.8) + Math.log(0.6) + Math.log(1e-15)) / 3;
        assertThat(Metrics.logLoss(vec(0.8, 0.4, 0.0), vec(1, 0, 1))).isCloseTo(expected, within(1e-12));
    }

    @Test
    void rocAucCountsOrderedPairsWithTiesAsHalf() {
        // positives score 0.8, 0.4, 0.35; negatives 0.1, 0.4, 0.9. Pairs (pos > neg): 0.8 beats 0.1 and 0.4 (2);
        // 0.4 beats 0.1, ties 0.4 (1.5); 0.35 beats 0.1 (1). AUC = 4.5 / 9
        NDArray scores = vec(0.8, 0.4, 0.35, 0.1, 0.4, 0.9);
        assertThat(Metrics.rocAuc(scores, vec(1, 1, 1, 0, 0, 0))).isCloseTo(4.5 / 9, within(1e-12));
        assertThat(Metrics.rocAuc(vec(0.1, 0.9), vec(0, 1))).isEqualTo(1.0);
        assertThatThrownBy(() -> Metrics.rocAuc(vec(0.1, 0.9), vec(1, 1))).hasMessageContaining("both classes");
    }

    @Test
    void mismatchedLengthsAndBadLabelsAreErrors() {
        assertThatThrownBy(() -> Metrics.accuracy(new int[] {1}, new int[] {1, 0})).hasMessageContaining(
                "1 predictions but 2 labels");
        assertThatThrownBy(() -> Metrics.confusionMatrix(new int[] {0, 3}, new int[] {0, 1}, 2))
                .hasMessageContaining("row 1").hasMessageContaining("prediction 3");
        assertThatThrownBy(() -> Metrics.logLoss(vec(0.5), vec(0.5))).hasMessageContaining("element 0 is 0.5");
    }
}

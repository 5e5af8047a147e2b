package org.jgrad.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LearningRatesTest {

    @Test
    void theLargestRateIsFlaggedAsDivergedAndTheSmallOnesAreNot() {
        List<LearningRates.Run> runs = LearningRates.train(40);
        assertThat(runs).extracting(LearningRates.Run::lr).containsExactly(0.01, 0.1, 1.0, 10.0, 100.0);
        assertThat(runs.get(4).diverged()).isTrue();
        assertThat(runs.get(4).divergence()).contains("rose from 0.6931");
        for (LearningRates.Run r : runs.subList(0, 3)) {
            assertThat(r.diverged()).as("lr %s", r.lr()).isFalse();
            // gradient descent from zeros with a small enough rate: the cost falls from log 2
            assertThat(r.costs()[39]).isLessThan(Math.log(2));
        }
    }

    @Test
    void nonFiniteAndGrowingCostsAreDivergence() {
        assertThat(LearningRates.divergence(new double[] {0.69, Double.NaN}, 1)).contains("NaN");
        assertThat(LearningRates.divergence(new double[] {0.69, Double.POSITIVE_INFINITY}, 1)).contains("Infinity");
        assertThat(LearningRates.divergence(new double[] {0.69, 0.7}, 1)).contains("rose");
        assertThat(LearningRates.divergence(new double[] {0.69, 0.5}, 1)).isNull();
    }

    @Test
    void theChartLeavesOutTheDivergedRunAndSaysSo() throws Exception {
        java.io.StringWriter text = new java.io.StringWriter();
        new LearningRates().run(new ExampleRun(new java.io.PrintWriter(text), java.nio.file.Files.createTempDirectory(
                "lr"), true));
        assertThat(text.toString()).contains("lr 100    diverged: the cost rose from 0.6931");
    }
}

package org.jgrad.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.jgrad.models.data.Digits;
import org.jgrad.models.data.TrainTestSplit;
import org.jgrad.models.metrics.Metrics;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {
    @Test
    void reproducesTheTutorialsCostTable() {
        TrainTestSplit split = TrainTestSplit.split(Digits.pair(0, 1).multipliedBy(1.0 / 16), 0.2, 42);
        LogisticRegression model = new LogisticRegression(64).fit(split.train().x(), split.train().y(), 0.05, 1000);
        // zeros give a = 1/2 everywhere: cost ln 2. The later figures are tutorial 002's printed log.
        assertThat(model.costs().get(0)).isCloseTo(Math.log(2), within(1e-6));
        assertThat(model.costs().get(100)).isCloseTo(0.1444, within(5e-5));
        assertThat(model.costs().get(900)).isCloseTo(0.0249, within(5e-5));
        assertThat(Metrics.accuracy(model.predict(split.test().x()), Metrics.classes(split.test().y()))).isEqualTo(1.0);
        assertThat(model.w().shape().dims()).containsExactly(1, 64);
        assertThat(model.b().shape().dims()).containsExactly(1);
        // predictProba is sigma(x w^T + b) for the first test row
        double z = model.b().data().get(0);
        for (int j = 0; j < 64; j++) {
            z += split.test().x().get(j) * model.w().data().get(j);
        }
        assertThat(model.predictProba(split.test().x()).get(0)).isCloseTo(1 / (1 + Math.exp(-z)), within(1e-6));
    }
}

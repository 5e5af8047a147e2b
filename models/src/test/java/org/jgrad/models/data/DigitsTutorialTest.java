package org.jgrad.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.jgrad.autograd.GradMode;
import org.jgrad.autograd.Tensor;
import org.jgrad.models.metrics.Metrics;
import org.jgrad.models.nn.BCEWithLogitsLoss;
import org.jgrad.models.nn.Linear;
import org.jgrad.models.optim.SGD;
import org.junit.jupiter.api.Test;

/** Tutorial 002's run: digits 0 and 1, pixels / 16, 80/20 split, zeros, lr 0.05, 1000 full-batch iterations. */
class DigitsTutorialTest {

    @Test
    void bundledDigitsHaveTheTutorialsShape() {
        LabeledData all = Digits.all();
        assertThat(all.rows()).isEqualTo(1797);
        assertThat(all.features()).isEqualTo(64);
        LabeledData pair = Digits.pair(0, 1);
        assertThat(pair.rows()).isEqualTo(360);
        TrainTestSplit split = TrainTestSplit.split(pair, 0.2, 42);
        assertThat(split.train().rows()).isEqualTo(288);
        assertThat(split.test().rows()).isEqualTo(72);
    }

    @Test
    void trainingReproducesTheTutorialsLog() {
        TrainTestSplit data = TrainTestSplit.split(Digits.pair(0, 1).multipliedBy(1.0 / 16), 0.2, 42);
        Linear model = Linear.zeros(64, 1);
        BCEWithLogitsLoss criterion = new BCEWithLogitsLoss();
        SGD optimizer = new SGD(model.parameters(), 0.05);
        Tensor x = Tensor.of(data.train().x());
        Tensor y = Tensor.of(data.train().y());
        List<Double> printed = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Tensor loss = criterion.forward(model.forward(x), y);
            if (i % 100 == 0) {
                printed.add(loss.item());
            }
            optimizer.zeroGrad();
            loss.backward();
            optimizer.step();
        }
        // with zero weights every a = 1/2, so the first cost is -log(1/2) = ln 2
        assertThat(printed.get(0)).isCloseTo(Math.log(2), within(1e-6));
        for (int k = 1; k < printed.size(); k++) {
            assertThat(printed.get(k)).isLessThan(printed.get(k - 1));
        }
        // the tutorial's table (seeds/002): 0.1444 at 100, 0.0249 at 900 (NumPy, float64)
        assertThat(printed.get(1)).isCloseTo(0.1444, within(5e-5));
        assertThat(printed.get(9)).isCloseTo(0.0249, within(5e-5));
        try (var scope = GradMode.noGrad()) {
            double train = Metrics.accuracy(model.forward(x).sigmoid().data(), data.train().y(), 0.5);
            double test = Metrics.accuracy(model.forward(Tensor.of(data.test().x())).sigmoid().data(),
                    data.test().y(), 0.5);
            assertThat(train).isGreaterThanOrEqualTo(0.99);
            assertThat(test).isGreaterThanOrEqualTo(0.99);
        }
    }
}

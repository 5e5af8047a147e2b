package org.jgrad.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.Test;

class ScalerAndSplitTest {
    private static final NDArray TRAIN = NDArray.of(new float[] {1, 10, 3, 10, 5, 10}, Shape.of(3, 2));

    @Test
    void standardizeUsesTheTrainingMeanAndPopulationStd() {
        Scaler s = Scaler.standardize(TRAIN);
        // column 0: mean 3, std sqrt(8/3); column 1 is constant: scale 1 (scikit-learn)
        assertThat(s.shift()).containsExactly(3f, 10f);
        assertThat(s.scale()[0]).isCloseTo((float) Math.sqrt(8.0 / 3), within(1e-6f));
        assertThat(s.scale()[1]).isEqualTo(1f);
        NDArray test = NDArray.of(new float[] {7, 12}, Shape.of(1, 2));
        NDArray t = s.transform(test);
        assertThat(t.get(0)).isCloseTo(4 / Math.sqrt(8.0 / 3), within(1e-6));
        assertThat(t.get(1)).isEqualTo(2.0);
    }

    @Test
    void minMaxAndDivide() {
        NDArray t = Scaler.minMax(TRAIN).transform(TRAIN);
        assertThat(t.floats()).containsExactly(0f, 0f, 0.5f, 0f, 1f, 0f);
        assertThat(Scaler.fit("16", TRAIN).transform(TRAIN).floats()).containsExactly(1 / 16f, 10 / 16f, 3 / 16f,
                10 / 16f, 5 / 16f, 10 / 16f);
        assertThat(Scaler.fit("none", TRAIN).transform(TRAIN).floats()).containsExactly(TRAIN.floats());
        assertThatThrownBy(() -> Scaler.fit("log", TRAIN)).hasMessageContaining("'log'");
        assertThatThrownBy(() -> Scaler.standardize(TRAIN).transform(NDArray.of(new float[3], Shape.of(1, 3))))
                .hasMessageContaining("(m, 2)");
    }

    @Test
    void stratifiedSplitKeepsEachClassShare() {
        float[][] x = new float[100][1];
        float[] y = new float[100];
        for (int i = 0; i < 100; i++) {
            x[i][0] = i;
            y[i] = i < 80 ? 0 : 1;
        }
        TrainTestSplit s = TrainTestSplit.stratified(LabeledData.of(x, y), 0.25, 3);
        assertThat(s.test().rows()).isEqualTo(25);
        double positives = 0;
        for (int i = 0; i < 25; i++) {
            positives += s.test().y().get(i);
        }
        assertThat(positives).isEqualTo(5); // round(0.25 * 20)
        java.util.Set<Float> seen = new java.util.HashSet<>();
        for (LabeledData d : new LabeledData[] {s.train(), s.test()}) {
            for (int i = 0; i < d.rows(); i++) {
                assertThat(seen.add(d.x().floats()[i])).isTrue();
            }
        }
        assertThat(seen).hasSize(100);
    }

    @Test
    void bundledDataSetsHaveTheirDocumentedSizes() {
        LabeledData bc = BreastCancer.load();
        assertThat(bc.x().shape()).isEqualTo(Shape.of(569, 30));
        double benign = 0;
        for (int i = 0; i < 569; i++) {
            benign += bc.y().get(i);
        }
        assertThat(benign).isEqualTo(357); // scikit-learn's load_breast_cancer: 212 malignant, 357 benign
        assertThat(Digits.all().rows()).isEqualTo(1797);
        assertThat(Digits.pair(0, 1).rows()).isEqualTo(360);
        assertThat(Digits.all().classes()).isEqualTo(10);
    }
}

package org.jgrad.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Classes as scikit-learn's LabelEncoder finds them: sorted distinct labels, numbers in numeric order. */
class ClassLabelsTest {
    @Test
    void numbersSortAsNumbersAndMapToTheirRank() {
        // string order would give [1, 10, 2]; numeric order gives [1, 2, 10]
        ClassLabels c = ClassLabels.fit("t.csv", List.of("10", "2", "1", "2"));
        assertThat(c.names()).containsExactly("1", "2", "10");
        assertThat(c.encode("t.csv", List.of("10", "2", "1", "2"))).containsExactly(2f, 1f, 0f, 1f);
    }

    @Test
    void minusOneAndOneAreTwoClassesInOrder() {
        ClassLabels c = ClassLabels.fit("t.csv", List.of("1", "-1", "1"));
        assertThat(c.names()).containsExactly("-1", "1");
        assertThat(c.encode("t.csv", List.of("-1", "1"))).containsExactly(0f, 1f);
    }

    @Test
    void oneNumberWrittenTwoWaysIsOneClassNamedAsFirstWritten() {
        ClassLabels c = ClassLabels.fit("t.csv", List.of("1.0", "2", "1", "1e0"));
        assertThat(c.names()).containsExactly("1.0", "2");
        assertThat(c.indexOf("1")).isZero();
        assertThat(c.indexOf("2.00")).isEqualTo(1);
    }

    @Test
    void namesSortAsStringsAndAMixSortsAsStrings() {
        assertThat(ClassLabels.fit("t.csv", List.of("virginica", "setosa", "versicolor")).names())
                .containsExactly("setosa", "versicolor", "virginica");
        // "10" < "9" < "cat" as strings, because not every label is a number
        assertThat(ClassLabels.fit("t.csv", List.of("cat", "9", "10")).names()).containsExactly("10", "9", "cat");
    }

    @Test
    void storedNamesKeepTheirOrder() {
        ClassLabels c = ClassLabels.of(List.of("dog", "cat"));
        assertThat(c.indexOf("cat")).isEqualTo(1);
        assertThat(c.indexOf("cow")).isEqualTo(-1);
        assertThatThrownBy(() -> ClassLabels.of(List.of("1", "1.0")))
                .hasMessage("class labels: '1.0' appears twice in [1, 1.0]");
    }

    @Test
    void aLabelTheTrainingDataDidNotHaveIsAnError() {
        ClassLabels c = ClassLabels.fit("train.csv", List.of("1", "2"));
        assertThatThrownBy(() -> c.encode("test.csv", List.of("1", "3")))
                .isInstanceOf(DataException.class)
                .hasMessage("test.csv, data row 2: label '3' is not one of the training classes [1, 2]");
    }

    @Test
    void oneClassIsAnError() {
        assertThatThrownBy(() -> ClassLabels.fit("t.csv", List.of("1000000", "1000000")))
                .hasMessage("t.csv: every label is '1000000' (1 class); a classifier needs at least 2 classes");
    }

    @Test
    void fractionalNumbersLookContinuous() {
        assertThatThrownBy(() -> ClassLabels.fit("t.csv", List.of("0", "0.25", "1")))
                .hasMessage("t.csv, data row 2: label 0.25 is not a whole number, so the label column looks "
                        + "continuous (a regression target); expected class labels such as 0/1, 1/2 or cat/dog "
                        + "(scikit-learn: Unknown label type: continuous)");
    }

    @Test
    void moreThanTheLimitOfClassesIsAnErrorNotAHugeModel() {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i <= ClassLabels.MAX_CLASSES; i++) {
            labels.add(Integer.toString(i));
        }
        assertThatThrownBy(() -> ClassLabels.fit("t.csv", labels))
                .hasMessage("t.csv: more than 1000 distinct labels by data row 1001; jgrad trains at most 1000 "
                        + "classes (is the label the last column?)");
        // exactly the limit is fine
        assertThat(ClassLabels.fit("t.csv", labels.subList(0, ClassLabels.MAX_CLASSES)).size()).isEqualTo(1000);
    }

    @Test
    void anEmptyLabelIsAnError() {
        assertThatThrownBy(() -> ClassLabels.fit("t.csv", List.of("a", "")))
                .hasMessage("t.csv, data row 2: the label is empty");
    }
}

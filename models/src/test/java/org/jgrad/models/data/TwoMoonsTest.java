package org.jgrad.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TwoMoonsTest {

    @Test
    void withoutNoiseThePointsLieOnTheTwoHalfCircles() {
        LabeledData d = TwoMoons.generate(41, 0, 1);
        assertThat(d.rows()).isEqualTo(41);
        int ones = 0;
        for (int i = 0; i < d.rows(); i++) {
            double x1 = d.x().get(2 * i);
            double x2 = d.x().get(2 * i + 1);
            if (d.y().get(i) == 0) {
                // upper circle: x1^2 + x2^2 = 1, x2 >= 0
                assertThat(x1 * x1 + x2 * x2).isCloseTo(1, within(1e-6));
                assertThat(x2).isGreaterThanOrEqualTo(-1e-6);
            } else {
                ones++;
                // lower circle centred at (1, 0.5): (x1 - 1)^2 + (x2 - 0.5)^2 = 1, x2 <= 0.5
                assertThat((x1 - 1) * (x1 - 1) + (x2 - 0.5) * (x2 - 0.5)).isCloseTo(1, within(1e-6));
                assertThat(x2).isLessThanOrEqualTo(0.5 + 1e-6);
            }
        }
        assertThat(ones).isEqualTo(21);
    }

    @Test
    void theSameSeedGivesTheSamePoints() {
        assertThat(TwoMoons.generate(10, 0.2, 5).x().floats()).containsExactly(
                TwoMoons.generate(10, 0.2, 5).x().floats());
        assertThat(TwoMoons.generate(10, 0.2, 5).x().floats()).isNotEqualTo(
                TwoMoons.generate(10, 0.2, 6).x().floats());
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> TwoMoons.generate(1, 0.1, 0)).hasMessageContaining("at least 2 points, got 1");
        assertThatThrownBy(() -> TwoMoons.generate(10, -1, 0)).hasMessageContaining("noise must be");
    }
}

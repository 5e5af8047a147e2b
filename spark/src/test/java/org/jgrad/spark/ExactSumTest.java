package org.jgrad.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ExactSumTest {
    /** Terms with 2^-64 as their finest bit are held exactly: the sum equals BigDecimal's exact sum, rounded. */
    @Property(tries = 200)
    void sumsEqualTheExactDecimalSumInAnyOrder(
            @ForAll @Size(min = 1, max = 60) List<@DoubleRange(min = -1e6, max = 1e6) Double> terms) {
        BigDecimal exact = BigDecimal.ZERO;
        List<Double> cut = new ArrayList<>();
        for (double t : terms) {
            // round each term to float first (what blocks contribute), which keeps it a multiple of 2^-64 here
            double v = Math.abs(t) < 1e-3 ? 0 : (float) t;
            cut.add(v);
            exact = exact.add(new BigDecimal(v));
        }
        ExactSum forward = new ExactSum(1);
        cut.forEach(v -> forward.add(0, v));
        List<Double> shuffled = new ArrayList<>(cut);
        Collections.shuffle(shuffled, new Random(terms.size()));
        ExactSum backward = new ExactSum(1);
        shuffled.forEach(v -> backward.add(0, v));
        double expected = exact.doubleValue();
        assertThat(forward.get(0)).isEqualTo(backward.get(0));
        assertThat(forward.get(0)).isCloseTo(expected, org.assertj.core.api.Assertions.within(Math.ulp(expected)));
    }

    @Test
    void cancellationLeavesTheSmallTermIntact() {
        // in doubles, (0.1 + 1e17) - 1e17 is 0; held exactly it is the double 0.1
        ExactSum s = new ExactSum(1);
        s.add(0, 0.1);
        s.add(0, 1e17);
        s.add(0, -1e17);
        assertThat(s.get(0)).isEqualTo(0.1);
    }

    @Test
    void negativeFractionsAndCarriesAcrossTheBinaryPoint() {
        ExactSum s = new ExactSum(2);
        s.add(0, -0.25);       // high -1, low 0.75 * 2^64
        s.add(0, -0.75);       // carries into the integer part: exactly -1
        s.add(1, 0.75);
        s.add(1, 0.75);        // 1.5: the fractions carry
        assertThat(s.get(0)).isEqualTo(-1.0);
        assertThat(s.get(1)).isEqualTo(1.5);
        ExactSum t = new ExactSum(2);
        t.add(0, 0.5);
        t.add(1, -2.25);
        s.addAll(t);
        assertThat(s.get(0)).isEqualTo(-0.5);
        assertThat(s.get(1)).isEqualTo(-0.75);
    }

    @Test
    void nanOrOutOfRangeTermsMakeEverySumNaN() {
        ExactSum s = new ExactSum(2);
        s.add(0, 1);
        s.add(1, Double.NaN);
        assertThat(s.overflowed()).isTrue();
        assertThat(s.get(0)).isNaN();
        ExactSum big = new ExactSum(1);
        big.add(0, 0x1p62);
        assertThat(big.get(0)).isNaN();
        ExactSum sum = new ExactSum(1);
        sum.add(0, 0x1p61);
        sum.add(0, 0x1p61);
        sum.add(0, 0x1p61);
        sum.add(0, 0x1p61);   // 2^63 does not fit the signed integer part
        assertThat(sum.get(0)).isNaN();
    }
}

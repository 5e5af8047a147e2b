package org.jgrad.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Pooling#maxPool2d(NDArray, int[], int[], int[], boolean)} with the relu: the pooling's maxima and indices,
 * each maximum then {@code max(y, 0)}, against the pooling without it followed by {@link Elementwise#relu}, bit for
 * bit, on maps with all-negative windows, zeros of both signs, NaN and infinities. float32 2 x 2 windows of stride 2
 * run the vector kernel in groups of planes (28 x 28 maps: 20 planes of 196 outputs a group, so 64 planes end in a
 * partial group; 7 x 9 maps leave a column out), the other windows and float64 the general loop.
 */
class MaxPoolReluTest {
    @ParameterizedTest(name = "{0} {1}x{2}x{3} window {4} stride {5} padding {6}")
    @CsvSource({"FLOAT32, 64, 28, 28, 2, 2, 0", "FLOAT32, 6, 14, 14, 2, 2, 0", "FLOAT32, 5, 7, 9, 2, 2, 0",
        "FLOAT32, 4, 6, 6, 3, 2, 1", "FLOAT64, 4, 28, 28, 2, 2, 0", "FLOAT64, 3, 10, 8, 4, 2, 1"})
    void theReluOfThePooling(DType dtype, int planes, int height, int width, int window, int stride, int padding) {
        Random r = new Random(planes * 131L + height * 31L + width * 7L + window);
        NDArray x = NDArray.zeros(dtype, Shape.of(2, planes / 2 + planes % 2, height, width));
        double[] special = {-0.0, 0.0, Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
        for (int i = 0; i < x.size(); i++) {
            // mostly negative, so that many windows are all negative; now and then one of the special values
            x.set(i, i % 37 == 0 ? special[i / 37 % special.length] : r.nextGaussian() - 2.0);
        }
        int[] k = {window, window};
        int[] s = {stride, stride};
        int[] p = {padding, padding};
        Pooling.MaxResult plain = Pooling.maxPool2d(x, k, s, p);
        NDArray expected = Elementwise.relu(plain.output());
        Pooling.MaxResult fused = Pooling.maxPool2d(x, k, s, p, true);
        assertThat(fused.indices()).containsExactly(plain.indices());
        assertThat(fused.output().shape()).isEqualTo(expected.shape());
        int zeros = 0;
        for (int i = 0; i < expected.size(); i++) {
            assertThat(Double.doubleToRawLongBits(fused.output().get(i))).as("y %d", i)
                    .isEqualTo(Double.doubleToRawLongBits(expected.get(i)));
            zeros += expected.get(i) == 0 ? 1 : 0;
        }
        assertThat(zeros).as("windows the relu zeroed").isPositive();
        assertThat(zeros).as("windows it kept").isLessThan(expected.size());
    }
}

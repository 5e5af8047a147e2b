package org.jgrad.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A linear layer's bias added to every row in place, with and without the relu after it, at the width this JVM runs
 * (the build runs it at 128, 256 and 512 bits and with the scalar kernels): each element is the float sum
 * {@code y + b} (and then {@code max(., 0)}, as {@link Elementwise#relu} gives it), for rows shorter than a vector,
 * one vector long, and longer, with NaN, infinities and signed zeros among the values.
 */
class ArrayOpsTest {

    @ParameterizedTest
    @CsvSource({"1, 7", "3, 5", "10, 128", "15, 4", "16, 3", "17, 3", "31, 2", "32, 2", "33, 2", "100, 3"})
    void theBiasIsAddedToEveryRow(int n, int rows) {
        Random r = new Random(13L * n + rows);
        float[] y = new float[rows * n];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) r.nextGaussian();
        }
        float[] b = new float[n];
        for (int j = 0; j < n; j++) {
            b[j] = (float) r.nextGaussian();
        }
        y[0] = Float.NaN;
        y[y.length - 1] = -0.0f;
        b[n - 1] = n > 2 ? Float.POSITIVE_INFINITY : b[n - 1];
        if (rows > 1 && n > 1) {
            y[n + 1] = -b[1]; // a sum of exactly zero
        }
        float[] sums = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            sums[i] = y[i] + b[i % n];
        }
        NDArray plain = ArrayOps.addRowInPlace(NDArray.of(y.clone(), Shape.of(rows, n)), NDArray.of(b, Shape.of(n)));
        NDArray withRelu = ArrayOps.addRowReluInPlace(NDArray.of(y.clone(), Shape.of(rows, n)),
                NDArray.of(b, Shape.of(n)));
        float[] relu = Elementwise.relu(NDArray.of(sums, Shape.of(rows, n))).floats();
        for (int i = 0; i < y.length; i++) {
            assertThat(Float.floatToRawIntBits(plain.floats()[i])).as("y + b at %d: %s", i, plain.floats()[i])
                    .isEqualTo(Float.floatToRawIntBits(sums[i]));
            assertThat(Float.floatToRawIntBits(withRelu.floats()[i])).as("relu(y + b) at %d: %s", i,
                    withRelu.floats()[i]).isEqualTo(Float.floatToRawIntBits(relu[i]));
        }
        assertThat(plain.version()).as("marked changed in place").isPositive();
    }
}

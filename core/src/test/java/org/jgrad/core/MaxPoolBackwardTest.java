package org.jgrad.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Pooling#maxPool2dBackward} on maps half the input's size, where it first tries the one-pass kernel of 2 x 2
 * windows: against the scatter {@code dx[indices[i]] += dy[i]} into zeros, written here, both for a 2 x 2 pooling of
 * stride 2 (the kernel's case) and for poolings whose windows overlap or reach past the 2 x 2 block (3 x 3 of stride
 * 2 and padding 1, whose indices send it back to the scatter, with pixels that get two gradients).
 */
class MaxPoolBackwardTest {
    @ParameterizedTest(name = "{0}x{1} window {2} stride {3} padding {4}")
    @CsvSource({"28, 28, 2, 2, 0", "14, 14, 2, 2, 0", "7, 9, 2, 2, 0", "6, 6, 3, 2, 1", "28, 28, 3, 2, 1",
        "10, 8, 4, 2, 1"})
    void theGradientIsTheScatterOfDy(int height, int width, int window, int stride, int padding) {
        Random r = new Random(height * 31L + width * 7L + window);
        NDArray x = NDArray.zeros(DType.FLOAT32, Shape.of(2, 3, height, width));
        for (int i = 0; i < x.size(); i++) {
            x.set(i, r.nextInt(7) - 3);
        }
        int[] k = {window, window};
        Pooling.MaxResult pooled = Pooling.maxPool2d(x, k, new int[] {stride, stride}, new int[] {padding, padding});
        assertThat(pooled.output().shape()).isEqualTo(Shape.of(2, 3, height / 2, width / 2));
        NDArray dy = NDArray.zeros(DType.FLOAT32, pooled.output().shape());
        for (int i = 0; i < dy.size(); i++) {
            dy.set(i, i % 11 == 0 ? -0.0 : r.nextGaussian());
        }
        float[] expected = new float[x.size()];
        for (int i = 0; i < dy.size(); i++) {
            expected[pooled.indices()[i]] += dy.floats()[i];
        }
        NDArray dx = Pooling.maxPool2dBackward(dy, pooled.indices(), x.shape());
        assertThat(dx.shape()).isEqualTo(x.shape());
        for (int i = 0; i < expected.length; i++) {
            assertThat(Float.floatToIntBits(dx.floats()[i])).as("dx %d", i)
                    .isEqualTo(Float.floatToIntBits(expected[i]));
        }
    }
}

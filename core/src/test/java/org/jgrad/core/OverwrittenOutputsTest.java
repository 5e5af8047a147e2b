package org.jgrad.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The outputs that {@link NDArray#toOverwrite} hands out without filling them with zeros first: a convolution's (on
 * Winograd's tiles, the direct kernel, the column matrix, float64) and a max pooling's (the 2 x 2 kernel and the
 * general loop). The pool is given arrays of the output's length full of NaN; the op must take one of them (so that
 * the test runs the path without the fill) and still give the bits it gives with the pool off, where every array is
 * new and zero. An element the op left unwritten would show as NaN.
 */
@ExtendWith(PoolOnThisThread.class)
class OverwrittenOutputsTest {
    private static final Random RANDOM = new Random(7);

    private static NDArray random(DType dtype, int... dims) {
        Shape shape = Shape.of(dims);
        NDArray a = dtype == DType.FLOAT32 ? NDArray.of(new float[shape.size()], shape)
                : NDArray.of(new double[shape.size()], shape);
        for (int i = 0; i < a.size(); i++) {
            a.set(i, RANDOM.nextGaussian());
        }
        return a;
    }

    /**
     * Runs {@code op} with the pool off, then with {@link ArrayPool#PER_LENGTH} arrays of NaN of the output's length
     * in the pool: the second output must be one of those arrays and hold the first one's bits.
     */
    private static void checkOverwrites(DType dtype, Supplier<NDArray> op) {
        ArrayPool.setEnabled(false);
        NDArray expected = op.get();
        ArrayPool.setEnabled(true);
        int n = expected.size();
        assertThat(n).as("the output must be long enough for the pool").isGreaterThanOrEqualTo(ArrayPool.MIN_LENGTH);
        List<Object> seeded = new ArrayList<>();
        for (int i = 0; i < ArrayPool.PER_LENGTH; i++) {
            NDArray dead = dtype == DType.FLOAT32 ? NDArray.of(new float[n], Shape.of(n))
                    : NDArray.of(new double[n], Shape.of(n));
            dead.fill(Double.NaN);
            seeded.add(dtype == DType.FLOAT32 ? dead.floats() : dead.doubles());
            ArrayPool.recycle(dead);
        }
        NDArray actual = op.get();
        Object storage = dtype == DType.FLOAT32 ? actual.floats() : actual.doubles();
        assertThat(seeded).as("the output came from the pool").anyMatch(a -> a == storage);
        assertThat(actual.shape()).isEqualTo(expected.shape());
        for (int i = 0; i < n; i++) {
            assertThat(Double.doubleToRawLongBits(actual.get(i)))
                    .as("element %d: %s against %s", i, actual.get(i), expected.get(i))
                    .isEqualTo(Double.doubleToRawLongBits(expected.get(i)));
        }
    }

    @Test
    void winogradsConvolutionWritesEveryOutput() {
        // the cnn's second layer: 16 -> 32 channels, 5 x 5, padding 2, 14 x 14 maps
        NDArray x = random(DType.FLOAT32, 4, 16, 14, 14);
        NDArray w = random(DType.FLOAT32, 32, 16, 5, 5);
        NDArray b = random(DType.FLOAT32, 32);
        assertThat(Winograd.choose(Conv2dGeometry.of(x.shape(), w.shape(), new int[] {1, 1}, new int[] {2, 2},
                new int[] {1, 1}), DType.FLOAT32)).isNotNull();
        checkOverwrites(DType.FLOAT32, () -> Convolution.conv2d(x, w, b, new int[] {1, 1}, new int[] {2, 2},
                new int[] {1, 1}));
    }

    @Test
    void theDirectConvolutionWritesEveryOutput() {
        // the cnn's first layer: one input channel, 5 x 5, padding 2, 28 x 28 maps
        NDArray x = random(DType.FLOAT32, 2, 1, 28, 28);
        NDArray w = random(DType.FLOAT32, 16, 1, 5, 5);
        NDArray b = random(DType.FLOAT32, 16);
        checkOverwrites(DType.FLOAT32, () -> Convolution.conv2d(x, w, b, new int[] {1, 1}, new int[] {2, 2},
                new int[] {1, 1}));
    }

    @Test
    void theColumnMatrixConvolutionWritesEveryOutputInBothDTypes() {
        for (DType dtype : DType.values()) {
            NDArray x = random(dtype, 8, 3, 20, 20);
            NDArray w = random(dtype, 8, 3, 3, 3);
            checkOverwrites(dtype, () -> Convolution.conv2d(x, w, null, new int[] {1, 1}, new int[] {1, 1},
                    new int[] {1, 1}));
            NDArray b = random(dtype, 8);
            checkOverwrites(dtype, () -> Convolution.conv2d(x, w, b, new int[] {1, 1}, new int[] {1, 1},
                    new int[] {1, 1}));
        }
    }

    @Test
    void maxPoolingWritesEveryOutputOnBothPaths() {
        NDArray x = random(DType.FLOAT32, 8, 16, 28, 28);
        // 2 x 2, stride 2: the vector kernel
        checkOverwrites(DType.FLOAT32, () -> Pooling.maxPool2d(x, new int[] {2, 2}, new int[] {2, 2},
                new int[] {0, 0}).output());
        // 3 x 3, stride 2, padding 1: the general loop
        checkOverwrites(DType.FLOAT32, () -> Pooling.maxPool2d(x, new int[] {3, 3}, new int[] {2, 2},
                new int[] {1, 1}).output());
        NDArray x64 = random(DType.FLOAT64, 8, 16, 28, 28);
        checkOverwrites(DType.FLOAT64, () -> Pooling.maxPool2d(x64, new int[] {2, 2}, new int[] {2, 2},
                new int[] {0, 0}).output());
    }
}

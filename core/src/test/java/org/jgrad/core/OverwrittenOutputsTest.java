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
 * Winograd's tiles, the direct kernel, the column matrix, float64), Winograd's input gradient, a max pooling's (the
 * 2 x 2 kernel and the general loop), a matrix product's (the tiled product, dot products, matrix-vector), every
 * elementwise op's (same shapes, a scalar, a trailing row, general broadcasting) and relu's gradient. The pool is given arrays of the output's length full of NaN; the op must take one of them (so that
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

    @Test
    void maxPoolingsGradientWritesEveryElementOfItsMaps() {
        // the cnn's two poolings (28 x 28 and 14 x 14 maps) and an odd map (the last row and column no window covers)
        for (int size : new int[] {28, 14, 9}) {
            NDArray x = random(DType.FLOAT32, 16, 16, size, size);
            Pooling.MaxResult pooled = Pooling.maxPool2d(x, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0});
            NDArray dy = random(DType.FLOAT32, 16, 16, size / 2, size / 2);
            checkOverwrites(DType.FLOAT32, () -> Pooling.maxPool2dBackward(dy, pooled.indices(), x.shape()));
        }
    }

    @Test
    void winogradsInputGradientWritesEveryElement() {
        // the cnn's second layer's dx: 32 output channels back to 16, 5 x 5, padding 2, 14 x 14 maps
        NDArray dy = random(DType.FLOAT32, 8, 32, 14, 14);
        NDArray w = random(DType.FLOAT32, 32, 16, 5, 5);
        Shape input = Shape.of(8, 16, 14, 14);
        assertThat(Winograd.choose(Conv2dGeometry.of(input, w.shape(), new int[] {1, 1}, new int[] {2, 2},
                new int[] {1, 1}), DType.FLOAT32)).isNotNull();
        checkOverwrites(DType.FLOAT32, () -> Convolution.conv2dInputGrad(dy, w, input, new int[] {1, 1},
                new int[] {2, 2}, new int[] {1, 1}));
    }

    @Test
    void matrixProductsWriteEveryElementInBothDTypes() {
        for (DType dtype : DType.values()) {
            // the tiled product, with a partial column strip and a short last row strip
            NDArray a = random(dtype, 130, 70);
            NDArray b = random(dtype, 70, 200);
            checkOverwrites(dtype, () -> MatMul.matmul(a, b));
            checkOverwrites(dtype, () -> MatMul.matmul(b, true, a, true));
            // A B^T with few columns: dot products
            NDArray many = random(dtype, 2000, 30);
            NDArray few = random(dtype, 10, 30);
            checkOverwrites(dtype, () -> MatMul.matmul(many, false, few, true));
            // matrix times vector, A stored transposed
            NDArray tall = random(dtype, 30, 20000);
            NDArray v = random(dtype, 30, 1);
            checkOverwrites(dtype, () -> MatMul.matmul(tall, true, v, false));
        }
    }

    /** Values in [0.5, 1.5): every unary op defined, no NaN that an unwritten element could hide behind. */
    private static NDArray positive(DType dtype, int... dims) {
        NDArray a = random(dtype, dims);
        for (int i = 0; i < a.size(); i++) {
            a.set(i, 0.5 + RANDOM.nextDouble());
        }
        return a;
    }

    @Test
    void elementwiseOpsWriteEveryElementInBothDTypes() {
        for (DType dtype : DType.values()) {
            NDArray a = positive(dtype, 64, 300);
            for (UnaryOp op : UnaryOp.values()) {
                checkOverwrites(dtype, () -> Elementwise.unary(op, a));
            }
            NDArray same = positive(dtype, 64, 300);
            NDArray scalar = positive(dtype, 1);
            NDArray row = positive(dtype, 300);
            NDArray column = positive(dtype, 64, 1);
            for (BinaryOp op : BinaryOp.values()) {
                checkOverwrites(dtype, () -> Elementwise.binary(op, a, same));
                checkOverwrites(dtype, () -> Elementwise.binary(op, a, scalar));
                checkOverwrites(dtype, () -> Elementwise.binary(op, a, row));
                checkOverwrites(dtype, () -> Elementwise.binary(op, a, column));
            }
        }
    }

    @Test
    void relusGradientWritesEveryElement() {
        NDArray x = random(DType.FLOAT32, 64, 300);
        NDArray dz = random(DType.FLOAT32, 64, 300);
        checkOverwrites(DType.FLOAT32, () -> ArrayOps.reluBackward(dz, x));
    }
}

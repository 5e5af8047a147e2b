package org.jgrad.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ArrayPool}: what it keeps, what {@link NDArray#zeros} hands out again, and that it comes back as zeros, with
 * the housekeeping on the calling thread ({@link ArrayPoolBackgroundTest}: on a worker).
 */
@ExtendWith(PoolOnThisThread.class)
class ArrayPoolTest {
    private static final int N = ArrayPool.MIN_LENGTH + 7;

    /** A new array (not one from the pool) of n copies of value. */
    private static NDArray filled(DType dtype, int n, double value) {
        NDArray a = dtype == DType.FLOAT32 ? NDArray.of(new float[n], Shape.of(n))
                : NDArray.of(new double[n], Shape.of(n));
        a.fill(value);
        return a;
    }

    @Test
    void aRecycledArrayComesBackFromZerosFilledWithZeros() {
        NDArray dead = filled(DType.FLOAT32, N, 3.5);
        float[] storage = dead.floats();
        ArrayPool.recycle(dead);
        assertThat(ArrayPool.keptBytes()).isEqualTo(4L * N);
        NDArray again = NDArray.zeros(DType.FLOAT32, Shape.of(N));
        assertThat(again.floats()).isSameAs(storage);
        assertThat(again.floats()).containsOnly(0f);
        assertThat(ArrayPool.keptBytes()).isZero();
        // kept once, handed out once: the next one is new
        assertThat(NDArray.zeros(DType.FLOAT32, Shape.of(N)).floats()).isNotSameAs(storage);
    }

    @Test
    void toOverwriteHandsOutAKeptArrayWithoutTheFillAndZerosStillFillsTheNext() {
        NDArray first = filled(DType.FLOAT32, N, 3.5);
        NDArray second = filled(DType.FLOAT32, N, -1.5);
        ArrayPool.recycle(first);
        ArrayPool.recycle(second);
        NDArray overwrite = NDArray.toOverwrite(DType.FLOAT32, Shape.of(N));
        assertThat(overwrite.floats()).isSameAs(second.floats()).containsOnly(-1.5f);
        NDArray zeros = NDArray.zeros(DType.FLOAT32, Shape.of(N));
        assertThat(zeros.floats()).isSameAs(first.floats()).containsOnly(0f);
        assertThat(ArrayPool.keptBytes()).isZero();
        // nothing kept: a new array, which Java fills with zeros
        assertThat(NDArray.toOverwrite(DType.FLOAT64, Shape.of(N)).doubles()).hasSize(N).containsOnly(0.0);
    }

    @Test
    void float64ArraysAreKeptApartFromFloat32Ones() {
        NDArray dead = filled(DType.FLOAT64, N, -2.0);
        double[] storage = dead.doubles();
        ArrayPool.recycle(dead);
        assertThat(NDArray.zeros(DType.FLOAT32, Shape.of(N)).floats()).hasSize(N);
        NDArray again = NDArray.zeros(DType.FLOAT64, Shape.of(N));
        assertThat(again.doubles()).isSameAs(storage).containsOnly(0.0);
    }

    @Test
    void onlyTheSameLengthIsHandedOutAndAnyShapeOfItTakesIt() {
        NDArray dead = filled(DType.FLOAT32, N, 1);
        float[] storage = dead.floats();
        ArrayPool.recycle(dead);
        assertThat(NDArray.zeros(DType.FLOAT32, Shape.of(N + 1)).floats()).isNotSameAs(storage);
        assertThat(NDArray.zeros(DType.FLOAT32, Shape.of(N - 1)).floats()).isNotSameAs(storage);
        NDArray again = NDArray.zeros(DType.FLOAT32, Shape.of(1, N));
        assertThat(again.floats()).isSameAs(storage);
        assertThat(again.shape()).isEqualTo(Shape.of(1, N));
    }

    @Test
    void intArraysAreKeptApartForIntsToOverwrite() {
        int[] dead = new int[N];
        java.util.Arrays.fill(dead, 7);
        ArrayPool.recycle(dead);
        assertThat(ArrayPool.keptBytes()).isEqualTo(4L * N);
        // a float array of the same length does not take it
        assertThat(NDArray.toOverwrite(DType.FLOAT32, Shape.of(N)).floats()).hasSize(N);
        assertThat(ArrayPool.intsToOverwrite(N)).isSameAs(dead).containsOnly(7);
        assertThat(ArrayPool.intsToOverwrite(N)).isNotSameAs(dead).hasSize(N);
        int[] small = new int[ArrayPool.MIN_LENGTH - 1];
        ArrayPool.recycle(small);
        assertThat(ArrayPool.keptBytes()).isZero();
        ArrayPool.setEnabled(false);
        try {
            ArrayPool.recycle(dead);
            assertThat(ArrayPool.intsToOverwrite(N)).isNotSameAs(dead);
        } finally {
            ArrayPool.setEnabled(true);
        }
    }

    @Test
    void smallArraysAreNotKept() {
        NDArray small = filled(DType.FLOAT32, ArrayPool.MIN_LENGTH - 1, 1);
        ArrayPool.recycle(small);
        assertThat(ArrayPool.keptBytes()).isZero();
        assertThat(NDArray.zeros(DType.FLOAT32, Shape.of(ArrayPool.MIN_LENGTH - 1)).floats())
                .isNotSameAs(small.floats()).containsOnly(0f);
    }

    @Test
    void atMostPerLengthArraysOfOneLengthAreKept() {
        for (int i = 0; i < ArrayPool.PER_LENGTH + 3; i++) {
            ArrayPool.recycle(filled(DType.FLOAT32, N, i));
        }
        assertThat(ArrayPool.keptBytes()).isEqualTo(4L * N * ArrayPool.PER_LENGTH);
    }

    @Test
    void atMostMaxBytesAreKeptInAll() {
        int length = (int) (ArrayPool.MAX_BYTES / 4 / 3) + 1;   // three of these are more than MAX_BYTES
        for (int i = 0; i < 3; i++) {
            ArrayPool.recycle(NDArray.of(new float[length], Shape.of(length)));
        }
        assertThat(ArrayPool.keptBytes()).isEqualTo(2L * 4 * length).isLessThanOrEqualTo(ArrayPool.MAX_BYTES);
    }

    @Test
    void turnedOffItKeepsNothingAndLetsWhatItKeptGo() {
        NDArray dead = filled(DType.FLOAT32, N, 1);
        ArrayPool.recycle(dead);
        ArrayPool.setEnabled(false);
        assertThat(ArrayPool.keptBytes()).isZero();
        ArrayPool.recycle(filled(DType.FLOAT32, N, 1));
        assertThat(ArrayPool.keptBytes()).isZero();
        assertThat(NDArray.zeros(DType.FLOAT32, Shape.of(N)).floats()).isNotSameAs(dead.floats());
    }
}

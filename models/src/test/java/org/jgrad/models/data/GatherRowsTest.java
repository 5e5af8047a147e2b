package org.jgrad.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.Test;

/**
 * {@link TensorDataset#gatherRows}: each output row is the source row its index names, for any number of rows
 * (fewer than the rows it reads ahead included) and any row width (one value, fewer than a cache line, a row of
 * images), float32 and float64; bad input is refused before anything is copied.
 */
class GatherRowsTest {

    /** An m x width array whose value at (r, c) is r * 1000 + c: each row says which row it is. */
    private static NDArray numbered(DType dtype, int m, int... rowDims) {
        int width = 1;
        for (int d : rowDims) {
            width *= d;
        }
        int[] dims = new int[rowDims.length + 1];
        dims[0] = m;
        System.arraycopy(rowDims, 0, dims, 1, rowDims.length);
        NDArray a = NDArray.zeros(dtype, Shape.of(dims));
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < width; c++) {
                a.set(r * width + c, r * 1000 + c);
            }
        }
        return a;
    }

    private static void assertRows(NDArray out, int[] rows, int from, int count, int width) {
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < width; c++) {
                assertThat(out.get(i * width + c)).as("output row %d, column %d", i, c)
                        .isEqualTo(rows[from + i] * 1000.0 + c);
            }
        }
    }

    @Property(tries = 60)
    void everyRowIsTheRowItsIndexNames(@ForAll @IntRange(min = 1, max = 40) int m,
            @ForAll @IntRange(min = 1, max = 70) int width, @ForAll @IntRange(max = 12) int count,
            @ForAll boolean float64, @ForAll long seed) {
        Random random = new Random(seed);
        DType dtype = float64 ? DType.FLOAT64 : DType.FLOAT32;
        NDArray a = numbered(dtype, m, width);
        int[] rows = random.ints(count + 3, 0, m).toArray();
        NDArray fresh = TensorDataset.gatherRows(a, java.util.Arrays.copyOfRange(rows, 2, 2 + count));
        assertThat(fresh.shape()).isEqualTo(Shape.of(count, width));
        assertRows(fresh, rows, 2, count, width);
        // into a buffer with one row more than needed: that row keeps its value
        NDArray buffer = NDArray.zeros(dtype, Shape.of(count + 1, width));
        for (int c = 0; c < width; c++) {
            buffer.set(count * width + c, -7);
        }
        TensorDataset.gatherRows(a, rows, 2, count, buffer);
        assertRows(buffer, rows, 2, count, width);
        for (int c = 0; c < width; c++) {
            assertThat(buffer.get(count * width + c)).isEqualTo(-7.0);
        }
    }

    @Test
    void rowsOfImagesKeepTheirShape() {
        NDArray images = numbered(DType.FLOAT32, 10, 1, 28, 28);
        int[] rows = {9, 0, 4, 4, 7, 1, 3};
        NDArray out = TensorDataset.gatherRows(images, rows);
        assertThat(out.shape()).isEqualTo(Shape.of(7, 1, 28, 28));
        assertRows(out, rows, 0, rows.length, 784);
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsCopied() {
        NDArray a = numbered(DType.FLOAT32, 5, 3);
        NDArray out = NDArray.zeros(DType.FLOAT32, Shape.of(4, 3));
        // the bad index comes last: nothing before it may have been copied
        assertThatThrownBy(() -> TensorDataset.gatherRows(a, new int[] {1, 2, 3, 5}, 0, 4, out))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("row 5 is out of range for 5 rows");
        assertThat(out.floats()).containsOnly(0f);
        assertThatThrownBy(() -> TensorDataset.gatherRows(a, new int[] {1, -1}))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("row -1");
        assertThatThrownBy(() -> TensorDataset.gatherRows(a, new int[] {1, 2}, 1, 2, out))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("rows 1 to 3 of an index of 2");
        assertThatThrownBy(() -> TensorDataset.gatherRows(a, new int[] {1, 2}, 0, 2,
                NDArray.zeros(DType.FLOAT64, Shape.of(2, 3))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected an output of float32 with at least (2, 3)")
                .hasMessageContaining("got float64 (2, 3)");
        assertThatThrownBy(() -> TensorDataset.gatherRows(a, new int[] {1, 2}, 0, 2,
                NDArray.zeros(DType.FLOAT32, Shape.of(2, 4))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got float32 (2, 4)");
        assertThatThrownBy(() -> TensorDataset.gatherRows(a, new int[] {1, 2, 3}, 0, 3,
                NDArray.zeros(DType.FLOAT32, Shape.of(2, 3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least (3, 3)");
        assertThat(out.floats()).containsOnly(0f);
    }
}

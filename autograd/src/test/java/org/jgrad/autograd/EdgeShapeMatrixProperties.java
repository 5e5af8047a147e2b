package org.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;

/**
 * matmul, transpose, reshape, softmax and indexSelect on shapes with dimensions of size 0 and 1: each returns what a
 * naive loop here computes, or throws the documented exception naming the shapes.
 */
class EdgeShapeMatrixProperties {

    private static float[] values(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian() * (r.nextBoolean() ? 1e3f : 1e-3f);
        }
        return v;
    }

    @Property(tries = 200)
    void matmulOfEdgeShapes(@ForAll @IntRange(min = 0, max = 3) int m, @ForAll @IntRange(min = 0, max = 3) int k,
            @ForAll @IntRange(min = 0, max = 3) int k2, @ForAll @IntRange(min = 0, max = 3) int n,
            @ForAll long seed) {
        float[] a = values(m * k, seed);
        float[] b = values(k2 * n, seed + 1);
        Tensor ta = Tensor.of(NDArray.of(a, Shape.of(m, k)));
        Tensor tb = Tensor.of(NDArray.of(b, Shape.of(k2, n)));
        if (k != k2) {
            assertThatThrownBy(() -> ta.matmul(tb)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("matmul: (" + m + "x" + k + ") @ (" + k2 + "x" + n + "): inner dimensions " + k + " and "
                            + k2 + " differ");
            return;
        }
        Tensor c = ta.matmul(tb);
        assertThat(c.shape()).isEqualTo(Shape.of(m, n));
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) a[i * k + p] * b[p * n + j];
                }
                assertThat(c.data().get(i * n + j)).isCloseTo(s, within(1e-4 * (1 + Math.abs(s))));
            }
        }
        Tensor t = ta.t();
        assertThat(t.shape()).isEqualTo(Shape.of(k, m));
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                assertThat(t.data().get(p * m + i)).isEqualTo(a[i * k + p]);
            }
        }
    }

    @Property(tries = 100)
    void reshapeKeepsRowMajorOrderOrRefuses(@ForAll @IntRange(min = 0, max = 4) int r, @ForAll @IntRange(min = 0,
            max = 4) int c, @ForAll @IntRange(min = 0, max = 16) int target) {
        Tensor x = Tensor.of(NDArray.of(values(r * c, r * 7L + c), Shape.of(r, c)));
        if (target != r * c) {
            assertThatThrownBy(() -> x.reshape(target)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("reshape").hasMessageContaining("(" + r + ", " + c + ")");
            return;
        }
        Tensor y = x.reshape(target);
        for (int i = 0; i < target; i++) {
            assertThat(y.data().get(i)).isEqualTo(x.data().get(i));
        }
    }

    @Property(tries = 100)
    void softmaxRowsSumToOneEvenWhenHuge(@ForAll @IntRange(min = 0, max = 4) int rows,
            @ForAll @IntRange(min = 1, max = 5) int cols, @ForAll long seed) {
        float[] v = values(rows * cols, seed);
        for (int i = 0; i < v.length; i++) {
            v[i] *= 1e4f;   // logits up to about +-1e7
        }
        Tensor s = Tensor.of(NDArray.of(v, Shape.of(rows, cols))).softmax(1);
        for (int i = 0; i < rows; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, v[i * cols + j]);
            }
            double z = 0;
            for (int j = 0; j < cols; j++) {
                z += Math.exp(v[i * cols + j] - max);
            }
            for (int j = 0; j < cols; j++) {
                double expected = Math.exp(v[i * cols + j] - max) / z;
                assertThat(s.data().get(i * cols + j)).isCloseTo(expected, within(1e-6));
            }
        }
    }

    @Property(tries = 100)
    void indexSelectPicksRowsOrNamesTheBadIndex(@ForAll @IntRange(min = 0, max = 4) int rows,
            @ForAll @IntRange(min = -1, max = 5) int pick) {
        Tensor x = Tensor.of(NDArray.of(values(rows * 2, rows), Shape.of(rows, 2)));
        if (pick < 0 || pick >= rows) {
            assertThatThrownBy(() -> x.indexSelect(0, pick)).isInstanceOf(RuntimeException.class)
                    .hasMessageContaining("index " + pick);
            return;
        }
        Tensor y = x.indexSelect(0, pick, pick);
        assertThat(y.shape()).isEqualTo(Shape.of(2, 2));
        for (int j = 0; j < 2; j++) {
            assertThat(y.data().get(j)).isEqualTo(x.data().get(pick * 2 + j));
            assertThat(y.data().get(2 + j)).isEqualTo(x.data().get(pick * 2 + j));
        }
    }
}

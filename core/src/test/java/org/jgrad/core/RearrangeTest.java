package org.jgrad.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Permute, concat, narrow, index selection and arg-max, checked element by element against hand-written layouts. */
class RearrangeTest {
    // (2, 3): [[0, 1, 2], [3, 4, 5]]
    private static NDArray m() {
        return NDArray.of(new double[] {0, 1, 2, 3, 4, 5}, Shape.of(2, 3));
    }

    private static double[] values(NDArray a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i);
        }
        return v;
    }

    @Test
    void permuteOfAMatrixIsItsTranspose() {
        NDArray t = Rearrange.permute(m(), 1, 0);
        assertThat(t.shape()).isEqualTo(Shape.of(3, 2));
        assertThat(values(t)).containsExactly(0, 3, 1, 4, 2, 5);
        assertThat(values(Rearrange.permute(t, Rearrange.inverse(1, 0)))).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void permuteOfRankThreeMovesEachElementWhereTheIndexSays() {
        double[] v = new double[24];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        NDArray a = NDArray.of(v, Shape.of(2, 3, 4));
        NDArray p = Rearrange.permute(a, 2, 0, 1);     // p[k, i, j] = a[i, j, k] = 12i + 4j + k
        assertThat(p.shape()).isEqualTo(Shape.of(4, 2, 3));
        assertThat(p.get(3, 1, 2)).isEqualTo(12 + 8 + 3);
        assertThatThrownBy(() -> Rearrange.permute(a, 0, 0, 1)).hasMessageContaining("not a permutation");
    }

    @Test
    void concatAndNarrowAreInverse() {
        NDArray rows = Rearrange.concat(List.of(m(), m()), 0);
        assertThat(rows.shape()).isEqualTo(Shape.of(4, 3));
        assertThat(values(rows)).containsExactly(0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5);
        NDArray cols = Rearrange.concat(List.of(m(), Rearrange.narrow(m(), 1, 1, 1)), 1);
        assertThat(values(cols)).containsExactly(0, 1, 2, 1, 3, 4, 5, 4);
        assertThat(values(Rearrange.narrow(cols, 1, 0, 3))).containsExactly(0, 1, 2, 3, 4, 5);
        assertThatThrownBy(() -> Rearrange.concat(List.of(m(), NDArray.zeros(DType.FLOAT64, Shape.of(2, 2))), 0))
                .hasMessageContaining("(2, 3)").hasMessageContaining("(2, 2)");
    }

    @Test
    void indexSelectTakesRowsInOrderAndIndexAddSumsRepeats() {
        NDArray picked = Rearrange.indexSelect(m(), 0, new int[] {1, 1, 0});
        assertThat(values(picked)).containsExactly(3, 4, 5, 3, 4, 5, 0, 1, 2);
        NDArray back = Rearrange.indexAdd(Shape.of(2, 3), 0, new int[] {1, 1, 0}, picked);
        assertThat(values(back)).containsExactly(0, 1, 2, 6, 8, 10);
        assertThat(values(Rearrange.indexSelect(m(), 1, new int[] {2}))).containsExactly(2, 5);
        assertThatThrownBy(() -> Rearrange.indexSelect(m(), 0, new int[] {2})).hasMessageContaining("out of range");
    }

    @Test
    void argMaxAlongEachDimension() {
        NDArray a = NDArray.of(new double[] {1, 9, 2, 7, 3, 8}, Shape.of(2, 3));
        assertThat(Reductions.argMax(a, 1)).containsExactly(1, 5);   // 9 at (0, 1), 8 at (1, 2)
        assertThat(Reductions.argMax(a, 0)).containsExactly(3, 1, 5);
        assertThat(Reductions.argMax(a)).isEqualTo(1);
        assertThat(values(Reductions.max(a, 0, true))).containsExactly(7, 9, 8);
    }

    @Test
    void whereBroadcastsTheMaskAndBothBranches() {
        NDArray cond = NDArray.of(new double[] {1, 0, 1}, Shape.of(3));
        NDArray out = Elementwise.where(cond, m(), NDArray.scalar(DType.FLOAT64, -1));
        assertThat(values(out)).containsExactly(0, -1, 2, 3, -1, 5);
    }

    @Test
    void newUnaryAndBinaryOpsFollowTheirDefinitions() {
        NDArray x = NDArray.of(new float[] {-2, 0, 3}, Shape.of(3));
        assertThat(values(Elementwise.unary(UnaryOp.ABS, x))).containsExactly(2, 0, 3);
        assertThat(values(Elementwise.unary(UnaryOp.SIGN, x))).containsExactly(-1, 0, 1);
        // softplus(0) = log 2; softplus(-2) = log(1 + e^-2)
        assertThat(Elementwise.unary(UnaryOp.SOFTPLUS, x).get(1)).isEqualTo((float) Math.log(2));
        assertThat(Elementwise.unary(UnaryOp.LOG_SIGMOID, x).get(0)).isEqualTo((float) -Math.log1p(Math.exp(2)));
        NDArray y = NDArray.of(new float[] {1, 0, 4}, Shape.of(3));
        assertThat(values(Elementwise.binary(BinaryOp.MAXIMUM, x, y))).containsExactly(1, 0, 4);
        assertThat(values(Elementwise.binary(BinaryOp.LE, x, y))).containsExactly(1, 1, 1);
        assertThat(values(Elementwise.pow(y, NDArray.scalar(DType.FLOAT32, 0.5)))).containsExactly(1, 0, 2);
    }
}

package org.jgrad.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MatMulTest {
    // A = [[1, 2], [3, 4], [5, 6]] (3x2), B = [[1, 0, -1], [2, 1, 0]] (2x3)
    private final NDArray a = NDArray.of(new float[] {1, 2, 3, 4, 5, 6}, Shape.of(3, 2));
    private final NDArray b = NDArray.of(new float[] {1, 0, -1, 2, 1, 0}, Shape.of(2, 3));

    @Test
    void productByHand() {
        // row 0: [1*1 + 2*2, 1*0 + 2*1, 1*(-1) + 2*0] = [5, 2, -1]; rows 1 and 2 likewise
        assertThat(MatMul.matmul(a, b).floats()).containsExactly(5, 2, -1, 11, 4, -3, 17, 6, -5);
        assertThat(MatMul.matmul(a.to(DType.FLOAT64), b.to(DType.FLOAT64)).doubles())
                .containsExactly(5, 2, -1, 11, 4, -3, 17, 6, -5);
    }

    @Test
    void transposedFormsEqualTheProductOfExplicitTransposes() {
        NDArray at = MatMul.transpose(a);
        assertThat(at.floats()).containsExactly(1, 3, 5, 2, 4, 6);
        // A^T A = [[1+9+25, 2+12+30], [.., 4+16+36]] = [[35, 44], [44, 56]]
        assertThat(MatMul.matmul(a, true, a, false).floats()).containsExactly(35, 44, 44, 56);
        // B B^T = [[1+0+1, 2+0+0], [2, 4+1+0]] = [[2, 2], [2, 5]]
        assertThat(MatMul.matmul(b, false, b, true).floats()).containsExactly(2, 2, 2, 5);
    }

    @Test
    void mismatchNamesBothShapes() {
        assertThatThrownBy(() -> MatMul.matmul(NDArray.zeros(DType.FLOAT32, Shape.of(3, 4)),
                NDArray.zeros(DType.FLOAT32, Shape.of(5, 2))))
                .hasMessage("matmul: (3x4) @ (5x2): inner dimensions 4 and 5 differ");
    }
}

package org.jgrad.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShapeTest {

    @Test
    void rowMajorStridesAndSize() {
        Shape s = Shape.of(2, 3, 4);
        assertThat(s.strides()).containsExactly(12, 4, 1);
        assertThat(s.size()).isEqualTo(24);
        assertThat(s.rank()).isEqualTo(3);
        assertThat(s.dim(-1)).isEqualTo(4);
    }

    @Test
    void isMatrixOnlyForThatTwoDimensionalShape() {
        assertThat(Shape.of(288, 1).isMatrix(288, 1)).isTrue();
        assertThat(Shape.of(288, 1).isMatrix(1, 288)).isFalse();
        assertThat(Shape.of(288).isMatrix(288, 1)).isFalse();
        assertThat(Shape.of(288, 1, 1).isMatrix(288, 1)).isFalse();
        assertThat(Shape.SCALAR.isMatrix(1, 1)).isFalse();
    }

    @Test
    void scalarHasOneElementAndEmptyHasNone() {
        assertThat(Shape.SCALAR.size()).isEqualTo(1);
        assertThat(Shape.SCALAR.rank()).isZero();
        assertThat(Shape.of(3, 0).size()).isZero();
    }

    @Test
    void broadcastAlignsFromTheRight() {
        assertThat(Shape.broadcast(Shape.of(4, 1), Shape.of(3))).isEqualTo(Shape.of(4, 3));
        assertThat(Shape.broadcast(Shape.of(2, 1, 5), Shape.of(3, 1))).isEqualTo(Shape.of(2, 3, 5));
        assertThat(Shape.broadcast(Shape.SCALAR, Shape.of(7))).isEqualTo(Shape.of(7));
    }

    @Test
    void incompatibleBroadcastNamesBothShapes() {
        assertThatThrownBy(() -> Shape.broadcast(Shape.of(3, 4), Shape.of(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(3, 4)")
                .hasMessageContaining("(5,)")
                .hasMessageContaining("4 and 5");
    }

    @Test
    void broadcastStridesAreZeroAlongStretchedDimensions() {
        assertThat(Shape.of(3, 1).broadcastStrides(Shape.of(2, 3, 4))).containsExactly(0, 1, 0);
    }

    @Test
    void reduceDropsOrKeepsTheDimension() {
        assertThat(Shape.of(2, 3, 4).reduce(1, false)).isEqualTo(Shape.of(2, 4));
        assertThat(Shape.of(2, 3, 4).reduce(-1, true)).isEqualTo(Shape.of(2, 3, 1));
        assertThatThrownBy(() -> Shape.of(2, 3).reduce(2, false)).hasMessageContaining("dimension 2 is out of range");
    }

    @Test
    void negativeDimensionIsRejected() {
        assertThatThrownBy(() -> Shape.of(2, -1)).hasMessageContaining("expected a size >= 0");
    }
}

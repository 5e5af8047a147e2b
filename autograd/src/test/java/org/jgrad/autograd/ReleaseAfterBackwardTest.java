package org.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jgrad.core.ArrayPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Tensor#releaseAfterBackward()} on a graph of plain ops: {@code h = 2x} marked, {@code L = sum(h^2)}, so that
 * {@code dL/dx = 8x} needs h's values in the square's rule, which runs before the pass releases h. (Sequential's
 * use of it, views and training bits: {@code ReleasedIntermediatesTest} in the models module.)
 */
class ReleaseAfterBackwardTest {
    private static final int N = ArrayPool.MIN_LENGTH;

    @BeforeEach
    void start() {
        ArrayPool.setEnabled(true);
        ArrayPool.clear();
    }

    @AfterEach
    void end() {
        ArrayPool.clear();
    }

    private static Tensor x() {
        float[] v = new float[N];
        for (int i = 0; i < N; i++) {
            v[i] = (i % 7) - 3;
        }
        return Tensor.of(v).requiresGrad(true);
    }

    @Test
    void aMarkedIntermediateIsReleasedOnceItsRuleHasRunAndTheGradientIsRight() {
        Tensor x = x();
        Tensor h = x.mul(2).releaseAfterBackward();
        Tensor loss = h.mul(h).sum();
        loss.backward();
        assertThat(h.isReleased()).isTrue();
        assertThatThrownBy(h::data).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("intermediate (made by mul)");
        assertThatThrownBy(h::item).isInstanceOf(IllegalStateException.class);
        for (int i = 0; i < N; i++) {
            assertThat(x.grad().data().get(i)).isEqualTo(8.0 * ((i % 7) - 3));
        }
        assertThat(x.isReleased()).isFalse();
    }

    @Test
    void aLeafARootAndACapturedPassAreNeverReleased() {
        Tensor leaf = x().releaseAfterBackward();
        Tensor root = leaf.mul(3).releaseAfterBackward();
        root.backward(Tensor.ones(N));
        assertThat(leaf.isReleased()).isFalse();
        assertThat(root.isReleased()).isFalse();
        assertThat(root.data().get(1)).isEqualTo(-6.0);

        Tensor x = x();
        Tensor h = x.mul(2).releaseAfterBackward();
        Tensor dx = Autograd.grad(h.mul(h).sum(), x).getFirst();
        assertThat(h.isReleased()).isFalse();
        assertThat(h.data().get(1)).isEqualTo(-4.0);
        assertThat(dx.data().get(1)).isEqualTo(-16.0);
    }

    @Test
    void anUnmarkedIntermediateIsKept() {
        Tensor x = x();
        Tensor h = x.mul(2);
        h.mul(h).sum().backward();
        assertThat(h.isReleased()).isFalse();
        assertThat(h.data().get(2)).isEqualTo(-2.0);
    }
}

package org.jgrad.autograd.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jgrad.autograd.Tensor;
import org.jgrad.core.ArrayPool;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MaxPool2dFunction} gives its arg-max indices back to {@link ArrayPool} when a backward pass frees it, and
 * only then: the gradient is the scatter of dy to them (checked against the windows' maxima found here), a second
 * pass through the freed node (or through a freed {@link MaxPool2dGrad}) throws instead of reading indices that the
 * next pooling may have overwritten, and a pass that records a graph leaves the indices to the gradient's node,
 * whose own rule reads them.
 */
class MaxPoolIndicesTest {
    /** 2 x 8 maps of 64 x 64: 16,384 windows, ArrayPool.MIN_LENGTH indices (fewer are never kept). */
    private static final Shape SHAPE = Shape.of(2, 8, 64, 64);

    private boolean background;

    @BeforeEach
    void start() {
        ArrayPool.setEnabled(true);
        ArrayPool.clear();
        // the housekeeping on this thread: a worker filling a kept array would hold it while the test asks for it
        background = ArrayPool.background();
        ArrayPool.setBackground(false);
    }

    @AfterEach
    void end() {
        ArrayPool.clear();
        ArrayPool.setBackground(background);
    }

    /** Values with one strict maximum per 2 x 2 window, at a place that moves from window to window. */
    private static Tensor x() {
        NDArray a = NDArray.zeros(DType.FLOAT32, SHAPE);
        for (int i = 0; i < a.size(); i++) {
            a.set(i, (i * 37) % 101 / 10.0 - 5);
        }
        return Tensor.of(a).requiresGrad(true);
    }

    /** Flat index of the largest value of each 2 x 2 window (the first in row order on ties). */
    private static int[] argMax(NDArray x) {
        int h = SHAPE.dim(2);
        int w = SHAPE.dim(3);
        int planes = SHAPE.dim(0) * SHAPE.dim(1);
        int[] best = new int[planes * (h / 2) * (w / 2)];
        int o = 0;
        for (int p = 0; p < planes; p++) {
            for (int r = 0; r < h; r += 2) {
                for (int c = 0; c < w; c += 2) {
                    int top = (p * h + r) * w + c;
                    int at = top;
                    for (int k : new int[] {top + 1, top + w, top + w + 1}) {
                        if (x.get(k) > x.get(at)) {
                            at = k;
                        }
                    }
                    best[o++] = at;
                }
            }
        }
        return best;
    }

    @Test
    void theIndicesGoBackToThePoolWhenBackwardFreesTheNode() {
        Tensor x = x();
        Tensor y = x.maxPool2d(2);
        MaxPool2dFunction f = (MaxPool2dFunction) y.gradFn();
        int[] indices = f.indices();
        assertThat(indices).containsExactly(argMax(x.data()));
        y.mul(y).sum().backward();
        // d sum(y^2) / dx = 2 y at each window's arg-max, 0 elsewhere
        NDArray expected = NDArray.zeros(DType.FLOAT32, SHAPE);
        int[] best = argMax(x.data());
        for (int o = 0; o < best.length; o++) {
            expected.set(best[o], 2 * x.data().get(best[o]));
        }
        for (int i = 0; i < expected.size(); i++) {
            assertThat(x.grad().data().get(i)).as("dx %d", i).isEqualTo(expected.get(i));
        }
        assertThat(ArrayPool.intsToOverwrite(indices.length)).isSameAs(indices);
    }

    @Test
    void aSecondPassThroughTheFreedNodeThrows() {
        Tensor x = x();
        Tensor y = x.maxPool2d(2);
        Tensor loss = y.sum();
        loss.backward();
        assertThatThrownBy(() -> y.backward(Tensor.of(NDArray.zeros(DType.FLOAT32, y.shape()))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("a second time");
    }

    @Test
    void aSecondPassThroughAFreedGradientNodeThrows() {
        int[] indices = ((MaxPool2dFunction) x().maxPool2d(2).gradFn()).indices();
        Tensor dy = Tensor.of(NDArray.zeros(DType.FLOAT32, Shape.of(2, 8, 32, 32))).requiresGrad(true);
        Tensor dx = MaxPool2dGrad.apply(dy, indices, SHAPE);
        dx.backward(Tensor.of(NDArray.full(DType.FLOAT32, SHAPE, 1.0)));
        // each window's gradient reaches one pixel: d sum(dx) / d dy = 1
        assertThat(dy.grad().data().get(0)).isEqualTo(1.0);
        assertThatThrownBy(() -> dx.backward(Tensor.of(NDArray.full(DType.FLOAT32, SHAPE, 1.0))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("a second time");
    }

    @Test
    void aRecordedGraphKeepsTheIndicesForTheGradientsNode() {
        Tensor x = x();
        Tensor y = x.maxPool2d(2);
        int[] indices = ((MaxPool2dFunction) y.gradFn()).indices();
        // g = d sum(y^2) / dx = 2 y scattered, recorded (which retains the graph); then d sum(g^2) / dx = 8 x at the
        // arg-max pixels, through g's MaxPool2dGrad and, for dy = 2 y, through y's node, which that pass frees
        y.mul(y).sum().backward(null, false, true);
        Tensor g = x.grad();
        x.zeroGrad();
        g.mul(g).sum().backward();
        int[] best = argMax(x.data());
        for (int o = 0; o < best.length; o++) {
            assertThat(x.grad().data().get(best[o])).isEqualTo(8 * x.data().get(best[o]));
        }
        // y's node did not give back the indices that g's node holds
        assertThat(ArrayPool.intsToOverwrite(indices.length)).isNotSameAs(indices);
        assertThat(indices).containsExactly(best);
    }
}

package org.jgrad.models.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.jgrad.autograd.Autograd;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.Test;

/**
 * Sequential runs a Linear followed by a ReLU as one op, and a ReLU followed by a MaxPool2d as the pooling first:
 * the same bits as the layers called one by one.
 */
class SequentialTest {
    @Test
    void linearThenReluFusedGivesTheBitsOfTheLayersOneByOne() {
        Sequential net = new Sequential(new Linear(7, 5, new Random(1)), new ReLU(), new Linear(5, 3, new Random(2)),
                new ReLU());
        Sequential same = new Sequential(new Linear(7, 5, new Random(1)), new ReLU(), new Linear(5, 3, new Random(2)),
                new ReLU());
        Random r = new Random(3);
        float[] v = new float[9 * 7];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        Tensor x = Tensor.of(NDArray.of(v, Shape.of(9, 7)));
        Tensor fused = net.forward(x);
        Tensor oneByOne = x;
        for (Module layer : same.layers()) {
            oneByOne = layer.forward(oneByOne);
        }
        assertThat(fused.gradFn().name()).isEqualTo("LinearReluBackward");
        assertThat(oneByOne.gradFn().name()).isEqualTo("ReluBackward");
        assertThat(fused.data().floats()).containsExactly(oneByOne.data().floats());
        assertThat(fused.data().floats()).contains(0f);   // some units are cut, so the mask matters
        fused.sum().backward();
        oneByOne.sum().backward();
        for (int k = 0; k < 4; k++) {
            assertThat(net.parameters().get(k).grad().data().floats()).as("parameter " + k)
                    .containsExactly(same.parameters().get(k).grad().data().floats());
        }
    }

    /**
     * ReLU then MaxPool2d, run as the pooling then relu in one op: outputs and the input's gradient bit for bit as the layers
     * one by one, on maps with the cases where the order could show: a window whose values are all negative, zeros
     * of both signs tied with negatives, ties between equal positive values, NaN, overlapping windows (kernel 3,
     * stride 2: a pixel can be the arg-max of two windows), padding and ceil mode.
     */
    @Test
    void reluThenMaxPoolRunsThePoolingFirstWithTheSameBits() {
        for (MaxPool2d pool : new MaxPool2d[] {new MaxPool2d(2), new MaxPool2d(3, 2, 1), new MaxPool2d(2, 2, 0, true)}) {
            Random r = new Random(7);
            float[] v = new float[2 * 3 * 7 * 7];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian();
            }
            // the top-left 2 x 2 block all negative; -0.0 and 0.0 tied with negatives; three equal positives; a NaN
            int[] at = {0, 1, 7, 8, 16, 17, 23, 24, 30, 31, 37, 60};
            float[] edit = {-1f, -2f, -3f, -0.5f, -0f, 0f, -4f, 0f, 2.5f, 2.5f, 2.5f, Float.NaN};
            for (int i = 0; i < at.length; i++) {
                v[at[i]] = edit[i];
            }
            Tensor x = Tensor.of(NDArray.of(v, Shape.of(2, 3, 7, 7))).requiresGrad(true);
            Tensor fused = new Sequential(new ReLU(), pool).forward(x);
            Tensor oneByOne = pool.forward(new ReLU().forward(x));
            // one op: the pooling and its relu (MaxPool2d.forwardRelu)
            assertThat(fused.gradFn().opName()).as(pool.toString()).isEqualTo("maxPool2dRelu");
            assertThat(oneByOne.gradFn().opName()).as(pool.toString()).isEqualTo("maxPool2d");
            assertThat(bits(fused.data().floats())).as(pool.toString()).containsExactly(bits(oneByOne.data().floats()));
            // a weighted sum, so that each output's gradient differs
            float[] weights = new float[fused.size()];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = (float) r.nextGaussian();
            }
            Tensor w = Tensor.of(NDArray.of(weights, fused.shape()));
            float[] dxFused = Autograd.grad(fused.mul(w).sum(), x).get(0).data().floats();
            float[] dxOneByOne = Autograd.grad(oneByOne.mul(w).sum(), x).get(0).data().floats();
            assertThat(bits(dxFused)).as(pool.toString()).containsExactly(bits(dxOneByOne));
            assertThat(dxFused).as("pixels without a gradient").contains(0f);
            int nonZero = 0;
            for (float g : dxFused) {
                nonZero += g != 0 && !Float.isNaN(g) ? 1 : 0;
            }
            assertThat(nonZero).as("pixels with one").isPositive();
        }
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }
}

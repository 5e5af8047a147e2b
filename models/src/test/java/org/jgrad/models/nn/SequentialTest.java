package org.jgrad.models.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.Test;

/** Sequential runs a Linear followed by a ReLU as one op: the same bits as the layers called one by one. */
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
}

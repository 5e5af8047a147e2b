package org.jgrad.models.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.ArrayPool;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.core.kernels.Parallel;
import org.jgrad.models.optim.SGD;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Training the benchmark's CNN ({@link Cnn}: conv, relu, pool twice, then a Linear) with the engine's dead gradients
 * reused ({@link ArrayPool}) gives the same bits as without: four SGD steps on batches of 8 random 28 x 28 images
 * (the 8 x 16 x 28 x 28 maps are above {@link ArrayPool#MIN_LENGTH}), each step's batch different, so that later
 * steps run on arrays earlier steps gave back.
 */
class ArrayPoolTrainingTest {
    @AfterEach
    void end() {
        ArrayPool.setEnabled(true);
        ArrayPool.clear();
    }

    private static float[][] train(boolean pool) {
        ArrayPool.setEnabled(pool);
        ArrayPool.clear();
        Sequential model = Cnn.of(1, 28, 28, 10, new Random(0));
        SGD optimizer = new SGD(model.parameters(), 0.05);
        CrossEntropyLoss criterion = new CrossEntropyLoss();
        Random data = new Random(11);
        long kept = 0;
        for (int step = 0; step < 4; step++) {
            float[] pixels = new float[8 * 784];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) data.nextGaussian();
            }
            NDArray labels = NDArray.zeros(DType.FLOAT32, Shape.of(8, 1));
            for (int i = 0; i < 8; i++) {
                labels.set(i, data.nextInt(10));
            }
            Tensor loss = criterion.forward(model.forward(Tensor.of(NDArray.of(pixels, Shape.of(8, 1, 28, 28)))),
                    Tensor.of(labels));
            optimizer.zeroGrad();
            loss.backward();
            kept = Math.max(kept, ArrayPool.keptBytes());
            optimizer.step();
        }
        if (pool) {
            // at least dL/d(conv1's output), 8 x 16 x 28 x 28 floats, was given back after each step
            assertThat(kept).isGreaterThanOrEqualTo(4L * 8 * 16 * 28 * 28);
        } else {
            assertThat(kept).isZero();
        }
        return values(model);
    }

    /** A copy of each of the model's float32 parameters' values, in order. */
    static float[][] values(Module model) {
        List<Parameter> params = model.parameters();
        float[][] values = new float[params.size()][];
        for (int p = 0; p < values.length; p++) {
            values[p] = params.get(p).data().floats().clone();
        }
        return values;
    }

    @Test
    void theCnnTrainsToTheSameBitsWhenAWorkerFillsAndMakesThePoolsArrays() {
        // two threads: the pool's zero fills and new arrays run on the kernel worker between splits
        int before = Parallel.threads();
        try {
            Parallel.setThreads(2);
            ArrayPool.setBackground(true);
            float[][] on = train(true);
            assertThat(Parallel.awaitIdleTasks(10_000)).isTrue();
            float[][] off = train(false);
            for (int p = 0; p < on.length; p++) {
                assertThat(on[p]).as("parameter %d", p).isEqualTo(off[p]);
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void theCnnTrainsToTheSameBitsWithAndWithoutThePool() {
        float[][] on = train(true);
        float[][] off = train(false);
        assertThat(on).hasSameDimensionsAs(off);
        for (int p = 0; p < on.length; p++) {
            assertThat(on[p]).as("parameter %d", p).isEqualTo(off[p]);
        }
    }
}

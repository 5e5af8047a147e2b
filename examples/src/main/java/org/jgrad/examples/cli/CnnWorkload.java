package org.jgrad.examples.cli;

import java.util.Random;
import java.util.random.RandomGenerator;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.models.data.DataLoader;
import org.jgrad.models.data.TensorDataset;
import org.jgrad.models.nn.Cnn;
import org.jgrad.models.nn.CrossEntropyLoss;
import org.jgrad.models.nn.Sequential;
import org.jgrad.models.optim.SGD;

/**
 * torch_bench.py's {@code cnn} workload written as a user would: one epoch over 10,000 standard-normal images
 * {@code (1, 28, 28)} with random labels 0..9, shuffled batches of 64, {@link Cnn}'s net, cross-entropy and SGD with
 * lr 0.01. About 160 GFLOP per epoch: per image the forward pass costs 2 (16 x 25 x 784 + 32 x 400 x 196 + 1568 x
 * 10) = 5.7 MFLOP, the backward about twice that (the first layer's input gradient is not needed).
 */
final class CnnWorkload {
    /** Multiply-adds times two of one epoch: forward, both gradients of the second conv, dW of the first. */
    static final double FLOPS_PER_EPOCH = 10000 * 2.0 * (3 * 32 * 400 * 196 + 2 * 16 * 25 * 784 + 3 * 1568 * 10);

    private CnnWorkload() {
    }

    /** Seconds per epoch (one untimed epoch first, then the mean over one, as torch_bench.py's per_call). */
    static double epochSeconds() {
        RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
        int rows = 10000;
        float[] pixels = new float[rows * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        NDArray labels = NDArray.zeros(DType.FLOAT32, Shape.of(rows, 1));
        for (int i = 0; i < rows; i++) {
            labels.set(i, random.nextInt(10));
        }
        Sequential model = Cnn.of(1, 28, 28, 10, new Random(0));
        CrossEntropyLoss criterion = new CrossEntropyLoss();
        SGD optimizer = new SGD(model.parameters(), 0.01);
        DataLoader loader = new DataLoader(new TensorDataset(NDArray.of(pixels, Shape.of(rows, 1, 28, 28)), labels),
                64, true, 0, false);
        return BenchCommand.perCall(() -> {
            // the loop keeps no batch: the loader gathers each into the same arrays (as the bench's mlp)
            for (java.util.Iterator<DataLoader.Batch> it = loader.iterator(0, true); it.hasNext(); ) {
                DataLoader.Batch b = it.next();
                Tensor loss = criterion.forward(model.forward(b.x()), b.y());
                optimizer.zeroGrad();
                loss.backward();
                optimizer.step();
            }
        }, 1, 1);
    }
}

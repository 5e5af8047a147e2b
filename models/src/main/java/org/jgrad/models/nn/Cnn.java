package org.jgrad.models.nn;

import java.util.Random;

/**
 * Builds the small convolutional network of the benchmark's {@code cnn} workload as a {@link Sequential}:
 *
 * <pre>
 * Conv2d(C, 16, 5, padding 2) - ReLU - MaxPool2d(2) - Conv2d(16, 32, 5, padding 2) - ReLU - MaxPool2d(2)
 *     - Flatten - Linear(32 (H/4) (W/4), classes)
 * </pre>
 *
 * For Fashion-MNIST ({@code C = 1}, 28 x 28) the last layer is {@code Linear(1568, 10)}; its parameters are named
 * as PyTorch's {@code nn.Sequential} names them: {@code 0.weight}, {@code 3.weight}, {@code 7.weight}. Layers are
 * initialised in order from {@code random}, as PyTorch's defaults do.
 */
public final class Cnn {
    private Cnn() {
    }

    /** The network for images {@code (N, channels, height, width)}; height and width at least 4. */
    public static Sequential of(int channels, int height, int width, int classes, Random random) {
        if (channels < 1 || height < 4 || width < 4 || classes < 1) {
            throw new IllegalArgumentException("Cnn: expected images of at least 1 x 4 x 4 and classes >= 1, got ("
                    + channels + ", " + height + ", " + width + ") and " + classes + " classes");
        }
        return new Sequential(new Conv2d(channels, 16, 5, 1, 2, random), new ReLU(), new MaxPool2d(2),
                new Conv2d(16, 32, 5, 1, 2, random), new ReLU(), new MaxPool2d(2), new Flatten(),
                new Linear(32 * (height / 4) * (width / 4), classes, random));
    }
}

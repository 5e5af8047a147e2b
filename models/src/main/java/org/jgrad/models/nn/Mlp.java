package org.jgrad.models.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Builds a multilayer perceptron as a {@link Sequential}: {@code Linear, activation, Linear, activation, ...,
 * Linear}, with no activation after the last layer (it outputs logits for a loss on logits). Layers are initialised
 * as PyTorch's {@code Linear} does, from the given generator.
 *
 * <pre>{@code
 * Sequential net = Mlp.of(new int[] {784, 128, 10}, "relu", new Random(42));
 * // Sequential(
 * //   (0): Linear(in_features=784, out_features=128, bias=true)
 * //   (1): ReLU()
 * //   (2): Linear(in_features=128, out_features=10, bias=true)
 * // )
 * }</pre>
 */
public final class Mlp {
    /** The activations {@link #of} accepts. */
    public static final List<String> ACTIVATIONS = List.of("relu", "tanh", "sigmoid");

    private Mlp() {
    }

    /**
     * @param sizes the input size, each hidden layer's size, then the output size (at least two numbers, all >= 1)
     * @param activation {@code relu}, {@code tanh} or {@code sigmoid}, between the linear layers
     */
    public static Sequential of(int[] sizes, String activation, Random random) {
        if (sizes == null || activation == null || random == null) {
            throw new IllegalArgumentException("Mlp.of: " + (sizes == null ? "sizes" : activation == null
                    ? "activation" : "random") + " is null; expected layer sizes, an activation name (one of "
                    + ACTIVATIONS + ") and a java.util.Random");
        }
        if (sizes.length < 2 || Arrays.stream(sizes).anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("Mlp: expected at least an input and an output size, all >= 1, got "
                    + Arrays.toString(sizes));
        }
        activation(activation); // checks the name even when there is no hidden layer
        List<Module> layers = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) {
            if (i > 0) {
                layers.add(activation(activation));
            }
            layers.add(new Linear(sizes[i], sizes[i + 1], random));
        }
        return new Sequential(layers.toArray(Module[]::new));
    }

    /** A new activation module by name. */
    public static Module activation(String name) {
        return switch (name) {
            case "relu" -> new ReLU();
            case "tanh" -> new Tanh();
            case "sigmoid" -> new Sigmoid();
            default -> throw new IllegalArgumentException("activation: expected one of " + ACTIVATIONS + ", got '"
                    + name + "'");
        };
    }
}

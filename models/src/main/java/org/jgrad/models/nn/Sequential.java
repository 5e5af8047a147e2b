package org.jgrad.models.nn;

import java.util.List;
import org.jgrad.autograd.Tensor;

/**
 * Modules applied one after another: {@code forward(x) = m_{n-1}( ... m_1(m_0(x)))}. The modules are registered
 * under the names {@code 0}, {@code 1}, ... so parameters are named {@code 0.weight}, {@code 2.bias}, as in PyTorch.
 *
 * <pre>{@code
 * Sequential net = new Sequential(new Linear(784, 128, random), new ReLU(), new Linear(128, 10, random));
 * Tensor logits = net.forward(x);   // (m, 784) -> (m, 10)
 * }</pre>
 */
public final class Sequential extends Module {
    private final List<Module> layers;

    public Sequential(Module... layers) {
        if (layers == null || layers.length == 0) {
            throw new IllegalArgumentException("Sequential: expected at least one module, got none");
        }
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] == null) {
                throw new IllegalArgumentException("Sequential: module " + i + " of " + layers.length + " is null");
            }
        }
        this.layers = List.of(layers);
        for (int i = 0; i < layers.length; i++) {
            registerModule(Integer.toString(i), layers[i]);
        }
    }

    /**
     * The modules in order, with two rewrites that give the same bits as calling them one by one:
     * <ul>
     *   <li>a {@link Linear} directly followed by a {@link ReLU} runs as one op ({@link Linear#forwardRelu}: one
     *       pass fewer over the layer's output);</li>
     *   <li>a {@link ReLU} directly followed by a {@link MaxPool2d} runs the pooling first:
     *       {@code maxPool(relu(x)) = relu(maxPool(x))}, because relu is a monotone {@code max(x, 0)} (a NaN stays
     *       NaN through both and wins its window either way), so relu and its backward pass run on the pooled map,
     *       a quarter of the values for 2 x 2 windows. The gradient is the same too: a window whose maximum is
     *       positive sends dy to the same arg-max pixel with the same mask, and a window whose maximum is not
     *       positive sends nothing either way (cnn: relu1 and relu2, forward and backward, took 1.0 ms of CPU of
     *       a batch's 15.8). The pooling and its relu are then one op ({@link MaxPool2d#forwardRelu}), the relu on
     *       each group of pooled outputs while they are in cache.</li>
     * </ul>
     * A result passed between two of jgrad's own layers (those {@code ownsNoReference} lists, which keep no
     * reference to their inputs or outputs) is marked {@link Tensor#releaseAfterBackward()}: the backward pass
     * gives its array back for the next step's results once it is done with it, as PyTorch frees a graph's
     * intermediates, instead of leaving a fresh array to be made and zeroed at every step (the cnn's batch makes
     * about 8 MB of them: an epoch 1,371-1,471 ms against 1,511-1,572 before, one thread, alternating). Reading
     * such a tensor's values after that backward (through {@code gradFn().inputs()}) throws; a retained graph
     * ({@code backward(null, true, false)}), a traced pass ({@code Graph.trace}) and layers called one by one keep
     * them. Results under {@code ArrayPool.MIN_LENGTH} elements are never released.
     */
    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (int i = 0; i < layers.size(); i++) {
            Module layer = layers.get(i);
            Module next = i + 1 < layers.size() ? layers.get(i + 1) : null;
            if (layer instanceof Linear linear && next instanceof ReLU) {
                x = linear.forwardRelu(x);
                i++;
            } else if (layer instanceof ReLU && next instanceof MaxPool2d pool) {
                x = pool.forwardRelu(x);
                i++;
            } else {
                x = layer.forward(x);
            }
            if (i + 1 < layers.size() && ownsNoReference(layers.get(i)) && ownsNoReference(layers.get(i + 1))
                    && x != input) {
                x.releaseAfterBackward();
            }
        }
        return x;
    }

    /**
     * Whether {@code m} is one of this package's layers, which keep no reference to the tensors they take or give
     * (a user's module may, and an inner Sequential may hold one).
     */
    private static boolean ownsNoReference(Module m) {
        return m instanceof Linear || m instanceof Conv2d || m instanceof ReLU || m instanceof Sigmoid
                || m instanceof Tanh || m instanceof MaxPool2d || m instanceof AvgPool2d || m instanceof Flatten
                || m instanceof Dropout || m instanceof BatchNorm1d || m instanceof BatchNorm2d;
    }

    /** The modules in order. */
    public List<Module> layers() {
        return layers;
    }

    /** Module {@code i}. */
    public Module get(int i) {
        return layers.get(i);
    }
}

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
     * The modules in order; a {@link Linear} directly followed by a {@link ReLU} runs as one op
     * ({@link Linear#forwardRelu}: the same bits, one pass fewer over the layer's output).
     */
    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (int i = 0; i < layers.size(); i++) {
            Module layer = layers.get(i);
            if (layer instanceof Linear linear && i + 1 < layers.size() && layers.get(i + 1) instanceof ReLU) {
                x = linear.forwardRelu(x);
                i++;
            } else {
                x = layer.forward(x);
            }
        }
        return x;
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

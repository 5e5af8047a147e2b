package org.jgrad.autograd;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The functional form of backward (PyTorch's {@code torch.autograd.grad}): returns gradients instead of accumulating
 * them, and leaves every tensor's {@link Tensor#grad()} as it was.
 *
 * <pre>{@code
 * Tensor x = Tensor.scalar(3, DType.FLOAT64).requiresGrad(true);
 * Tensor y = x.mul(x).mul(x);                                                  // x^3
 * Tensor dy = Autograd.grad(List.of(y), List.of(x), null, true, true, false).get(0);   // 3x^2 = 27, with a graph
 * Tensor d2y = Autograd.grad(dy, x).get(0);                                    // 6x = 18
 * }</pre>
 */
public final class Autograd {
    private Autograd() {
    }

    /**
     * {@code d(output)/d(input)} for each input, from a one-element output; frees the graph. An input the output
     * does not depend on gets zeros (PyTorch's {@code materialize_grads}).
     */
    public static List<Tensor> grad(Tensor output, Tensor... inputs) {
        List<Tensor> g = grad(List.of(output), List.of(inputs), null, false, false, true);
        List<Tensor> result = new ArrayList<>();
        for (int k = 0; k < inputs.length; k++) {
            result.add(g.get(k) != null ? g.get(k) : Tensor.zeros(inputs[k].dtype(), inputs[k].shape().dims()));
        }
        return result;
    }

    /**
     * PyTorch's {@code torch.autograd.grad(outputs, inputs, grad_outputs, retain_graph, create_graph, allow_unused)}:
     * {@code sum_k d(outputs[k])/d(input)} weighted by {@code gradOutputs[k]} (null, or a null entry: ones, allowed
     * only for one-element outputs), for each input, as tensors of the inputs' shapes.
     *
     * @param retainGraph keep the saved values for another pass (implied by {@code createGraph})
     * @param createGraph record the backward rules, so that the returned gradients can be differentiated again
     * @param allowUnused when an input is not reached from the outputs, return null for it; otherwise that is an
     *     error (PyTorch's default)
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
            boolean retainGraph, boolean createGraph, boolean allowUnused) {
        List<Tensor> seeds = new ArrayList<>();
        for (int k = 0; k < outputs.size(); k++) {
            Tensor out = outputs.get(k);
            if (!out.requiresGrad()) {
                throw new IllegalArgumentException("grad: element " + k + " of outputs does not require grad and has "
                        + "no gradFn");
            }
            Tensor g = gradOutputs == null ? null : gradOutputs.get(k);
            if (g == null && out.size() != 1) {
                throw new IllegalArgumentException("grad: output " + k + " has shape " + out.shape() + "; pass "
                        + "gradOutputs for non-scalar outputs");
            }
            Tensor seed = g == null ? Tensor.full(1.0, out.dtype(), out.shape().dims()) : g;
            if (!seed.shape().equals(out.shape()) || seed.dtype() != out.dtype()) {
                throw new IllegalArgumentException("grad: gradOutputs[" + k + "] is " + seed.dtype() + " "
                        + seed.shape() + ", expected " + out.dtype() + " " + out.shape());
            }
            seeds.add(seed);
        }
        Map<Tensor, Tensor> captured = new IdentityHashMap<>();
        for (int k = 0; k < inputs.size(); k++) {
            Tensor in = inputs.get(k);
            if (!in.requiresGrad()) {
                throw new IllegalArgumentException("grad: input " + k + " (shape " + in.shape() + ") does not require "
                        + "grad, so it has no gradient");
            }
            captured.put(in, null);
        }
        BackwardEngine.run(outputs, seeds, retainGraph || createGraph, createGraph, captured);
        List<Tensor> result = new ArrayList<>();
        for (int k = 0; k < inputs.size(); k++) {
            Tensor in = inputs.get(k);
            Tensor g = captured.get(in);
            if (g == null && !allowUnused) {
                throw new IllegalArgumentException("grad: input " + k + " (shape " + in.shape() + ") was not used "
                        + "in computing the outputs; pass allowUnused = true to get null for it");
            }
            // without a graph, hand out a copy: the engine's array may be shared with the graph's saved values
            result.add(g == null || g.requiresGrad() ? g : Tensor.of(g.data().copy()));
        }
        return result;
    }
}

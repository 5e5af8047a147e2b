package org.jgrad.autograd;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jgrad.core.NDArray;

/**
 * The functional form of backward (PyTorch's {@code torch.autograd.grad}): returns gradients instead of accumulating
 * them, and leaves every tensor's {@link Tensor#grad()} as it was.
 *
 * <pre>{@code
 * Tensor x = Tensor.scalar(3, DType.FLOAT64).requiresGrad(true);
 * Tensor y = x.mul(x);
 * Tensor dydx = Autograd.grad(y, x).get(0);   // 6; x.grad() is still null
 * }</pre>
 */
public final class Autograd {
    private Autograd() {
    }

    /** {@code d(output)/d(input)} for each input, from a one-element output; frees the graph. */
    public static List<Tensor> grad(Tensor output, Tensor... inputs) {
        return grad(List.of(output), null, List.of(inputs), false);
    }

    /**
     * {@code sum_k d(outputs[k])/d(input)} weighted by {@code gradOutputs[k]} (null: ones, allowed only for
     * one-element outputs), for each input, as tensors of the inputs' shapes. An input the outputs do not depend on
     * gets zeros. With {@code retainGraph} the saved values are kept for another pass.
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> gradOutputs, List<Tensor> inputs,
            boolean retainGraph) {
        List<NDArray> seeds = new ArrayList<>();
        for (int k = 0; k < outputs.size(); k++) {
            Tensor out = outputs.get(k);
            if (!out.requiresGrad()) {
                throw new IllegalArgumentException("grad: output " + k + " does not require grad and has no gradFn");
            }
            Tensor g = gradOutputs == null ? null : gradOutputs.get(k);
            if (g == null && out.size() != 1) {
                throw new IllegalArgumentException("grad: output " + k + " has shape " + out.shape() + "; pass "
                        + "gradOutputs for non-scalar outputs");
            }
            NDArray seed = g == null ? NDArray.full(out.dtype(), out.shape(), 1.0) : g.data();
            if (!seed.shape().equals(out.shape()) || seed.dtype() != out.dtype()) {
                throw new IllegalArgumentException("grad: gradOutputs[" + k + "] is " + seed.dtype() + " "
                        + seed.shape() + ", expected " + out.dtype() + " " + out.shape());
            }
            seeds.add(seed);
        }
        Map<Tensor, NDArray> captured = new IdentityHashMap<>();
        for (Tensor in : inputs) {
            if (!in.requiresGrad()) {
                throw new IllegalArgumentException("grad: an input of shape " + in.shape() + " does not require "
                        + "grad, so it has no gradient");
            }
            captured.put(in, null);
        }
        BackwardEngine.run(outputs, seeds, retainGraph, captured);
        List<Tensor> result = new ArrayList<>();
        for (Tensor in : inputs) {
            NDArray g = captured.get(in);
            result.add(Tensor.of(g == null ? NDArray.zeros(in.dtype(), in.shape()) : g.copy()));
        }
        return result;
    }
}

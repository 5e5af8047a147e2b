package org.jgrad.autograd;

import java.util.ArrayList;
import java.util.List;

/**
 * The node PyTorch calls {@code DelayedError}: with {@code createGraph}, the gradient of a
 * {@linkplain Function#onceDifferentiable() once-differentiable} op is computed as usual, then given this node as its
 * {@code gradFn}, so that differentiating it again fails with the op's name instead of silently treating the saved
 * sums as constants.
 */
final class OnceDifferentiable extends Function {
    private final String op;

    private OnceDifferentiable(String op) {
        this.op = op;
    }

    /** {@code gradient} as a tensor that requires grad (when an input of {@code fn} does) and cannot be differentiated. */
    static Tensor guard(Tensor gradient, Function fn) {
        List<Tensor> sources = new ArrayList<>();
        for (Tensor in : fn.inputs()) {
            if (in.requiresGrad()) {
                sources.add(in);
            }
        }
        return new OnceDifferentiable(fn.name()).output(gradient.data(), sources.toArray(new Tensor[0]));
    }

    @Override
    protected Tensor[] backward(Tensor gradOutput) {
        throw new UnsupportedOperationException(op + " is once differentiable: its gradient was computed from sums "
                + "saved by the fused forward pass, so it cannot be differentiated again. Build the graph from the "
                + "unfused ops (for LinearBCEWithLogits: Linear.forward, then BCEWithLogitsLoss.forward on the "
                + "logits) to take second derivatives.");
    }

    @Override
    public String name() {
        return op + "(once differentiable)";
    }
}

package org.jgrad.models.nn;

import org.jgrad.autograd.Tensor;

/**
 * Flattens dimensions {@code startDim} to the last into one (PyTorch's {@code nn.Flatten}, default
 * {@code start_dim=1}): {@code (N, C, H, W) -> (N, C H W)}. A view; the gradient is reshaped back. No parameters.
 */
public final class Flatten extends Module {
    private final int startDim;

    /** Flattens from dimension {@code startDim} (negative counts from the end). */
    public Flatten(int startDim) {
        this.startDim = startDim;
    }

    /** Flattens everything but the batch dimension. */
    public Flatten() {
        this(1);
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.flatten(startDim);
    }

    @Override
    protected String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=-1";
    }
}

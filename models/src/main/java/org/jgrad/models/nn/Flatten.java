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
        int rank = x.shape().rank();
        int start = startDim < 0 ? startDim + rank : startDim;
        if (start < 0 || start >= Math.max(rank, 1)) {
            throw new IllegalArgumentException("Flatten(start_dim=" + startDim + "): out of range for input of shape "
                    + x.shape());
        }
        int[] dims = new int[start + 1];
        int tail = 1;
        for (int d = 0; d < rank; d++) {
            if (d < start) {
                dims[d] = x.shape().dim(d);
            } else {
                tail *= x.shape().dim(d);
            }
        }
        dims[start] = tail;
        return x.reshape(dims);
    }

    @Override
    protected String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=-1";
    }
}

package org.jgrad.models.nn;

import org.jgrad.autograd.Tensor;

/**
 * Batch normalisation of features {@code (N, C)} or sequences {@code (N, C, L)} per feature, statistics over N (and
 * L) (PyTorch's {@code nn.BatchNorm1d}; eps 1e-5 and momentum 0.1 by default). See {@link BatchNorm}.
 */
public final class BatchNorm1d extends BatchNorm {
    public BatchNorm1d(int numFeatures, double eps, double momentum) {
        super(numFeatures, eps, momentum);
    }

    /** With PyTorch's keyword options: {@code new BatchNorm1d(16, BatchNorm.Options.DEFAULT.affine(false))}. */
    public BatchNorm1d(int numFeatures, Options options) {
        super(numFeatures, options);
    }

    public BatchNorm1d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1);
    }

    @Override
    protected void checkInput(Tensor x) {
        if (x.shape().rank() != 2 && x.shape().rank() != 3) {
            throw new IllegalArgumentException("BatchNorm1d: expected input (N, C) or (N, C, L), got " + x.shape());
        }
    }
}

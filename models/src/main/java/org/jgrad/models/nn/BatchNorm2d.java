package org.jgrad.models.nn;

import org.jgrad.autograd.Tensor;

/**
 * Batch normalisation of images {@code (N, C, H, W)} per channel, statistics over N, H and W (PyTorch's
 * {@code nn.BatchNorm2d}; eps 1e-5 and momentum 0.1 by default). See {@link BatchNorm} for the formulas.
 */
public final class BatchNorm2d extends BatchNorm {
    public BatchNorm2d(int numFeatures, double eps, double momentum) {
        super(numFeatures, eps, momentum);
    }

    /** With PyTorch's keyword options: {@code new BatchNorm2d(16, BatchNorm.Options.DEFAULT.affine(false))}. */
    public BatchNorm2d(int numFeatures, Options options) {
        super(numFeatures, options);
    }

    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1);
    }

    @Override
    protected void checkInput(Tensor x) {
        if (x.shape().rank() != 4) {
            throw new IllegalArgumentException("BatchNorm2d: expected input (N, C, H, W), got " + x.shape());
        }
    }
}

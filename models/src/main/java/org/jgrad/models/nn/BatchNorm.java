package org.jgrad.models.nn;

import org.jgrad.autograd.Tensor;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;

/**
 * Batch normalisation over dimension 1 (the channels or features), PyTorch's {@code _BatchNorm} with
 * {@code affine=True} and {@code track_running_stats=True}:
 *
 * <pre>
 * training    y = (x - mean) / sqrt(var + eps) * weight + bias   mean, var (biased) of this batch, per channel
 *             running_mean = (1 - momentum) running_mean + momentum mean
 *             running_var  = (1 - momentum) running_var  + momentum var n / (n - 1)     (unbiased, n per channel)
 * evaluation  y = (x - running_mean) / sqrt(running_var + eps) * weight + bias
 * </pre>
 *
 * The forward pass is written with tensor ops (mean, sub, mul, sqrt, div), so it is differentiable, twice too.
 * State dict keys as PyTorch's: {@code weight}, {@code bias} (parameters, ones and zeros), {@code running_mean},
 * {@code running_var}, {@code num_batches_tracked} (buffers; the count is stored as a float64 scalar, since jgrad
 * arrays have no integer type).
 */
public abstract class BatchNorm extends Module {
    private final int numFeatures;
    private final double eps;
    private final double momentum;
    private final Parameter weight;
    private final Parameter bias;
    private final NDArray runningMean;
    private final NDArray runningVar;
    private final NDArray batchesTracked;

    protected BatchNorm(int numFeatures, double eps, double momentum) {
        if (numFeatures < 1 || !(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + "(" + numFeatures + ", eps=" + eps
                    + ", momentum=" + momentum + "): expected num_features >= 1, eps > 0 and momentum in [0, 1]");
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = registerParameter("weight", new Parameter(NDArray.full(DType.FLOAT32, Shape.of(numFeatures), 1)));
        this.bias = registerParameter("bias", new Parameter(NDArray.zeros(DType.FLOAT32, Shape.of(numFeatures))));
        this.runningMean = registerBuffer("running_mean", NDArray.zeros(DType.FLOAT32, Shape.of(numFeatures)));
        this.runningVar = registerBuffer("running_var", NDArray.full(DType.FLOAT32, Shape.of(numFeatures), 1));
        this.batchesTracked = registerBuffer("num_batches_tracked", NDArray.scalar(DType.FLOAT64, 0));
    }

    /** Throws unless {@code x}'s rank is one this layer accepts (naming the expected shapes). */
    protected abstract void checkInput(Tensor x);

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x);
        if (x.shape().dim(1) != numFeatures) {
            throw new IllegalArgumentException(getClass().getSimpleName() + "(" + numFeatures + "): expected "
                    + numFeatures + " channels in dimension 1, got input of shape " + x.shape());
        }
        int rank = x.shape().rank();
        int[] perChannel = new int[rank];
        java.util.Arrays.fill(perChannel, 1);
        perChannel[1] = numFeatures;
        Tensor w = weight.reshape(perChannel);
        Tensor b = bias.reshape(perChannel);
        if (!isTraining()) {
            Tensor mean = Tensor.of(runningMean.to(x.dtype()).reshape(Shape.of(perChannel)));
            Tensor std = Tensor.of(runningVar.to(x.dtype()).reshape(Shape.of(perChannel))).add(eps).sqrt();
            return x.sub(mean).div(std).mul(w).add(b);
        }
        int n = x.size() / numFeatures;
        if (n < 2) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected more than 1 value per channel "
                    + "when training, got input of shape " + x.shape());
        }
        Tensor mean = perChannelMean(x);
        Tensor centered = x.sub(mean);
        Tensor var = perChannelMean(centered.mul(centered));
        Tensor y = centered.div(var.add(eps).sqrt()).mul(w).add(b);
        for (int c = 0; c < numFeatures; c++) {
            runningMean.set(c, (1 - momentum) * runningMean.get(c) + momentum * mean.data().get(c));
            runningVar.set(c, (1 - momentum) * runningVar.get(c) + momentum * var.data().get(c) * n / (n - 1));
        }
        batchesTracked.set(0, batchesTracked.get(0) + 1);
        return y;
    }

    /** The mean over every dimension but 1, keeping them as size 1: {@code (1, C, 1, ...)}. */
    private static Tensor perChannelMean(Tensor x) {
        Tensor m = x.mean(0, true);
        for (int d = 2; d < x.shape().rank(); d++) {
            m = m.mean(d, true);
        }
        return m;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    /** The running mean per channel (the buffer itself). */
    public NDArray runningMean() {
        return runningMean;
    }

    /** The running unbiased variance per channel (the buffer itself). */
    public NDArray runningVar() {
        return runningVar;
    }

    /** How many training batches updated the running statistics. */
    public long numBatchesTracked() {
        return (long) batchesTracked.get(0);
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + eps + ", momentum=" + momentum + ", affine=True, track_running_stats=True";
    }
}

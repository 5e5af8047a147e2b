package org.jgrad.models.nn;

import org.jgrad.autograd.Tensor;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;

/**
 * Batch normalisation over dimension 1 (the channels or features), PyTorch's {@code _BatchNorm}:
 *
 * <pre>
 * training    y = (x - mean) / sqrt(var + eps) * weight + bias   mean, var (biased) of this batch, per channel
 *             running_mean = (1 - momentum) running_mean + momentum mean
 *             running_var  = (1 - momentum) running_var  + momentum var n / (n - 1)     (unbiased, n per channel)
 * evaluation  y = (x - running_mean) / sqrt(running_var + eps) * weight + bias
 * </pre>
 *
 * Options ({@link Options}, PyTorch's keywords): without {@code affine} there is no weight or bias
 * ({@code y = (x - mean) / sqrt(var + eps)}); without {@code trackRunningStats} there are no running statistics and
 * evaluation normalises with the batch's own, as training does; a null {@code momentum} makes the running statistics
 * the plain average of every batch so far (the factor is {@code 1 / num_batches_tracked}).
 *
 * <p>The forward pass is written with tensor ops (mean, sub, mul, sqrt, div), so it is differentiable, twice too.
 * State dict keys as PyTorch's: {@code weight}, {@code bias} (parameters, ones and zeros; with {@code affine}),
 * {@code running_mean}, {@code running_var}, {@code num_batches_tracked} (buffers, with {@code trackRunningStats};
 * the count is stored as a float64 scalar, since jgrad arrays have no integer type).
 */
public abstract class BatchNorm extends Module {
    /**
     * PyTorch's keyword arguments of {@code nn.BatchNorm1d} and {@code nn.BatchNorm2d}.
     *
     * @param eps added to the variance before the square root, {@code > 0}
     * @param momentum the running statistics' update factor in {@code [0, 1]}, or null for the cumulative average
     * @param affine whether the layer learns a per-channel {@code weight} and {@code bias}
     * @param trackRunningStats whether the layer keeps running statistics (and uses them in evaluation)
     */
    public record Options(double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        /** PyTorch's defaults: eps 1e-5, momentum 0.1, affine, tracking running statistics. */
        public static final Options DEFAULT = new Options(1e-5, 0.1, true, true);

        public Options eps(double v) {
            return new Options(v, momentum, affine, trackRunningStats);
        }

        /** The update factor, or null for the cumulative average of every batch (PyTorch's {@code momentum=None}). */
        public Options momentum(Double v) {
            return new Options(eps, v, affine, trackRunningStats);
        }

        public Options affine(boolean v) {
            return new Options(eps, momentum, v, trackRunningStats);
        }

        public Options trackRunningStats(boolean v) {
            return new Options(eps, momentum, affine, v);
        }
    }

    private final int numFeatures;
    private final Options options;
    private final Parameter weight;
    private final Parameter bias;
    private final NDArray runningMean;
    private final NDArray runningVar;
    private final NDArray batchesTracked;

    protected BatchNorm(int numFeatures, Options options) {
        double eps = options.eps();
        Double momentum = options.momentum();
        if (numFeatures < 1 || !(eps > 0) || (momentum != null && !(momentum >= 0 && momentum <= 1))) {
            throw new IllegalArgumentException(getClass().getSimpleName() + "(" + numFeatures + ", eps=" + eps
                    + ", momentum=" + momentum + "): expected num_features >= 1, eps > 0 and momentum in [0, 1] (or "
                    + "null)");
        }
        this.numFeatures = numFeatures;
        this.options = options;
        if (options.affine()) {
            weight = registerParameter("weight", new Parameter(NDArray.full(DType.FLOAT32, Shape.of(numFeatures), 1)));
            bias = registerParameter("bias", new Parameter(NDArray.zeros(DType.FLOAT32, Shape.of(numFeatures))));
        } else {
            weight = null;
            bias = null;
        }
        if (options.trackRunningStats()) {
            runningMean = registerBuffer("running_mean", NDArray.zeros(DType.FLOAT32, Shape.of(numFeatures)));
            runningVar = registerBuffer("running_var", NDArray.full(DType.FLOAT32, Shape.of(numFeatures), 1));
            batchesTracked = registerBuffer("num_batches_tracked", NDArray.scalar(DType.FLOAT64, 0));
        } else {
            runningMean = null;
            runningVar = null;
            batchesTracked = null;
        }
    }

    protected BatchNorm(int numFeatures, double eps, double momentum) {
        this(numFeatures, Options.DEFAULT.eps(eps).momentum(momentum));
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
        double eps = options.eps();
        if (!isTraining() && runningMean != null) {
            Tensor mean = Tensor.of(runningMean.to(x.dtype()).reshape(Shape.of(perChannel)));
            Tensor std = Tensor.of(runningVar.to(x.dtype()).reshape(Shape.of(perChannel))).add(eps).sqrt();
            return scaleAndShift(x.sub(mean).div(std), perChannel);
        }
        int n = x.size() / numFeatures;
        if (n < 2) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected more than 1 value per channel "
                    + "when training, got input of shape " + x.shape());
        }
        Tensor mean = perChannelMean(x);
        Tensor centered = x.sub(mean);
        Tensor var = perChannelMean(centered.mul(centered));
        Tensor y = scaleAndShift(centered.div(var.add(eps).sqrt()), perChannel);
        if (isTraining() && runningMean != null) {
            batchesTracked.set(0, batchesTracked.get(0) + 1);
            double factor = options.momentum() == null ? 1 / batchesTracked.get(0) : options.momentum();
            for (int c = 0; c < numFeatures; c++) {
                runningMean.set(c, (1 - factor) * runningMean.get(c) + factor * mean.data().get(c));
                runningVar.set(c, (1 - factor) * runningVar.get(c) + factor * var.data().get(c) * n / (n - 1));
            }
        }
        return y;
    }

    /** {@code normalised * weight + bias} with {@code affine}, else {@code normalised}. */
    private Tensor scaleAndShift(Tensor normalised, int[] perChannel) {
        return weight == null ? normalised : normalised.mul(weight.reshape(perChannel)).add(bias.reshape(perChannel));
    }

    /** The mean over every dimension but 1, keeping them as size 1: {@code (1, C, 1, ...)}. */
    private static Tensor perChannelMean(Tensor x) {
        Tensor m = x.mean(0, true);
        for (int d = 2; d < x.shape().rank(); d++) {
            m = m.mean(d, true);
        }
        return m;
    }

    /** The per-channel scale, or null without {@code affine}. */
    public Parameter weight() {
        return weight;
    }

    /** The per-channel shift, or null without {@code affine}. */
    public Parameter bias() {
        return bias;
    }

    /** The running mean per channel (the buffer itself), or null without {@code trackRunningStats}. */
    public NDArray runningMean() {
        return runningMean;
    }

    /** The running unbiased variance per channel (the buffer itself), or null without {@code trackRunningStats}. */
    public NDArray runningVar() {
        return runningVar;
    }

    /** How many training batches updated the running statistics (0 without {@code trackRunningStats}). */
    public long numBatchesTracked() {
        return batchesTracked == null ? 0 : (long) batchesTracked.get(0);
    }

    public Options options() {
        return options;
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + options.eps() + ", momentum=" + (options.momentum() == null ? "None"
                : options.momentum()) + ", affine=" + (options.affine() ? "True" : "False")
                + ", track_running_stats=" + (options.trackRunningStats() ? "True" : "False");
    }
}

package org.jgrad.models;

/** The loss became NaN or infinite during training: says where, so a caller can suggest a smaller step. */
public final class TrainingDivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final int epoch;
    private final int batch;
    private final long step;
    private final double loss;

    public TrainingDivergedException(int epoch, int batch, long step, double loss, double lr) {
        super("training diverged in epoch " + epoch + ", batch " + batch + " (step " + step + "): the loss is " + loss
                + "; try a smaller learning rate (now " + lr + ")");
        this.epoch = epoch;
        this.batch = batch;
        this.step = step;
        this.loss = loss;
    }

    public int epoch() {
        return epoch;
    }

    public int batch() {
        return batch;
    }

    /** Steps taken before this one, counting from 0 across epochs (an iteration number for full-batch runs). */
    public long step() {
        return step;
    }

    public double loss() {
        return loss;
    }
}

package org.jgrad.models;

/**
 * The loss became NaN or infinite, or exploded (more than {@link Trainer#DIVERGENCE_FACTOR} times the first loss of
 * the run) during training: says where, so a caller can suggest a smaller step.
 */
public final class TrainingDivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final int epoch;
    private final int batch;
    private final long step;
    private final double loss;
    private final double firstLoss;

    /** A loss that is NaN or infinite. */
    public TrainingDivergedException(int epoch, int batch, long step, double loss, double lr) {
        this(epoch, batch, step, loss, Double.NaN, lr);
    }

    /** {@code firstLoss}: the first loss of the run, when {@code loss} is finite but exploded past it; else NaN. */
    public TrainingDivergedException(int epoch, int batch, long step, double loss, double firstLoss, double lr) {
        super("training diverged in epoch " + epoch + ", batch " + batch + " (step " + step + "): the loss is " + loss
                + explosion(loss, firstLoss) + "; try a smaller learning rate (now " + lr + ")");
        this.epoch = epoch;
        this.batch = batch;
        this.step = step;
        this.loss = loss;
        this.firstLoss = firstLoss;
    }

    /** Why a finite loss counts as divergence, or "" for NaN and infinities. */
    static String explosion(double loss, double firstLoss) {
        return Double.isFinite(loss) && !Double.isNaN(firstLoss)
                ? ", more than " + Trainer.DIVERGENCE_FACTOR_TEXT + " times the first loss (" + firstLoss + ")"
                : "";
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

    /** The first loss of the run when the loss exploded while finite; NaN when it became NaN or infinite. */
    public double firstLoss() {
        return firstLoss;
    }

    /** ", more than 1e6 times the first loss (0.69)" for an exploded finite loss, "" otherwise (for messages). */
    public String reason() {
        return explosion(loss, firstLoss);
    }
}

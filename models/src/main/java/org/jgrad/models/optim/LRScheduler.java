package org.jgrad.models.optim;

/**
 * A learning-rate schedule: call {@link #step()} once per epoch, after the optimizer's steps, and the optimizer's
 * learning rate becomes {@link #lrAt(int)} of the new epoch count (PyTorch's {@code LRScheduler}).
 */
public abstract class LRScheduler {
    protected final Optimizer optimizer;
    protected final double baseLr;
    private int epoch;

    protected LRScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
        this.baseLr = optimizer.lr();
    }

    /** The learning rate after {@code epoch} calls of {@link #step()}; {@code lrAt(0)} is the initial rate. */
    public abstract double lrAt(int epoch);

    /** Advances one epoch and sets the optimizer's learning rate. */
    public void step() {
        epoch++;
        optimizer.setLr(lrAt(epoch));
    }

    /** Epochs stepped so far. */
    public int epoch() {
        return epoch;
    }
}

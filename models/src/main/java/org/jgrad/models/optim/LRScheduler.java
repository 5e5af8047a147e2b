package org.jgrad.models.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;

/**
 * A learning-rate schedule: call {@link #step()} once per epoch, after the optimizer's steps, and the optimizer's
 * learning rate becomes {@link #lrAt(int)} of the new epoch count (PyTorch's {@code LRScheduler}).
 */
public abstract class LRScheduler {
    protected final Optimizer optimizer;
    protected double baseLr;
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

    /**
     * The schedule's state, as PyTorch's: {@code last_epoch} (epochs stepped) and {@code base_lr}, each float64 of
     * shape (1,). The optimizer's own learning rate is in the optimizer's state.
     */
    public Map<String, NDArray> stateDict() {
        Map<String, NDArray> state = new LinkedHashMap<>();
        state.put("last_epoch", NDArray.of(new double[] {epoch}, Shape.of(1)));
        state.put("base_lr", NDArray.of(new double[] {baseLr}, Shape.of(1)));
        return state;
    }

    /**
     * Restores the state of {@link #stateDict()}.
     *
     * @throws IllegalArgumentException when an entry is missing, unexpected or out of range
     */
    public void loadStateDict(Map<String, NDArray> state) {
        String who = getClass().getSimpleName() + ".loadStateDict";
        if (!state.keySet().equals(java.util.Set.of("last_epoch", "base_lr"))) {
            throw new IllegalArgumentException(who + ": expected entries [last_epoch, base_lr], got " + state.keySet());
        }
        double e = state.get("last_epoch").get(0);
        double b = state.get("base_lr").get(0);
        if (e < 0 || e != Math.rint(e) || e > Integer.MAX_VALUE || !(b > 0) || Double.isInfinite(b)) {
            throw new IllegalArgumentException(who + ": expected a whole last_epoch >= 0 and a finite base_lr > 0, got "
                    + e + " and " + b);
        }
        epoch = (int) e;
        baseLr = b;
    }

    /** Epochs stepped so far. */
    public int epoch() {
        return epoch;
    }
}

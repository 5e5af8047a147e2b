package org.jgrad.models;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jgrad.autograd.Tensor;
import org.jgrad.models.data.DataLoader;
import org.jgrad.models.data.TensorDataset;
import org.jgrad.models.nn.BCEWithLogitsLoss;
import org.jgrad.models.nn.Linear;
import org.jgrad.models.nn.Loss;
import org.jgrad.models.nn.Module;
import org.jgrad.models.optim.LRScheduler;
import org.jgrad.models.optim.Optimizer;

/**
 * The training loop, written once: for each epoch, for each batch, forward, loss, {@code zeroGrad},
 * {@code backward}, {@code step}; then the schedule's step, if any. A {@link Listener} sees every batch's loss and
 * every epoch's mean loss (for logs, progress bars and plots).
 *
 * <p>The trainer remembers where it is (epochs done, batches done in the current epoch, the shuffling generator's
 * state at the start of the epoch): {@link #requestStop()} (from any thread, such as a Ctrl-C handler) ends
 * {@link #fit} after the current batch, a later {@code fit} goes on from there, and {@link Checkpoint} saves and
 * restores that place with the model and optimizer, so a run stopped and resumed ends with the bits of one that was
 * never stopped.
 *
 * <p>The trainer keeps no batch past its step, so it has the loader gather each batch into arrays reused from batch
 * to batch ({@link DataLoader#iterator(int, boolean)}), and a logistic regression (one {@code Linear} with
 * {@code BCEWithLogitsLoss}) reads its batch's rows where they are in the data set, copying nothing (60,000 x 784 in
 * batches of 64, after 40 warm-up epochs: 24.4-26.8 ms an epoch on one thread against 49.8-57.5 with each batch
 * copied into new arrays; 16.6-24.6 against 27.3-36.2 on two threads).
 *
 * <p>The loss is checked after every batch: NaN, an infinity, or a finite loss more than
 * {@link #DIVERGENCE_FACTOR} times the first loss of the run ends training with {@link TrainingDivergedException}.
 *
 * <pre>{@code
 * Trainer trainer = new Trainer(model, new CrossEntropyLoss(), new Adam(model.parameters(), 1e-3));
 * trainer.fit(new DataLoader(train, 64, true, 42, false), 5, Trainer.Listener.NONE);
 * }</pre>
 */
public final class Trainer {
    /**
     * A finite loss this many times the run's first loss (or 1, if that was smaller) counts as divergence: no loss of
     * a run that is learning grows a million-fold, while a learning rate far too large gives losses of 1e30 and more
     * long before they overflow to infinity.
     */
    public static final double DIVERGENCE_FACTOR = 1e6;
    static final String DIVERGENCE_FACTOR_TEXT = "1e6";

    private final Module model;
    private final Loss loss;
    private final Optimizer optimizer;
    private LRScheduler scheduler;
    private volatile boolean stopRequested;
    private int threads = 1;
    private boolean stopped;
    // where training stands (see Position): written by fit as it goes, read by position()
    private int epoch;
    private int batch;
    private double total;
    private long rows;
    private double last;
    private double firstLoss = Double.NaN;
    private long generatorState = -1;
    private double[] history = new double[16];
    private Iterator<DataLoader.Batch> current; // the rest of a stopped epoch, when stopped in this process
    private boolean restored; // the position came from outside: bring the loader's generator there first

    /** What a training run reports as it goes. */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        /** After batch {@code batch} (0-based) of {@code batches} in epoch {@code epoch}, before its step. */
        default void onBatch(int epoch, int batch, int batches, double loss) {
        }

        /**
         * After epoch {@code epoch} (0-based), its steps and the schedule's step: the mean of its batch losses
         * weighted by batch size. The trainer is then at the start of the next epoch.
         */
        default void onEpoch(int epoch, double meanLoss) {
        }
    }

    /**
     * Where training stands: {@code epoch} epochs done and {@code batch} batches of the next one (0 between epochs),
     * with that epoch's running sums ({@code total} of loss times rows, {@code rows}, the {@code last} batch loss),
     * the run's {@code firstLoss} (NaN before the first batch), the shuffling generator's state at the start of the
     * current epoch ({@code generatorState}, -1 before the first) and every finished epoch's mean loss.
     */
    public record Position(int epoch, int batch, double total, long rows, double last, double firstLoss,
            long generatorState, double[] history) {
        public Position {
            if (epoch < 0 || batch < 0 || rows < 0 || history.length != epoch) {
                throw new IllegalArgumentException("trainer position: expected epoch, batch, rows >= 0 and one mean "
                        + "loss per epoch done, got epoch " + epoch + ", batch " + batch + ", rows " + rows + ", "
                        + history.length + " mean losses");
            }
            history = history.clone();
        }

        @Override
        public double[] history() {
            return history.clone();
        }
    }

    public Trainer(Module model, Loss loss, Optimizer optimizer) {
        this.model = java.util.Objects.requireNonNull(model, "Trainer: model is null");
        this.loss = java.util.Objects.requireNonNull(loss, "Trainer: loss is null");
        this.optimizer = java.util.Objects.requireNonNull(optimizer, "Trainer: optimizer is null");
    }

    /**
     * Trains each epoch on {@code n} threads that take turns ({@link DataLoader#forEachInTurns}): each gathers its
     * own batches while another steps, and the steps run one at a time, in order, with the bits of one thread. Worth
     * it when a batch's gather costs about as much as its step (a linear model on wide rows, batches of tens); a
     * model whose step splits its products over the cores ({@link org.jgrad.core.kernels.Parallel}) gains nothing.
     * Listeners are called on the thread that ran the batch, one at a time. 1 (the default) trains on the calling
     * thread.
     *
     * @throws IllegalArgumentException when {@code n < 1}
     */
    public Trainer threads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Trainer: expected threads >= 1, got " + n);
        }
        threads = n;
        return this;
    }

    /** Steps {@code value} once after every epoch; returns this. */
    public Trainer scheduler(LRScheduler value) {
        this.scheduler = value;
        return this;
    }

    public Module model() {
        return model;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** The schedule, or null. */
    public LRScheduler scheduler() {
        return scheduler;
    }

    /** Asks a running {@link #fit} to stop after the batch it is on (safe from any thread, such as a signal handler). */
    public void requestStop() {
        stopRequested = true;
    }

    /** Whether the last {@link #fit} ended early, by {@link #requestStop()}. */
    public boolean stopped() {
        return stopped;
    }

    /** Where training stands (what a {@link Checkpoint} saves). */
    public Position position() {
        return new Position(epoch, batch, total, rows, last, firstLoss, generatorState,
                java.util.Arrays.copyOf(history, epoch));
    }

    /** Puts the trainer at {@code value} (from a checkpoint); the next {@link #fit} goes on from there. */
    public void restore(Position value) {
        epoch = value.epoch();
        batch = value.batch();
        total = value.total();
        rows = value.rows();
        last = value.last();
        firstLoss = value.firstLoss();
        generatorState = value.generatorState();
        history = java.util.Arrays.copyOf(value.history(), Math.max(16, epoch));
        current = null;
        restored = true;
    }

    /**
     * Trains for {@code epochs} more passes over {@code loader} (an epoch stopped part-way counts as one), in
     * training mode; returns the mean loss of each epoch finished by this call.
     *
     * @throws TrainingDivergedException when the loss becomes NaN or infinite, or explodes (see the class comment)
     * @throws IllegalArgumentException when the loader has no batches
     */
    public List<Double> fit(DataLoader loader, int epochs, Listener listener) {
        return fitUntil(loader, epoch + epochs, listener);
    }

    /**
     * Trains until {@code totalEpochs} epochs are done (counting those before a restore); returns the mean loss of
     * each epoch finished by this call. Ends early, after a batch, when {@link #requestStop()} was called.
     */
    public List<Double> fitUntil(DataLoader loader, int totalEpochs, Listener listener) {
        int batches = loader.batches();
        if (batches == 0) {
            throw new IllegalArgumentException("Trainer.fit: the loader has no batches (batch size "
                    + loader.batchSize() + " with dropLast, and fewer examples than that); nothing to train on");
        }
        stopped = false;
        stopRequested = false;
        if (restored) {
            if (generatorState >= 0) {
                loader.setGeneratorState(generatorState);
            }
            restored = false;
        }
        model.train();
        List<Double> finished = new ArrayList<>();
        try {
            while (epoch < totalEpochs) {
                Iterator<DataLoader.Batch> it = current;
                current = null;
                if (it == null) {
                    if (batch == 0) {
                        generatorState = loader.generatorState();
                    } else {
                        loader.setGeneratorState(generatorState); // redraw the stopped epoch's order
                    }
                    if (threads > 1) {
                        int next = loader.forEachInTurns(threads, batch, b -> trainOn(b, batches, listener),
                                () -> stopRequested, true);
                        if (next < batches) {
                            stopped = true; // a later fit redraws the order and goes on from batch `next`
                            return finished;
                        }
                        it = java.util.Collections.emptyIterator();
                    } else {
                        it = loader.iterator(batch, true);
                    }
                }
                while (it.hasNext()) {
                    trainOn(it.next(), batches, listener);
                    if (stopRequested && it.hasNext()) {
                        current = it;
                        stopped = true;
                        return finished;
                    }
                }
                double mean = batches == 1 ? last : total / rows; // one batch: its loss exactly
                if (epoch == history.length) {
                    history = java.util.Arrays.copyOf(history, 2 * epoch);
                }
                history[epoch++] = mean;
                finished.add(mean);
                if (scheduler != null) {
                    scheduler.step();
                }
                batch = 0;
                total = 0;
                rows = 0;
                last = 0;
                generatorState = loader.generatorState();
                listener.onEpoch(epoch - 1, mean);
                if (stopRequested && epoch < totalEpochs) {
                    stopped = true;
                    return finished;
                }
            }
        } finally {
            model.eval();
        }
        return finished;
    }

    /** One step on {@code b}, after checking its loss; advances the position by one batch. */
    private void trainOn(DataLoader.Batch b, int batches, Listener listener) {
        Tensor value = lossOf(b);
        double cost = value.item();
        if (Double.isNaN(firstLoss)) {
            firstLoss = cost;
        }
        long step = (long) epoch * batches + batch;
        if (!Double.isFinite(cost)) {
            throw new TrainingDivergedException(epoch, batch, step, cost, optimizer.lr());
        }
        if (cost > DIVERGENCE_FACTOR * Math.max(1, Math.abs(firstLoss))) {
            throw new TrainingDivergedException(epoch, batch, step, cost, firstLoss, optimizer.lr());
        }
        listener.onBatch(epoch, batch++, batches, cost);
        int m = b.size();
        total += cost * m;
        last = cost;
        rows += m;
        optimizer.step(value, () -> lossOf(b));
    }

    /**
     * The batch's loss; logistic regression (one Linear with BCEWithLogitsLoss) through the fused op, unless the
     * optimizer differentiates the loss twice (the fused op is once differentiable). A batch not yet gathered is
     * read where its rows are in the data set ({@code forward(layer, x, y, rows)}, the same bits); one that a worker
     * or a thread taking turns has gathered, while another stepped, is read from that copy.
     */
    private Tensor lossOf(DataLoader.Batch batch) {
        if (model instanceof Linear layer && loss instanceof BCEWithLogitsLoss bce
                && !optimizer.differentiatesTwice()) {
            if (!batch.isMaterialized()) {
                TensorDataset data = batch.dataset();
                return bce.forward(layer, Tensor.of(data.x()), Tensor.of(data.y()), batch.rows());
            }
            return bce.forward(layer, batch.x(), batch.y());
        }
        return loss.forward(model.forward(batch.x()), batch.y());
    }
}

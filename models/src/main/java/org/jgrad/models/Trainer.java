package org.jgrad.models;

import java.util.ArrayList;
import java.util.List;
import org.jgrad.autograd.Tensor;
import org.jgrad.models.data.DataLoader;
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
 * <pre>{@code
 * Trainer trainer = new Trainer(model, new CrossEntropyLoss(), new Adam(model.parameters(), 1e-3));
 * trainer.fit(new DataLoader(train, 64, true, 42, false), 5, Trainer.Listener.NONE);
 * }</pre>
 */
public final class Trainer {
    private final Module model;
    private final Loss loss;
    private final Optimizer optimizer;
    private LRScheduler scheduler;

    /** What a training run reports as it goes. */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        /** After batch {@code batch} (0-based) of {@code batches} in epoch {@code epoch}, before its step. */
        default void onBatch(int epoch, int batch, int batches, double loss) {
        }

        /** After epoch {@code epoch} (0-based): the mean of its batch losses weighted by batch size. */
        default void onEpoch(int epoch, double meanLoss) {
        }
    }

    public Trainer(Module model, Loss loss, Optimizer optimizer) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
    }

    /** Steps {@code value} once after every epoch; returns this. */
    public Trainer scheduler(LRScheduler value) {
        this.scheduler = value;
        return this;
    }

    /**
     * Trains for {@code epochs} passes over {@code loader}, in training mode; returns each epoch's mean loss.
     *
     * @throws TrainingDivergedException when the loss becomes NaN or infinite
     */
    public List<Double> fit(DataLoader loader, int epochs, Listener listener) {
        model.train();
        List<Double> history = new ArrayList<>();
        int batches = loader.batches();
        for (int epoch = 0; epoch < epochs; epoch++) {
            double total = 0;
            double last = 0;
            long rows = 0;
            int b = 0;
            for (DataLoader.Batch batch : loader) {
                Tensor value = lossOf(batch);
                double cost = value.item();
                if (!Double.isFinite(cost)) {
                    throw new TrainingDivergedException(epoch, b, (long) epoch * batches + b, cost, optimizer.lr());
                }
                listener.onBatch(epoch, b++, batches, cost);
                int m = batch.x().shape().dim(0);
                total += cost * m;
                last = cost;
                rows += m;
                optimizer.step(value, () -> lossOf(batch));
            }
            double mean = batches == 1 ? last : total / rows; // one batch: its loss exactly
            history.add(mean);
            listener.onEpoch(epoch, mean);
            if (scheduler != null) {
                scheduler.step();
            }
        }
        model.eval();
        return history;
    }

    /**
     * The batch's loss; logistic regression (one Linear with BCEWithLogitsLoss) through the fused op, unless the
     * optimizer differentiates the loss twice (the fused op is once differentiable).
     */
    private Tensor lossOf(DataLoader.Batch batch) {
        if (model instanceof Linear layer && loss instanceof BCEWithLogitsLoss bce
                && !optimizer.differentiatesTwice()) {
            return bce.forward(layer, batch.x(), batch.y());
        }
        return loss.forward(model.forward(batch.x()), batch.y());
    }
}

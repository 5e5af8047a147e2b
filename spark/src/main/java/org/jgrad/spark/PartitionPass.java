package org.jgrad.spark;

import java.io.Serial;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.kernels.Parallel;
import org.jgrad.models.nn.BCEWithLogitsLoss;
import org.jgrad.models.nn.Linear;
import org.jgrad.models.nn.Loss;
import org.jgrad.models.nn.Module;
import org.jgrad.models.nn.Parameter;

/**
 * One step's work on an executor, block by block ({@code treeAggregate}'s sequential operation): on its first
 * block a task builds its own model from the recipe and loads the broadcast parameters; for each block (or the
 * block's seeded sample of rows) it runs forward, the loss and backward with jgrad, and adds the block's loss and
 * gradients times its row count to the task's {@link StepTotals}.
 *
 * <p>Spark deserializes a fresh copy of this object for every task, so the model fields below belong to one task
 * and one thread. Spark already runs one task per core, so jgrad's kernels run on the task's thread only.
 */
final class PartitionPass implements Function2<StepTotals, RowBlock, StepTotals> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final ModelRecipe recipe;
    private final Broadcast<float[]> parameters;
    private final long seed;
    private final long step;
    private final double fraction;

    private transient Module model;
    private transient Loss loss;
    private transient List<Parameter> own;

    /**
     * @param fraction the probability that a row takes part in this step (1: every row, a full-batch step)
     * @param seed the run's seed; with {@code step} it seeds each block's sample and the model copy's randomness
     */
    PartitionPass(ModelRecipe recipe, Broadcast<float[]> parameters, long seed, long step, double fraction) {
        this.recipe = recipe;
        this.parameters = parameters;
        this.seed = seed;
        this.step = step;
        this.fraction = fraction;
    }

    @Override
    public StepTotals call(StepTotals totals, RowBlock block) {
        if (model == null) {
            Parallel.setThreads(1);
            model = recipe.model(new Random(mix(mix(seed, step), block.id() >>> 32)));
            model.train();
            loss = recipe.loss();
            own = model.parameters();
            ParameterVector.load(own, parameters.value());
        }
        RowBlock rows = fraction >= 1 ? block : block.sample(fraction, new Random(mix(mix(seed, step), block.id())));
        if (rows.rows() == 0) {
            return totals;
        }
        for (Parameter p : own) {
            p.zeroGrad();
        }
        Tensor value = lossOf(rows.inputs(), rows.labels());
        value.backward();
        float[][] gradients = new float[own.size()][];
        for (int k = 0; k < own.size(); k++) {
            Tensor g = own.get(k).grad();
            gradients[k] = g == null ? new float[own.get(k).data().size()] : g.data().floats();
        }
        totals.addBlock(value.item(), gradients, rows.rows());
        return totals;
    }

    /** The block's mean loss; logistic regression through the fused op, as {@code Trainer} does. */
    private Tensor lossOf(Tensor x, Tensor y) {
        if (model instanceof Linear layer && loss instanceof BCEWithLogitsLoss bce) {
            return bce.forward(layer, x, y);
        }
        return loss.forward(model.forward(x), y);
    }

    /** SplitMix64's finaliser over {@code a} and {@code b}: seeds that differ in one bit give unrelated streams. */
    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

package org.jgrad.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.models.Trainer;
import org.jgrad.models.TrainingDivergedException;
import org.jgrad.models.nn.Module;
import org.jgrad.models.nn.Parameter;
import org.jgrad.models.optim.LBFGS;
import org.jgrad.models.optim.Optimizer;

/**
 * Data-parallel training on Spark: the loop of {@link Trainer} with each step's loss and gradient computed by the
 * cluster. Every step the driver broadcasts the parameters; each partition runs forward and backward with jgrad
 * on its cached {@link RowBlock}s and returns the sums of the losses and gradients and its row count
 * ({@code treeAggregate}); the driver divides by the row count, sets the mean gradient on its own model's
 * parameters and steps the optimizer. The result does not depend on which tasks ran where, in what order, or
 * whether one was retried ({@link ExactSum}).
 *
 * <p>Full-batch steps use every row: the same loss and gradient as one machine's full-batch step, up to the order
 * of float sums. A mini-batch step of {@code B} rows out of {@code m} keeps each row with probability
 * {@code B / m}, drawn from the run's seed, the step number and the block, so a run repeats exactly; an epoch is
 * {@code ceil(m / B)} such steps.
 *
 * <p>SGD, Adam and AdamW take one step per evaluation. {@link LBFGS} runs one of its steps (up to its
 * {@code maxIter} iterations) per epoch, its closure being {@link #evaluate()}: every evaluation of the loss and
 * gradient it asks for is one distributed pass.
 *
 * <pre>{@code
 * BlockedData data = SparkInput.csv(spark, "train.csv", 8);
 * Module model = Linear.zeros(data.features(), 1);
 * SparkTrainer t = new SparkTrainer(data, model, ModelRecipe.of(model, new BCEWithLogitsLoss()),
 *         new SGD(model.parameters(), 0.05));
 * t.fit(1000, null, 42, Trainer.Listener.NONE);
 * }</pre>
 */
public final class SparkTrainer {
    private final BlockedData data;
    private final Module model;
    private final ModelRecipe recipe;
    private final Optimizer optimizer;
    private final List<Parameter> parameters;
    private final JavaSparkContext sc;

    /**
     * @param model the driver's model: its parameters are the ones trained, and {@code optimizer} must update them
     * @param recipe builds the executors' copies; checked here against {@code model}
     * @throws IllegalArgumentException when the recipe's model has other parameters than {@code model}, or when
     *     the data has another number of features than the recipe can say nothing about (checked at the first step)
     */
    public SparkTrainer(BlockedData data, Module model, ModelRecipe recipe, Optimizer optimizer) {
        this.data = data;
        this.model = model;
        this.recipe = recipe;
        this.optimizer = optimizer;
        this.parameters = model.parameters();
        this.sc = JavaSparkContext.fromSparkContext(data.blocks().context());
        ParameterVector.requireSameLayout(model, recipe.model(new Random(0)));
    }

    /**
     * Computes the mean loss and mean gradient over every row (a full-batch evaluation) at the current
     * parameters, and sets the gradient on the driver model's parameters: the closure an optimizer such as
     * L-BFGS calls.
     *
     * @return the mean loss
     */
    public double evaluate() {
        return step(0, 0, 1).meanLoss();
    }

    /**
     * One evaluation over the rows that step {@code step}'s seeded sample keeps (each with probability
     * {@code fraction}, all of them for 1): sets the mean gradient on the driver model's parameters (clears them
     * when the sample is empty) and returns the totals.
     */
    StepTotals step(long seed, long step, double fraction) {
        StepTotals totals = aggregate(seed, step, fraction);
        if (totals.rows() == 0) {
            optimizer.zeroGrad();
            return totals;
        }
        int k = 0;
        for (Parameter p : parameters) {
            NDArray g = NDArray.zeros(p.dtype(), p.shape());
            float[] values = g.floats();
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) totals.meanGradient(k++);
            }
            p.setGrad(g);
        }
        return totals;
    }

    /**
     * One L-BFGS step (up to its {@code maxIter} iterations), every evaluation of its closure a distributed one over
     * the same rows; returns the totals of the first evaluation, at the parameters the step started from (what
     * the other optimizers report).
     */
    private StepTotals lbfgsStep(LBFGS lbfgs, long seed, long step, double fraction) {
        StepTotals[] first = new StepTotals[1];
        lbfgs.step(() -> {
            StepTotals totals = step(seed, step, fraction);
            if (first[0] == null) {
                first[0] = totals;
            }
            return Tensor.scalar(totals.meanLoss(), DType.FLOAT64);
        });
        return first[0];
    }

    private StepTotals aggregate(long seed, long step, double fraction) {
        int size = ParameterVector.size(parameters);
        Broadcast<float[]> values = sc.broadcast(ParameterVector.flatten(parameters));
        try {
            PartitionPass pass = new PartitionPass(recipe, values, seed, step, fraction);
            return data.blocks().treeAggregate(new StepTotals(size), pass, StepTotals::merge, 2);
        } finally {
            values.destroy();
        }
    }

    /**
     * Trains for {@code epochs} passes, full-batch when {@code batchSize} is null or at least the row count;
     * reports to {@code listener} as {@link Trainer#fit} does (each step's loss before its update, each epoch's
     * mean loss weighted by the rows of its steps) and returns each epoch's mean loss.
     *
     * @throws TrainingDivergedException when a loss becomes NaN or infinite, or explodes as {@link Trainer} defines
     */
    public List<Double> fit(int epochs, Integer batchSize, long seed, Trainer.Listener listener) {
        long m = data.rows();
        boolean full = batchSize == null || batchSize >= m;
        int steps = full ? 1 : (int) Math.min(Integer.MAX_VALUE, (m + batchSize - 1) / batchSize);
        double fraction = full ? 1 : (double) batchSize / m;
        List<Double> history = new ArrayList<>();
        double firstLoss = Double.NaN;
        model.train();
        for (int epoch = 0; epoch < epochs; epoch++) {
            double total = 0;
            double last = 0;
            long rows = 0;
            for (int b = 0; b < steps; b++) {
                long step = (long) epoch * steps + b;
                StepTotals totals = optimizer instanceof LBFGS lbfgs ? lbfgsStep(lbfgs, seed, step, fraction)
                        : step(seed, step, fraction);
                if (totals.rows() == 0) {
                    continue; // an empty sample (tiny batches of a small data set): nothing to learn from
                }
                double cost = totals.meanLoss();
                if (!Double.isFinite(cost)) {
                    throw new TrainingDivergedException(epoch, b, step, cost, optimizer.lr());
                }
                if (Double.isNaN(firstLoss)) {
                    firstLoss = cost;
                }
                // Trainer's rule: a loss a million times the first one (or 1) is a run blowing up
                if (cost > Trainer.DIVERGENCE_FACTOR * Math.max(1, Math.abs(firstLoss))) {
                    throw new TrainingDivergedException(epoch, b, step, cost, firstLoss, optimizer.lr());
                }
                listener.onBatch(epoch, b, steps, cost);
                total += cost * totals.rows();
                rows += totals.rows();
                last = cost;
                if (!(optimizer instanceof LBFGS)) {
                    optimizer.step();
                }
            }
            double mean = steps == 1 ? last : total / rows;
            history.add(mean);
            listener.onEpoch(epoch, mean);
        }
        model.eval();
        return history;
    }
}

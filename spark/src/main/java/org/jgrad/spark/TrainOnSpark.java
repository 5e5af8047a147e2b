package org.jgrad.spark;

import java.util.List;
import org.jgrad.models.Trainer;
import org.jgrad.models.data.LabeledData;
import org.jgrad.models.nn.Loss;
import org.jgrad.models.nn.Module;
import org.jgrad.models.optim.Optimizer;

/**
 * What {@code jgrad train --spark MASTER} runs in place of {@link Trainer#fit}: the command line prepares the
 * data, the scaler, the model and the optimizer exactly as without {@code --spark}, then calls {@link #fit}
 * (reflectively: the examples module has no compile dependency on Spark, and the launcher puts this module on the
 * class path only when {@code --spark} is given). The training rows go from the driver to the partitions in
 * contiguous slices; a data set too big for the driver is read by the executors instead, through the Java API
 * ({@link SparkInput}, {@link SparkTrainer}) and {@code spark-submit}.
 */
public final class TrainOnSpark {
    private TrainOnSpark() {
    }

    /**
     * Trains {@code model} on {@code train} for {@code epochs} passes on the Spark master {@code master} and
     * returns each epoch's mean loss, reporting to {@code listener} as {@link Trainer#fit} does.
     *
     * @param partitions Spark partitions of the training rows, or null for Spark's default parallelism
     * @param batchSize rows per step, or null for full-batch steps
     */
    public static List<Double> fit(String master, Integer partitions, Module model, Loss loss, Optimizer optimizer,
            LabeledData train, Integer batchSize, long seed, int epochs, Trainer.Listener listener) {
        if (partitions != null && partitions < 1) {
            throw new IllegalArgumentException("--partitions must be >= 1, got " + partitions);
        }
        ModelRecipe recipe = ModelRecipe.of(model, loss);
        try (SparkSessions.Session session = SparkSessions.open(master)) {
            org.apache.spark.api.java.JavaSparkContext sc =
                    org.apache.spark.api.java.JavaSparkContext.fromSparkContext(session.spark().sparkContext());
            int p = partitions != null ? partitions : sc.defaultParallelism();
            try (BlockedData data = BlockedData.of(sc, train, p, BlockedData.DEFAULT_BLOCK_ROWS)) {
                return new SparkTrainer(data, model, recipe, optimizer).fit(epochs, batchSize, seed, listener);
            }
        }
    }
}

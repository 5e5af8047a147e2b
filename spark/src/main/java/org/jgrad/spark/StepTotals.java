package org.jgrad.spark;

import java.io.Serial;
import java.io.Serializable;

/**
 * What one evaluation of the model over (a sample of) the data adds up to: the sum of the per-example losses, the
 * sum of the per-example gradients (all parameters, flattened in {@link ParameterVector}'s order) and the number
 * of examples. Sums are {@link ExactSum}s, so the totals do not depend on how Spark grouped and ordered the
 * partitions. The driver divides by {@link #rows()} to get the mean loss and the mean gradient.
 */
public final class StepTotals implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Element 0: the loss sum; element 1 + k: the gradient sum of flat parameter value k. */
    private final ExactSum sums;
    private long rows;

    /** Zero totals for a model of {@code parameterCount} values. */
    public StepTotals(int parameterCount) {
        this.sums = new ExactSum(parameterCount + 1);
    }

    /**
     * Adds one block: {@code meanLoss} and {@code meanGradient} (one value per flat parameter, null for a parameter
     * list without gradients) are the block's means over its {@code rows} examples.
     */
    public void addBlock(double meanLoss, float[][] meanGradients, int rows) {
        sums.add(0, meanLoss * rows);
        int k = 1;
        for (float[] g : meanGradients) {
            for (float v : g) {
                // a float times a block's row count (< 2^31) needs at most 55 bits; blocks stay far below that
                sums.add(k++, (double) v * rows);
            }
        }
        this.rows += rows;
    }

    /** Adds {@code other}'s totals to these; returns this. */
    public StepTotals merge(StepTotals other) {
        sums.addAll(other.sums);
        rows += other.rows;
        return this;
    }

    /** Examples counted. */
    public long rows() {
        return rows;
    }

    /** The mean loss over the examples counted; NaN when a sum overflowed or a loss was not finite. */
    public double meanLoss() {
        return sums.get(0) / rows;
    }

    /** The mean gradient of flat parameter value {@code k}. */
    public double meanGradient(int k) {
        return sums.get(k + 1) / rows;
    }
}

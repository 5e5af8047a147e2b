package org.jgrad.spark;

import java.io.Serial;
import java.io.Serializable;
import java.util.Random;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;

/**
 * A dense block of examples as one partition holds them after the first pass: features {@code x} row-major,
 * {@code (rows, features)}, and labels {@code y}, {@code (rows, 1)}, both float32. {@code id} is the block's place
 * in the data set (partition index in the high 32 bits, position within the partition in the low 32), the same on
 * every run over the same input and partitioning, which is what seeds a mini-batch sample of its rows.
 *
 * @param id partition index {@code << 32 |} position in the partition
 * @param x features, {@code rows * features} floats
 * @param y labels, {@code rows} floats
 * @param features columns of {@code x}
 */
public record RowBlock(long id, float[] x, float[] y, int features) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    public RowBlock {
        if (features < 1 || x.length != (long) y.length * features) {
            throw new IllegalArgumentException("RowBlock: " + x.length + " feature values for " + y.length
                    + " labels and " + features + " features (expected rows * features)");
        }
    }

    /** Number of examples. */
    public int rows() {
        return y.length;
    }

    /** The features as a tensor (no copy), {@code (rows, features)}. */
    public Tensor inputs() {
        return Tensor.of(NDArray.of(x, Shape.of(rows(), features)));
    }

    /** The labels as a tensor (no copy), {@code (rows, 1)}. */
    public Tensor labels() {
        return Tensor.of(NDArray.of(y, Shape.of(rows(), 1)));
    }

    /**
     * The rows that a Bernoulli draw with probability {@code fraction} keeps, in order, as a new block with the same
     * id: each row is kept when {@code random.nextDouble() < fraction} (one draw per row, in row order).
     */
    public RowBlock sample(double fraction, Random random) {
        int n = rows();
        int[] keep = new int[n];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (random.nextDouble() < fraction) {
                keep[kept++] = i;
            }
        }
        float[] sx = new float[kept * features];
        float[] sy = new float[kept];
        for (int k = 0; k < kept; k++) {
            System.arraycopy(x, keep[k] * features, sx, k * features, features);
            sy[k] = y[keep[k]];
        }
        return new RowBlock(id, sx, sy, features);
    }
}

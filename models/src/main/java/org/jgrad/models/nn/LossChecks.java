package org.jgrad.models.nn;

import org.jgrad.autograd.ops.Reduction;
import org.jgrad.core.NDArray;

/** Label and option checks shared by the losses. */
final class LossChecks {
    private LossChecks() {
    }

    /** {@code reduction}, or an error naming the loss when it is null. */
    static Reduction requireReduction(String loss, Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException(loss + ": reduction is null; pass Reduction.MEAN, SUM or NONE");
        }
        return reduction;
    }

    /** {@link #requireBinaryLabels(String, NDArray)} for the rows {@code rows} of a column of labels (m, 1). */
    static void requireBinaryLabels(String loss, NDArray labels, int[] rows) {
        for (int row : rows) {
            double y = row >= 0 && row < labels.size() ? labels.get(row) : 0.0; // the op names a row out of range
            if (y != 0.0 && y != 1.0) {
                throw new IllegalArgumentException(loss + ": labels must be 0 or 1, but row " + row + " holds " + y);
            }
        }
    }

    /** Throws naming the first label that is neither 0 nor 1, and its position (row, and column for 2-D labels). */
    static void requireBinaryLabels(String loss, NDArray labels) {
        for (int i = 0; i < labels.size(); i++) {
            double y = labels.get(i);
            if (y != 0.0 && y != 1.0) {
                int columns = labels.shape().rank() == 2 ? labels.shape().dim(1) : 1;
                String where = columns == 1 ? "row " + i : "row " + i / columns + ", column " + i % columns;
                throw new IllegalArgumentException(loss + ": labels must be 0 or 1, but " + where + " holds " + y);
            }
        }
    }
}

package org.jgrad.models.nn;

import org.jgrad.core.NDArray;

/** Label checks shared by the losses. */
final class LossChecks {
    private LossChecks() {
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

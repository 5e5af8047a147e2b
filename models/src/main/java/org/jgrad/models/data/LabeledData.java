package org.jgrad.models.data;

import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;

/**
 * Examples in rows: features {@code x} of shape {@code (m, n)} and labels {@code y} of shape {@code (m, 1)}, both
 * float32.
 */
public record LabeledData(NDArray x, NDArray y) {
    public LabeledData {
        if (x.shape().rank() != 2 || y.shape().rank() != 2 || y.shape().dim(1) != 1) {
            throw new IllegalArgumentException("expected features (m, n) and labels (m, 1), got " + x.shape()
                    + " and " + y.shape());
        }
        if (x.shape().dim(0) != y.shape().dim(0)) {
            throw new IllegalArgumentException("features have " + x.shape().dim(0) + " rows but labels have "
                    + y.shape().dim(0));
        }
        requireFinite("features", x);
        requireFinite("labels", y);
    }

    /** A NaN or infinity in the data would make every loss NaN: refuse it here, naming the row and column. */
    private static void requireFinite(String what, NDArray a) {
        int cols = a.shape().dim(1);
        for (int i = 0; i < a.size(); i++) {
            double v = a.get(i);
            if (!Double.isFinite(v)) {
                throw new DataException(what + ": row " + (i / cols) + ", column " + (i % cols) + " is " + v
                        + " (expected finite numbers)");
            }
        }
    }

    /** Number of examples. */
    public int rows() {
        return x.shape().dim(0);
    }

    /** Number of features. */
    public int features() {
        return x.shape().dim(1);
    }

    /** The given rows, in the given order, as new arrays. */
    public LabeledData select(int[] rows) {
        int n = features();
        float[] src = x.floats();
        float[] fx = new float[rows.length * n];
        float[] fy = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(src, rows[i] * n, fx, i * n, n);
            fy[i] = y.floats()[rows[i]];
        }
        return new LabeledData(NDArray.of(fx, Shape.of(rows.length, n)), NDArray.of(fy, Shape.of(rows.length, 1)));
    }

    /**
     * A copy with every feature multiplied by {@code factor}: {@code multipliedBy(1.0 / 16)} is the tutorial's
     * pixels / 16 (what {@code --scale 16}, {@link Scaler#divide}, does).
     */
    public LabeledData multipliedBy(double factor) {
        NDArray sx = x.copy();
        sx.scaleInPlace(factor);
        return new LabeledData(sx, y);
    }

    /** Builds from rows holding the features then the label in the last cell; all rows of one width. */
    public static LabeledData fromRows(java.util.List<float[]> rows) {
        float[][] x = new float[rows.size()][];
        float[] y = new float[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            float[] r = rows.get(i);
            x[i] = java.util.Arrays.copyOf(r, r.length - 1);
            y[i] = r[r.length - 1];
        }
        return of(x, y);
    }

    /**
     * The rows labelled {@code negative} or {@code positive}, in their order, relabelled 0 and 1: a binary task
     * cut from a multi-class one.
     */
    public LabeledData pair(int negative, int positive) {
        int[] keep = java.util.stream.IntStream.range(0, rows())
                .filter(i -> y.get(i) == negative || y.get(i) == positive).toArray();
        if (keep.length == 0) {
            throw new IllegalArgumentException("pair(" + negative + ", " + positive + "): no rows carry either label");
        }
        LabeledData sub = select(keep);
        float[] labels = sub.y().floats();
        for (int i = 0; i < labels.length; i++) {
            labels[i] = labels[i] == positive ? 1f : 0f;
        }
        return sub;
    }

    /** The number of classes, taking labels as class indices: the largest label + 1. */
    public int classes() {
        double max = 0;
        for (int i = 0; i < rows(); i++) {
            max = Math.max(max, y.get(i));
        }
        return (int) max + 1;
    }

    /** Builds from row arrays: {@code features[i]} and {@code labels[i]}. */
    public static LabeledData of(float[][] features, float[] labels) {
        int n = features.length == 0 ? 0 : features[0].length;
        float[] fx = new float[features.length * n];
        for (int i = 0; i < features.length; i++) {
            System.arraycopy(features[i], 0, fx, i * n, n);
        }
        return new LabeledData(NDArray.of(fx, Shape.of(features.length, n)),
                NDArray.of(labels.clone(), Shape.of(labels.length, 1)));
    }

    /** Float32 check, for callers that built arrays themselves. */
    public DType dtype() {
        return x.dtype();
    }
}

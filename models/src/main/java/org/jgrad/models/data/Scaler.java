package org.jgrad.models.data;

import java.util.Arrays;
import org.jgrad.core.NDArray;

/**
 * A per-column affine feature scaling {@code x' = (x - shift) / scale}, fitted on the training set only and then
 * applied unchanged to any other data (scikit-learn's scalers):
 *
 * <ul>
 *   <li>{@link #standardize}: shift = column mean, scale = column standard deviation (population, ddof 0);
 *   <li>{@link #minMax}: shift = column minimum, scale = maximum - minimum, so the training range maps to [0, 1];
 *   <li>{@link #divide}: shift 0, scale = a constant (the tutorials' pixels / 16);
 *   <li>{@link #none}: the identity.
 * </ul>
 *
 * A constant column (scale 0) gets scale 1, as scikit-learn does, so it maps to 0 instead of NaN.
 *
 * <pre>{@code
 * Scaler s = Scaler.fit("standardize", train.x());
 * NDArray xTrain = s.transform(train.x()), xTest = s.transform(test.x());
 * }</pre>
 *
 * @param kind {@code none}, {@code standardize}, {@code minmax} or {@code divide}
 * @param shift per-column shift (empty for none and divide)
 * @param scale per-column scale (one value, broadcast, for divide; empty for none)
 */
public record Scaler(String kind, float[] shift, float[] scale) {

    /** The identity. */
    public static Scaler none() {
        return new Scaler("none", new float[0], new float[0]);
    }

    /** Divides every feature by {@code divisor} (finite, not 0). */
    public static Scaler divide(double divisor) {
        if (!Double.isFinite(divisor) || divisor == 0) {
            throw new IllegalArgumentException("scaler: expected a finite, non-zero divisor, got " + divisor);
        }
        return new Scaler("divide", new float[0], new float[] {(float) divisor});
    }

    /** Zero mean and unit variance per column of {@code x} (m, n). */
    public static Scaler standardize(NDArray x) {
        int m = rows(x);
        int n = x.shape().dim(1);
        double[] mean = new double[n];
        double[] var = new double[n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                mean[j] += x.get(i * n + j) / m;
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double d = x.get(i * n + j) - mean[j];
                var[j] += d * d / m;
            }
        }
        float[] shift = new float[n];
        float[] scale = new float[n];
        for (int j = 0; j < n; j++) {
            shift[j] = (float) mean[j];
            scale[j] = nonZero(Math.sqrt(var[j]));
        }
        return new Scaler("standardize", shift, scale);
    }

    /** Each column of {@code x} (m, n) mapped from its [min, max] to [0, 1]. */
    public static Scaler minMax(NDArray x) {
        int m = rows(x);
        int n = x.shape().dim(1);
        float[] min = new float[n];
        float[] scale = new float[n];
        for (int j = 0; j < n; j++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < m; i++) {
                lo = Math.min(lo, x.get(i * n + j));
                hi = Math.max(hi, x.get(i * n + j));
            }
            min[j] = (float) lo;
            scale[j] = nonZero(hi - lo);
        }
        return new Scaler("minmax", min, scale);
    }

    /**
     * A scaler from its command-line name, fitted on {@code train}: {@code none}, {@code standardize},
     * {@code minmax}, or a number to divide by.
     */
    public static Scaler fit(String spec, NDArray train) {
        return switch (spec) {
            case "none" -> none();
            case "standardize" -> standardize(train);
            case "minmax" -> minMax(train);
            default -> {
                try {
                    yield divide(Double.parseDouble(spec));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("scaler: expected none, standardize, minmax or a divisor, got '"
                            + spec + "'");
                }
            }
        };
    }

    /** {@code (x - shift) / scale} per column, as a new float32 array; {@code x} is (m, n). */
    public NDArray transform(NDArray x) {
        int n = x.shape().rank() == 2 ? x.shape().dim(1) : -1;
        if (n < 0 || (shift.length > 0 && shift.length != n) || (scale.length > 1 && scale.length != n)) {
            throw new IllegalArgumentException("scaler (" + kind + "): expected features of shape (m, "
                    + Math.max(shift.length, scale.length) + "), got " + x.shape());
        }
        NDArray out = x.copy();
        for (int i = 0; i < out.size(); i++) {
            int j = i % n;
            double s = shift.length == 0 ? 0 : shift[j];
            double c = scale.length == 0 ? 1 : scale[scale.length == 1 ? 0 : j];
            out.set(i, (out.get(i) - s) / c);
        }
        return out;
    }

    /** {@code data} with its features transformed. */
    public LabeledData transform(LabeledData data) {
        return new LabeledData(transform(data.x()), data.y());
    }

    private static int rows(NDArray x) {
        if (x.shape().rank() != 2 || x.shape().dim(0) == 0) {
            throw new IllegalArgumentException("scaler: expected features of shape (m, n) with m >= 1, got "
                    + x.shape());
        }
        return x.shape().dim(0);
    }

    private static float nonZero(double scale) {
        return scale == 0 ? 1f : (float) scale;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scaler s && kind.equals(s.kind) && Arrays.equals(shift, s.shift)
                && Arrays.equals(scale, s.scale);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(shift) * 17 + Arrays.hashCode(scale);
    }

    @Override
    public String toString() {
        return "Scaler(" + kind + ", shift=" + Arrays.toString(shift) + ", scale=" + Arrays.toString(scale) + ")";
    }
}

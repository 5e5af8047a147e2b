package org.jgrad.spark;

import java.util.List;
import java.util.Map;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.models.nn.Module;
import org.jgrad.models.nn.Parameter;

/**
 * A model's float32 parameters as one flat array, parameter after parameter in {@link Module#parameters()} order,
 * each row-major: what the driver broadcasts every step, and the order of the gradient sums in
 * {@link StepTotals}.
 */
public final class ParameterVector {
    private ParameterVector() {
    }

    /** The total number of values. */
    public static int size(List<Parameter> parameters) {
        long n = 0;
        for (Parameter p : parameters) {
            n += p.data().size();
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("ParameterVector: " + n + " values do not fit one array");
        }
        return (int) n;
    }

    /** A copy of every value. */
    public static float[] flatten(List<Parameter> parameters) {
        float[] out = new float[size(parameters)];
        int offset = 0;
        for (Parameter p : parameters) {
            float[] v = p.data().floats();
            System.arraycopy(v, 0, out, offset, v.length);
            offset += v.length;
        }
        return out;
    }

    /** Copies {@code values} (from {@link #flatten}) into the parameters. */
    public static void load(List<Parameter> parameters, float[] values) {
        int offset = 0;
        for (Parameter p : parameters) {
            float[] v = p.data().floats();
            System.arraycopy(values, offset, v, 0, v.length);
            offset += v.length;
        }
    }

    /**
     * Checks that {@code copy} (built by a recipe) has {@code model}'s parameters: the same names, shapes and dtype
     * float32, in the same order.
     *
     * @throws IllegalArgumentException naming the first difference
     */
    public static void requireSameLayout(Module model, Module copy) {
        Map<String, Parameter> a = model.namedParameters();
        Map<String, Parameter> b = copy.namedParameters();
        if (!a.keySet().equals(b.keySet()) || !List.copyOf(a.keySet()).equals(List.copyOf(b.keySet()))) {
            throw new IllegalArgumentException("the recipe builds a model with parameters " + b.keySet()
                    + ", but the model to train has " + a.keySet());
        }
        for (Map.Entry<String, Parameter> e : a.entrySet()) {
            NDArray mine = e.getValue().data();
            NDArray theirs = b.get(e.getKey()).data();
            if (mine.dtype() != DType.FLOAT32) {
                throw new IllegalArgumentException("parameter '" + e.getKey() + "' is " + mine.dtype()
                        + "; distributed training handles float32 parameters");
            }
            if (!mine.shape().equals(theirs.shape()) || theirs.dtype() != DType.FLOAT32) {
                throw new IllegalArgumentException("parameter '" + e.getKey() + "': the recipe builds "
                        + theirs.dtype() + " " + theirs.shape() + ", the model to train has " + mine.dtype() + " "
                        + mine.shape());
            }
        }
    }
}

package org.jgrad.autograd.ops;

import java.util.ArrayList;
import java.util.List;
import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
import org.jgrad.core.Rearrange;

/** {@code z = [x_0, x_1, ...]} joined along one dimension. Each input's gradient is its slice of dz. */
public final class Concat extends Function {
    private final int dim;
    private final int[] sizes;

    private Concat(int dim, int[] sizes) {
        this.dim = dim;
        this.sizes = sizes;
    }

    public static Tensor apply(List<Tensor> xs, int dim) {
        if (xs.isEmpty()) {
            throw new IllegalArgumentException("concat: expected at least one tensor, got none");
        }
        List<NDArray> parts = new ArrayList<>();
        int[] sizes = new int[xs.size()];
        int axis = xs.get(0).shape().normalize(dim);
        for (int i = 0; i < xs.size(); i++) {
            parts.add(xs.get(i).data());
            sizes[i] = xs.get(i).shape().rank() > axis ? xs.get(i).shape().dim(axis) : 0;
        }
        NDArray out = Rearrange.concat(parts, axis);
        return new Concat(axis, sizes).output(out, xs.toArray(new Tensor[0]));
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        Tensor[] g = new Tensor[sizes.length];
        int start = 0;
        for (int i = 0; i < sizes.length; i++) {
            g[i] = needsGrad(i) ? Narrow.apply(dz, dim, start, sizes[i]) : null;
            start += sizes[i];
        }
        return g;
    }

    @Override
    public String localDerivative(int input) {
        return "1";
    }

    @Override
    public String gradientRule(int input, String upstream) {
        int start = 0;
        for (int i = 0; i < input; i++) {
            start += sizes[i];
        }
        return upstream + "[" + start + ".." + (start + sizes[input]) + " along dim " + dim + "]";
    }
}

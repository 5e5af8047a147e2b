package org.jgrad.autograd.ops;

import java.util.Arrays;
import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Rearrange;

/**
 * {@code z = x} with its dimensions reordered: dimension k of z is dimension {@code perm[k]} of x. The gradient is
 * permuted back by the inverse permutation.
 */
public final class Permute extends Function {
    private final int[] perm;

    private Permute(int[] perm) {
        this.perm = perm;
    }

    public static Tensor apply(Tensor x, int... perm) {
        int[] p = perm.clone();
        for (int k = 0; k < p.length; k++) {
            p[k] = p[k] < 0 && x.shape().rank() > 0 ? p[k] + x.shape().rank() : p[k];
        }
        return new Permute(p).output(Rearrange.permute(x.data(), p), x);
    }

    /** {@code x} with dimensions {@code dim0} and {@code dim1} swapped. */
    public static Tensor swap(Tensor x, int dim0, int dim1) {
        int[] perm = new int[x.shape().rank()];
        for (int k = 0; k < perm.length; k++) {
            perm[k] = k;
        }
        int a = x.shape().normalize(dim0);
        int b = x.shape().normalize(dim1);
        perm[a] = b;
        perm[b] = a;
        return apply(x, perm);
    }

    @Override
    protected Tensor[] backward(Tensor dz) {
        return grads(dz.permute(Rearrange.inverse(perm)));
    }

    @Override
    public String localDerivative(int input) {
        return "1";
    }

    @Override
    public String gradientRule(int input, String upstream) {
        return upstream + " permuted by " + Arrays.toString(Rearrange.inverse(perm));
    }
}

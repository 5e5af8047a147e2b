package org.jgrad.autograd;

import java.util.List;
import java.util.function.UnaryOperator;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;

/**
 * Derivatives of whole functions, as PyTorch's {@code torch.autograd.functional}: Jacobians, Hessians and their
 * products with vectors, all built from backward passes (second derivatives by recording the first backward pass,
 * {@code createGraph}).
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new double[] {1, 2}, DType.FLOAT64, 2);
 * Functional.hessian(v -> v.pow(3).sum(), x);          // diag(6 x) = [[6, 0], [0, 12]]
 * Functional.hvp(v -> v.pow(3).sum(), x, u);           // (6 x) * u
 * }</pre>
 *
 * Each function receives a fresh leaf copy of {@code x} that requires grad, so {@code x} itself is never changed or
 * made part of a graph.
 */
public final class Functional {
    private Functional() {
    }

    /** A function's value and a product of its derivative with a vector. */
    public record Product(Tensor value, Tensor product) {
    }

    /**
     * The Jacobian of {@code f} at {@code x}: shape {@code f(x).shape ++ x.shape}, element {@code [i..., j...]} =
     * {@code d f(x)_i / d x_j}. One backward pass per output element.
     */
    public static Tensor jacobian(UnaryOperator<Tensor> f, Tensor x) {
        Tensor in = leaf(x);
        Tensor out;
        try (GradMode.Scope on = GradMode.enableGrad()) {
            out = f.apply(in);
        }
        NDArray jac = NDArray.zeros(out.dtype(), concat(out.shape(), x.shape()));
        for (int i = 0; i < out.size(); i++) {
            NDArray row = gradientOf(out, i, in);
            jac.copyRange(i * x.size(), row, 0, x.size());
        }
        return Tensor.of(jac);
    }

    /**
     * The Hessian of a scalar function {@code f} at {@code x}: shape {@code x.shape ++ x.shape}, element
     * {@code [i..., j...]} = {@code d^2 f / d x_i d x_j}. The gradient is computed once with its graph recorded,
     * then differentiated once per element.
     */
    public static Tensor hessian(UnaryOperator<Tensor> f, Tensor x) {
        Tensor in = leaf(x);
        Tensor out;
        try (GradMode.Scope on = GradMode.enableGrad()) {
            out = f.apply(in);
        }
        requireScalar("hessian", out);
        NDArray h = hessian(out, List.of(in)).data();
        return Tensor.of(h.reshape(concat(x.shape(), x.shape())));
    }

    /**
     * The Hessian of the scalar {@code output} with respect to {@code params} (tensors that require grad, such as a
     * model's parameters), as one {@code (N, N)} matrix over their elements flattened and laid end to end, in the
     * order given: for a linear layer's {@code (weight, bias)}, the weight's elements first. The blocks are those of
     * PyTorch's nested tuple. Leaves {@code grad} untouched; keeps the graph of {@code output}.
     */
    public static Tensor hessian(Tensor output, List<Tensor> params) {
        requireScalar("hessian", output);
        int n = 0;
        for (Tensor p : params) {
            n += p.size();
        }
        List<Tensor> first;
        try (GradMode.Scope on = GradMode.enableGrad()) {
            first = Autograd.grad(List.of(output), params, null, true, true, true);
        }
        NDArray h = NDArray.zeros(output.dtype(), Shape.of(n, n));
        int row = 0;
        for (int a = 0; a < params.size(); a++) {
            Tensor g = first.get(a);
            for (int i = 0; i < params.get(a).size(); i++, row++) {
                if (g == null || !g.requiresGrad()) {
                    continue;   // a gradient that is constant in the parameters: its row is 0
                }
                NDArray onehot = NDArray.zeros(g.dtype(), g.shape());
                onehot.set(i, 1.0);
                List<Tensor> second = Autograd.grad(List.of(g), params, List.of(Tensor.of(onehot)), true, false,
                        true);
                int col = 0;
                for (int b = 0; b < params.size(); b++) {
                    Tensor s = second.get(b);
                    if (s != null) {
                        h.copyRange(row * n + col, s.data(), 0, s.size());
                    }
                    col += params.get(b).size();
                }
            }
        }
        return Tensor.of(h);
    }

    /** {@code f(x)} and the vector-Jacobian product {@code v^T J} (shape of x), {@code v} shaped like {@code f(x)}. */
    public static Product vjp(UnaryOperator<Tensor> f, Tensor x, Tensor v) {
        Tensor in = leaf(x);
        Tensor out;
        try (GradMode.Scope on = GradMode.enableGrad()) {
            out = f.apply(in);
        }
        return new Product(out.detach(), vjpOf(out, in, v, false));
    }

    /**
     * {@code f(x)} and the Jacobian-vector product {@code J u} (shape of {@code f(x)}), {@code u} shaped like x. By
     * the double-backward trick, as PyTorch does: {@code g(w) = w^T J} is linear in w, and its gradient with respect
     * to w, weighted by u, is {@code J u}.
     */
    public static Product jvp(UnaryOperator<Tensor> f, Tensor x, Tensor u) {
        requireShape("jvp", "u", u, x);
        Tensor in = leaf(x);
        Tensor out;
        try (GradMode.Scope on = GradMode.enableGrad()) {
            out = f.apply(in);
            Tensor w = Tensor.zeros(out.dtype(), out.shape().dims()).requiresGrad(true);
            Tensor g = vjpOf(out, in, w, true);
            if (g == null || !g.requiresGrad()) {
                return new Product(out.detach(), Tensor.zeros(out.dtype(), out.shape().dims()));
            }
            Tensor ju = Autograd.grad(List.of(g), List.of(w), List.of(u), false, false, true).get(0);
            return new Product(out.detach(), ju != null ? ju : Tensor.zeros(out.dtype(), out.shape().dims()));
        }
    }

    /**
     * {@code f(x)} (a scalar) and the Hessian-vector product {@code H v} (shape of x), without forming H: the
     * gradient is recorded, and the gradient of {@code grad(f) . v} is {@code H v}.
     */
    public static Product hvp(UnaryOperator<Tensor> f, Tensor x, Tensor v) {
        requireShape("hvp", "v", v, x);
        Tensor in = leaf(x);
        try (GradMode.Scope on = GradMode.enableGrad()) {
            Tensor out = f.apply(in);
            requireScalar("hvp", out);
            Tensor g = Autograd.grad(List.of(out), List.of(in), null, true, true, true).get(0);
            if (g == null || !g.requiresGrad()) {
                return new Product(out.detach(), Tensor.zeros(x.dtype(), x.shape().dims()));
            }
            Tensor hv = Autograd.grad(List.of(g), List.of(in), List.of(v), false, false, true).get(0);
            return new Product(out.detach(), hv != null ? hv : Tensor.zeros(x.dtype(), x.shape().dims()));
        }
    }

    private static Tensor vjpOf(Tensor out, Tensor in, Tensor v, boolean createGraph) {
        requireShape("vjp", "v", v, out);
        if (!out.requiresGrad()) {
            return Tensor.zeros(in.dtype(), in.shape().dims());
        }
        Tensor g = Autograd.grad(List.of(out), List.of(in), List.of(v), true, createGraph, true).get(0);
        return g != null ? g : Tensor.zeros(in.dtype(), in.shape().dims());
    }

    /** Row {@code i} of the Jacobian: the gradient of {@code out}'s element i with respect to {@code in}. */
    private static NDArray gradientOf(Tensor out, int i, Tensor in) {
        if (!out.requiresGrad()) {
            return NDArray.zeros(in.dtype(), in.shape());
        }
        NDArray seed = NDArray.zeros(out.dtype(), out.shape());
        seed.set(i, 1.0);
        Tensor g = Autograd.grad(List.of(out), List.of(in), List.of(Tensor.of(seed)), true, false, true).get(0);
        return g != null ? g.data() : NDArray.zeros(in.dtype(), in.shape());
    }

    private static Tensor leaf(Tensor x) {
        return Tensor.of(x.data().copy()).requiresGrad(true);
    }

    private static Shape concat(Shape a, Shape b) {
        int[] dims = new int[a.rank() + b.rank()];
        System.arraycopy(a.dims(), 0, dims, 0, a.rank());
        System.arraycopy(b.dims(), 0, dims, a.rank(), b.rank());
        return Shape.of(dims);
    }

    private static void requireScalar(String what, Tensor out) {
        if (out.size() != 1) {
            throw new IllegalArgumentException(what + ": expected a function with one output element, got shape "
                    + out.shape());
        }
    }

    private static void requireShape(String what, String name, Tensor v, Tensor like) {
        if (!v.shape().equals(like.shape()) || v.dtype() != like.dtype()) {
            throw new IllegalArgumentException(what + ": expected " + name + " of " + like.dtype() + " "
                    + like.shape() + ", got " + v.dtype() + " " + v.shape());
        }
    }
}

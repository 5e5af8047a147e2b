package org.jgrad.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jgrad.autograd.ops.Add;
import org.jgrad.autograd.ops.Div;
import org.jgrad.autograd.ops.Exp;
import org.jgrad.autograd.ops.Log;
import org.jgrad.autograd.ops.Matmul;
import org.jgrad.autograd.ops.Mean;
import org.jgrad.autograd.ops.Mul;
import org.jgrad.autograd.ops.Neg;
import org.jgrad.autograd.ops.Relu;
import org.jgrad.autograd.ops.Sigmoid;
import org.jgrad.autograd.ops.Sub;
import org.jgrad.autograd.ops.Sum;
import org.jgrad.autograd.ops.Transpose;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;

/**
 * An n-dimensional array that remembers how it was computed, so that {@link #backward()} can apply the chain rule.
 *
 * <p>A tensor holds its values ({@link #data()}), whether gradients flow to it ({@link #requiresGrad()}), its
 * gradient after a backward pass ({@link #grad()}), and the {@link Function} that produced it ({@link #gradFn()},
 * null for a leaf: a tensor made directly rather than by an op). Every op returns a new tensor; results of ops on
 * tensors that require grad record the op, unless {@link GradMode#noGrad()} is active.
 *
 * <pre>{@code
 * Tensor a = Tensor.scalar(5).requiresGrad(true);
 * Tensor b = Tensor.scalar(3).requiresGrad(true);
 * Tensor c = Tensor.scalar(2).requiresGrad(true);
 * Tensor j = a.add(b.mul(c)).mul(3);   // J = 3(a + bc) = 33
 * j.backward();
 * b.grad().item();                     // dJ/db = 3c = 6
 * }</pre>
 */
public class Tensor {
    private final NDArray data;
    private boolean requiresGrad;
    private final Function gradFn;
    private NDArray grad;
    private String name;
    private boolean retainsGrad;
    private List<UnaryOperator<Tensor>> hooks;

    // scratch state of the backward engine
    NDArray pending;
    NDArray lastGrad;
    int visitPass;

    Tensor(NDArray data, boolean requiresGrad, Function gradFn) {
        this.data = Objects.requireNonNull(data, "data");
        this.requiresGrad = requiresGrad;
        this.gradFn = gradFn;
    }

    /** A leaf tensor over {@code data} (not copied); subclasses such as parameters start here. */
    protected Tensor(NDArray data) {
        this(data, false, null);
    }

    // ---- factories ----

    /** A leaf tensor over {@code data} (not copied), not requiring grad. */
    public static Tensor of(NDArray data) {
        return new Tensor(data, false, null);
    }

    /** A float32 scalar. */
    public static Tensor scalar(double value) {
        return scalar(value, DType.FLOAT32);
    }

    /** A scalar of the given dtype. */
    public static Tensor scalar(double value, DType dtype) {
        return of(NDArray.scalar(dtype, value));
    }

    /** A float32 vector (shape {@code (n,)}) of the given values. */
    public static Tensor of(float... values) {
        return of(NDArray.of(values.clone(), Shape.of(values.length)));
    }

    /** A float64 vector (shape {@code (n,)}) of the given values. */
    public static Tensor of(double... values) {
        return of(NDArray.of(values.clone(), Shape.of(values.length)));
    }

    /** A float32 matrix from rows of equal length. */
    public static Tensor of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, expected " + cols
                        + " like row 0");
            }
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return of(NDArray.of(flat, Shape.of(rows.length, cols)));
    }

    /** A float32 tensor of zeros. */
    public static Tensor zeros(int... dims) {
        return of(NDArray.zeros(DType.FLOAT32, Shape.of(dims)));
    }

    /** A float32 tensor of ones. */
    public static Tensor ones(int... dims) {
        return of(NDArray.full(DType.FLOAT32, Shape.of(dims), 1.0));
    }

    // ---- what a tensor is ----

    /** The values (the array itself, not a copy). */
    public NDArray data() {
        return data;
    }

    public Shape shape() {
        return data.shape();
    }

    public DType dtype() {
        return data.dtype();
    }

    /** Number of elements. */
    public int size() {
        return data.size();
    }

    /** The value of a one-element tensor. */
    public double item() {
        return data.item();
    }

    /** True when gradients flow to this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Sets whether this leaf tensor records operations for gradients; returns this tensor.
     *
     * @throws IllegalStateException on a non-leaf tensor (its flag follows from its inputs)
     */
    public Tensor requiresGrad(boolean value) {
        if (gradFn != null) {
            throw new IllegalStateException("requiresGrad(" + value + "): only a leaf tensor's flag can be set; this "
                    + "tensor was produced by " + gradFn.name() + ". Use detach() for a leaf copy.");
        }
        requiresGrad = value;
        return this;
    }

    /** The function that produced this tensor, or null for a leaf. */
    public Function gradFn() {
        return gradFn;
    }

    /** True for a tensor made directly (no {@code gradFn}). */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /**
     * The gradient accumulated by backward passes: {@code dL/d(this)} with this tensor's shape, or null before any
     * backward pass, after {@link #zeroGrad()}, and for non-leaf tensors unless {@link #retainGrad()} was called.
     */
    public Tensor grad() {
        return grad == null ? null : of(grad);
    }

    /** Forgets the accumulated gradient (PyTorch's {@code grad = None}). */
    public void zeroGrad() {
        grad = null;
    }

    /** Replaces the accumulated gradient (for optimizers and tests); null clears it. */
    public void setGrad(NDArray value) {
        if (value != null && (!value.shape().equals(shape()) || value.dtype() != dtype())) {
            throw new IllegalArgumentException("setGrad: expected " + dtype() + " " + shape() + ", got "
                    + value.dtype() + " " + value.shape());
        }
        grad = value;
    }

    /** Asks a non-leaf tensor to keep its gradient in {@link #grad()} during backward passes. */
    public Tensor retainGrad() {
        if (!requiresGrad) {
            throw new IllegalStateException("retainGrad(): this tensor does not require grad, so no gradient will "
                    + "reach it");
        }
        retainsGrad = true;
        return this;
    }

    /** True when {@link #retainGrad()} was called. */
    public boolean retainsGrad() {
        return retainsGrad;
    }

    /**
     * Registers a hook called with the gradient flowing into this tensor during backward; it may return a
     * replacement gradient or null to keep it.
     */
    public HookHandle registerHook(UnaryOperator<Tensor> hook) {
        if (!requiresGrad) {
            throw new IllegalStateException("registerHook: this tensor does not require grad, so no gradient will "
                    + "reach it");
        }
        if (hooks == null) {
            hooks = new ArrayList<>();
        }
        hooks.add(hook);
        return () -> hooks.remove(hook);
    }

    /** A handle that removes a registered hook. */
    @FunctionalInterface
    public interface HookHandle {
        void remove();
    }

    NDArray runHooks(NDArray g) {
        if (hooks == null) {
            return g;
        }
        for (UnaryOperator<Tensor> hook : List.copyOf(hooks)) {
            Tensor replaced = hook.apply(of(g));
            if (replaced != null) {
                if (!replaced.shape().equals(shape())) {
                    throw new IllegalStateException("hook returned a gradient of shape " + replaced.shape()
                            + ", expected " + shape());
                }
                g = replaced.data();
            }
        }
        return g;
    }

    void accumulateGrad(NDArray g) {
        if (grad == null) {
            grad = g.copy();
        } else {
            grad.addInPlace(1.0, g);
        }
    }

    /** The gradient that reached this tensor in the last backward pass (also for non-leaves), or null. */
    public NDArray lastGradient() {
        return lastGrad;
    }

    /** A display name: the one given by {@link #named}, or the producing op's name, or null for an unnamed leaf. */
    public String name() {
        if (name != null) {
            return name;
        }
        return gradFn == null ? null : gradFn.opName();
    }

    /** Gives this tensor a display name (for printing and graphs); returns this tensor. */
    public Tensor named(String value) {
        this.name = value;
        return this;
    }

    /** A new leaf tensor sharing this tensor's values, outside the graph. */
    public Tensor detach() {
        return of(data);
    }

    // ---- backward ----

    /** Runs the chain rule from this scalar (seeding {@code dL/dL = 1}); frees the graph's saved values. */
    public void backward() {
        backward(false);
    }

    /** As {@link #backward()}; with {@code retainGraph} the saved values are kept for another backward pass. */
    public void backward(boolean retainGraph) {
        if (size() != 1) {
            throw new IllegalStateException("backward(): grad can be implicitly created only for a scalar output, "
                    + "but this tensor has shape " + shape() + "; pass a gradient of that shape to backward(gradient)");
        }
        backward(NDArray.full(dtype(), shape(), 1.0), retainGraph);
    }

    /** Runs the chain rule from this tensor with {@code dL/d(this) = gradient}. */
    public void backward(NDArray gradient, boolean retainGraph) {
        if (!requiresGrad) {
            throw new IllegalStateException("backward(): this tensor does not require grad and has no gradFn; "
                    + "set requiresGrad(true) on the leaves you want gradients for");
        }
        if (!gradient.shape().equals(shape()) || gradient.dtype() != dtype()) {
            throw new IllegalArgumentException("backward(gradient): expected " + dtype() + " " + shape() + ", got "
                    + gradient.dtype() + " " + gradient.shape());
        }
        BackwardEngine.run(this, gradient, retainGraph);
    }

    // ---- ops (each is one Function subclass in org.jgrad.autograd.ops) ----

    public Tensor add(Tensor other) {
        return Add.apply(this, other);
    }

    public Tensor add(double s) {
        return Add.apply(this, constant(s));
    }

    public Tensor sub(Tensor other) {
        return Sub.apply(this, other);
    }

    public Tensor sub(double s) {
        return Sub.apply(this, constant(s));
    }

    public Tensor mul(Tensor other) {
        return Mul.apply(this, other);
    }

    public Tensor mul(double s) {
        return Mul.apply(this, constant(s));
    }

    public Tensor div(Tensor other) {
        return Div.apply(this, other);
    }

    public Tensor div(double s) {
        return Div.apply(this, constant(s));
    }

    public Tensor neg() {
        return Neg.apply(this);
    }

    public Tensor exp() {
        return Exp.apply(this);
    }

    public Tensor log() {
        return Log.apply(this);
    }

    public Tensor sigmoid() {
        return Sigmoid.apply(this);
    }

    public Tensor relu() {
        return Relu.apply(this);
    }

    /** Matrix product of two 2-D tensors: (m x k) @ (k x n) gives m x n. */
    public Tensor matmul(Tensor other) {
        return Matmul.apply(this, other);
    }

    /** Transpose of a 2-D tensor. */
    public Tensor t() {
        return Transpose.apply(this);
    }

    /** Sum of all elements (a scalar). */
    public Tensor sum() {
        return Sum.apply(this);
    }

    /** Sum along dimension {@code dim}; {@code keepDim} keeps it with size 1. */
    public Tensor sum(int dim, boolean keepDim) {
        return Sum.apply(this, dim, keepDim);
    }

    /** Mean of all elements (a scalar). */
    public Tensor mean() {
        return Mean.apply(this);
    }

    /** Mean along dimension {@code dim}. */
    public Tensor mean(int dim, boolean keepDim) {
        return Mean.apply(this, dim, keepDim);
    }

    private Tensor constant(double s) {
        return scalar(s, dtype());
    }

    /** PyTorch-style: {@code tensor([1.0000, 2.0000], grad_fn=<MulBackward>)}. */
    @Override
    public String toString() {
        String values = data.toString();
        String suffix = gradFn != null ? ", grad_fn=" + gradFn : requiresGrad ? ", requires_grad=true" : "";
        String dt = dtype() == DType.FLOAT32 ? "" : ", dtype=" + dtype();
        return "tensor(" + values + dt + suffix + ")";
    }
}

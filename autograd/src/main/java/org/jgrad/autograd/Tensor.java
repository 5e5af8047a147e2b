package org.jgrad.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jgrad.autograd.ops.Add;
import org.jgrad.autograd.ops.AvgPool2dFunction;
import org.jgrad.autograd.ops.Conv2dFunction;
import org.jgrad.autograd.ops.Conv2dOptions;
import org.jgrad.autograd.ops.MaxPool2dFunction;
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
import org.jgrad.autograd.ops.SumTo;
import org.jgrad.autograd.ops.Expand;
import org.jgrad.autograd.ops.Transpose;
import org.jgrad.autograd.ops.Abs;
import org.jgrad.autograd.ops.Cast;
import org.jgrad.autograd.ops.Clamp;
import org.jgrad.autograd.ops.Concat;
import org.jgrad.autograd.ops.IndexSelect;
import org.jgrad.autograd.ops.LogSigmoid;
import org.jgrad.autograd.ops.LogSoftmax;
import org.jgrad.autograd.ops.Max;
import org.jgrad.autograd.ops.MaxMin;
import org.jgrad.autograd.ops.Permute;
import org.jgrad.autograd.ops.Pow;
import org.jgrad.autograd.ops.Reshape;
import org.jgrad.autograd.ops.Softmax;
import org.jgrad.autograd.ops.Softplus;
import org.jgrad.autograd.ops.Sqrt;
import org.jgrad.autograd.ops.Tanh;
import org.jgrad.autograd.ops.Where;
import org.jgrad.core.BinaryOp;
import org.jgrad.core.DType;
import org.jgrad.core.Elementwise;
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
    private Tensor grad;
    /**
     * Whether {@link #grad}'s array is this tensor's alone: made by the backward engine for it and not yet handed out
     * by {@link #grad()} (whose caller may keep it). Only then may {@link #zeroGrad()} keep the array as a spare.
     */
    private boolean gradPrivate;
    /** An array {@link #zeroGrad()} freed that nothing else holds: the next backward pass may write into it. */
    private NDArray spareGrad;
    private String name;
    private boolean retainsGrad;
    private List<UnaryOperator<Tensor>> hooks;
    /** The recorded backward pass that started here, when one was asked for ({@link Graph#recordSteps()}). */
    BackwardTrace trace;
    /** Whether a backward pass may give this intermediate's array back ({@link #releaseAfterBackward()}). */
    private boolean releasable;
    /** Whether one has: the values are gone, and reading them throws. */
    private boolean released;

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

    /** A float64 matrix from rows of equal length. */
    public static Tensor of(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, expected " + cols
                        + " like row 0");
            }
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return of(NDArray.of(flat, Shape.of(rows.length, cols)));
    }

    /** A tensor of the given dtype, shape {@code dims} and row-major {@code values} (copied). */
    public static Tensor of(double[] values, DType dtype, int... dims) {
        Shape shape = Shape.of(dims);
        if (values.length != shape.size()) {
            throw new IllegalArgumentException("shape " + shape + " holds " + shape.size() + " elements, but "
                    + values.length + " values were given");
        }
        if (dtype == DType.FLOAT64) {
            return of(NDArray.of(values.clone(), shape));
        }
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            f[i] = (float) values[i];
        }
        return of(NDArray.of(f, shape));
    }

    /** A tensor of zeros of the given dtype. */
    public static Tensor zeros(DType dtype, int... dims) {
        return of(NDArray.zeros(dtype, Shape.of(dims)));
    }

    /** A tensor of ones of the given dtype. */
    public static Tensor ones(DType dtype, int... dims) {
        return of(NDArray.full(dtype, Shape.of(dims), 1.0));
    }

    /** A tensor of the given dtype with every element {@code value}. */
    public static Tensor full(double value, DType dtype, int... dims) {
        return of(NDArray.full(dtype, Shape.of(dims), value));
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

    /**
     * The values (the array itself, not a copy).
     *
     * @throws IllegalStateException if a backward pass has released them ({@link #releaseAfterBackward()})
     */
    public NDArray data() {
        if (released) {
            throw new IllegalStateException("the values of this " + shape() + " intermediate (made by "
                    + gradFn.opName() + ") were released after backward, which used them last (Sequential releases"
                    + " those between its built-in layers); to read them afterwards, call backward(null, true, false)"
                    + " to retain the graph, record the pass with Graph.trace, or call the layers one by one");
        }
        return data;
    }

    /** The values whether or not they have been released: for the backward engine, which releases them. */
    NDArray dataEvenIfReleased() {
        return data;
    }

    /**
     * Marks this intermediate result as one that nothing outside its graph reads, as {@code Sequential} does for the
     * tensors between two of its built-in layers: once a backward pass that frees the graph has run the rule that
     * made it, and every tensor of the graph sharing its array is done with too, the pass gives the array back to
     * {@link org.jgrad.core.ArrayPool} for the next step's results, as PyTorch frees an intermediate when its
     * graph goes. From then on {@link #isReleased()} is true and {@link #data()} throws (its shape stays).
     *
     * <p>The pass keeps it when the graph is retained, a graph is recorded ({@code createGraph}), the pass is traced
     * ({@link Graph#trace}) or captures gradients ({@code Autograd.grad}), the tensor retains its grad or has a
     * hook, it is a root of the pass, or the pool would not keep an array of its length (fewer than
     * {@link org.jgrad.core.ArrayPool#MIN_LENGTH} elements, or the pool turned off with
     * {@code -Djgrad.arrayPool=false}). A leaf is never released: this does nothing on one.
     *
     * @return this tensor
     */
    public Tensor releaseAfterBackward() {
        releasable = gradFn != null;
        return this;
    }

    /** Whether a backward pass has released the values ({@link #releaseAfterBackward()}). */
    public boolean isReleased() {
        return released;
    }

    boolean releasable() {
        return releasable;
    }

    void markReleased() {
        released = true;
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
        return data().item();
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
     * After {@code backward(gradient, retainGraph, true)} it has a graph of its own and can be differentiated again.
     */
    public Tensor grad() {
        gradPrivate = false;
        return grad;
    }

    /**
     * The gradient, for an optimizer's step: as {@link #grad()}, but the caller promises not to keep the tensor or
     * its array past the next {@link #zeroGrad()}, which may then keep the array for the next backward pass (or
     * the forward pass of a fused op that computes gradients, such as logistic regression's loss) to write this
     * tensor's gradient into (as PyTorch's caching allocator hands a freed gradient's memory to the next
     * one). A large gradient, such as mlp's first weight (256 x 784, 800 KB), is then written into memory still in
     * cache instead of a new, zeroed array each step. Code that keeps gradients calls {@link #grad()}.
     */
    public Tensor gradForStep() {
        return grad;
    }

    /**
     * Forgets the accumulated gradient (PyTorch's {@code grad = None}). A gradient handed out by {@link #grad()} keeps
     * its values: only an array that no caller has seen (see {@link #gradForStep()}) is kept for reuse.
     */
    public void zeroGrad() {
        spareGrad = grad != null && gradPrivate ? grad.data() : null;
        grad = null;
        gradPrivate = false;
    }

    /**
     * The array the last {@link #zeroGrad()} freed, if it has this tensor's shape and dtype and nobody else holds it,
     * for an op to write this tensor's new gradient into (every element overwritten); null otherwise. It is handed
     * out once: to a backward rule ({@code inForward} false) only while backward records no graph of its own
     * ({@code createGraph}) and this tensor has no gradient yet; to a fused op that computes the gradient in its
     * forward pass ({@code inForward}) only while grad mode records that op. Otherwise it stays for a later caller.
     * Synchronized: two threads running ops on a shared leaf must not both get the array.
     */
    synchronized NDArray takeSpareGrad(boolean inForward) {
        NDArray spare = spareGrad;
        boolean usable = spare != null && (inForward ? GradMode.isEnabled() : grad == null && !GradMode.isEnabled())
                && spare.shape().equals(shape()) && spare.dtype() == dtype();
        if (!usable) {
            return null;
        }
        spareGrad = null;
        return spare;
    }

    /** Replaces the accumulated gradient (for optimizers and tests); null clears it. */
    public void setGrad(NDArray value) {
        if (value != null && (!value.shape().equals(shape()) || value.dtype() != dtype())) {
            throw new IllegalArgumentException("setGrad: expected " + dtype() + " " + shape() + ", got "
                    + value.dtype() + " " + value.shape());
        }
        grad = value == null ? null : of(value);
        gradPrivate = false;
        spareGrad = null;
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

    /** Whether a hook is registered on this tensor's gradient. */
    boolean hasHooks() {
        return hooks != null && !hooks.isEmpty();
    }

    Tensor runHooks(Tensor g) {
        if (hooks == null) {
            return g;
        }
        for (UnaryOperator<Tensor> hook : List.copyOf(hooks)) {
            Tensor replaced = hook.apply(g);
            if (replaced != null) {
                if (!replaced.shape().equals(shape())) {
                    throw new IllegalStateException("hook returned a gradient of shape " + replaced.shape()
                            + ", expected " + shape());
                }
                g = replaced;
            }
        }
        return g;
    }

    /**
     * {@code grad += g}. The first gradient is copied, since the engine's array may be referenced elsewhere, unless
     * {@code owned} (the engine knows that nothing else holds {@code g}) and no hook has seen it. A gradient with a
     * graph ({@code createGraph}) is added out of place, so that the graph stays correct. Synchronized: threads
     * back-propagating through graphs that share this leaf add their gradients one at a time.
     */
    synchronized void accumulateGrad(Tensor g, boolean owned) {
        if (g.requiresGrad() || grad != null && grad.requiresGrad()) {
            grad = grad == null ? g : grad.add(g);
            gradPrivate = false;
        } else if (grad == null) {
            // the engine's own array, or a copy of one a hook has seen: nothing outside holds it
            grad = owned && (hooks == null || hooks.isEmpty()) ? g : of(g.data().copy());
            gradPrivate = true;
        } else {
            grad.data().addInPlace(1.0, g.data());
        }
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
        return of(data());
    }

    // ---- backward ----

    /** Runs the chain rule from this scalar (seeding {@code dL/dL = 1}); frees the graph's saved values. */
    public void backward() {
        backward(null, false, false);
    }

    /**
     * Runs the chain rule from a tensor of any shape, with {@code dL/d(this) = gradient} (same shape and dtype): for a
     * non-scalar output, {@code gradient} weights its elements, and {@code backward(ones)} differentiates their sum.
     */
    public void backward(Tensor gradient) {
        backward(gradient, false, false);
    }

    /**
     * PyTorch's {@code backward(gradient, retain_graph, create_graph)}. {@code gradient} may be null for a one-element
     * tensor (then 1). With {@code retainGraph} the saved values are kept for another pass; with {@code createGraph}
     * the backward rules are recorded, so that the gradients accumulated in {@link #grad()} can be differentiated
     * again (second derivatives). {@code createGraph} implies {@code retainGraph}, as in PyTorch.
     */
    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        if (!requiresGrad) {
            throw new IllegalStateException("backward(): this tensor does not require grad and has no gradFn; "
                    + "set requiresGrad(true) on the leaves you want gradients for");
        }
        Tensor seed = gradient;
        if (seed == null) {
            if (size() != 1) {
                throw new IllegalStateException("backward(): grad can be implicitly created only for a scalar "
                        + "output, but this tensor has shape " + shape() + "; pass a gradient of that shape to "
                        + "backward(gradient)");
            }
            seed = of(NDArray.full(dtype(), shape(), 1.0));
        } else if (!seed.shape().equals(shape()) || seed.dtype() != dtype()) {
            throw new IllegalArgumentException("backward(gradient): expected " + dtype() + " " + shape() + ", got "
                    + seed.dtype() + " " + seed.shape());
        }
        BackwardEngine.run(List.of(this), List.of(seed), retainGraph || createGraph, createGraph, null);
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

    /**
     * Matrix product: (m x k) @ (k x n) gives (m x n). As in PyTorch, a 1-D left operand {@code (k,)} is a row
     * (result {@code (n,)}), a 1-D right operand a column (result {@code (m,)}), and two 1-D operands give their
     * dot product (a scalar).
     */
    public Tensor matmul(Tensor other) {
        int ra = shape().rank();
        int rb = other.shape().rank();
        if (ra == 2 && rb == 2 || ra != 1 && rb != 1) {
            return Matmul.apply(this, other);
        }
        Tensor a = ra == 1 ? unsqueeze(0) : this;
        Tensor b = rb == 1 ? other.unsqueeze(1) : other;
        Tensor c = Matmul.apply(a, b);
        c = rb == 1 ? c.squeeze(1) : c;
        return ra == 1 ? c.squeeze(0) : c;
    }

    /**
     * This tensor's broadcast gradient summed back to {@code shape} (the shape it was broadcast from): leading
     * dimensions are summed away, dimensions of size 1 in {@code shape} are summed with keepDim. A recorded op, so
     * that the reduction the engine applies to every broadcast input is differentiable too; its rule is
     * {@link #expand}.
     */
    public Tensor sumTo(Shape shape) {
        return SumTo.apply(this, shape);
    }

    /** This tensor broadcast to {@code shape} (a copy); its rule is {@link #sumTo}. */
    public Tensor expand(Shape shape) {
        return Expand.apply(this, shape);
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

    /** {@code this ^ exponent} elementwise, broadcasting. */
    public Tensor pow(Tensor exponent) {
        return Pow.apply(this, exponent);
    }

    /** {@code this ^ p} elementwise. */
    public Tensor pow(double p) {
        return Pow.apply(this, constant(p));
    }

    /** Elementwise larger of the two, broadcasting; on a tie the gradient is split in half. */
    public Tensor maximum(Tensor other) {
        return MaxMin.maximum(this, other);
    }

    /** Elementwise smaller of the two, broadcasting. */
    public Tensor minimum(Tensor other) {
        return MaxMin.minimum(this, other);
    }

    public Tensor sqrt() {
        return Sqrt.apply(this);
    }

    public Tensor abs() {
        return Abs.apply(this);
    }

    public Tensor tanh() {
        return Tanh.apply(this);
    }

    /** {@code log(1 + e^x)}, stable for large |x|. */
    public Tensor softplus() {
        return Softplus.apply(this);
    }

    /** {@code log(sigma(x))}, stable for large |x|. */
    public Tensor logSigmoid() {
        return LogSigmoid.apply(this);
    }

    /** Each element limited to {@code [min, max]} (either may be infinite). */
    public Tensor clamp(double min, double max) {
        return Clamp.apply(this, min, max);
    }

    /** Largest element (a scalar); the gradient goes to the arg-max. */
    public Tensor max() {
        return Max.apply(this);
    }

    /** Largest element along dimension {@code dim}; the gradient goes to each arg-max. */
    public Tensor max(int dim, boolean keepDim) {
        return Max.apply(this, dim, keepDim);
    }

    /** Softmax along {@code dim} in the stable (max-subtracted) form: each slice along dim sums to 1. */
    public Tensor softmax(int dim) {
        return Softmax.apply(this, dim);
    }

    /** {@code log(softmax(x))} along {@code dim}, in the stable form. */
    public Tensor logSoftmax(int dim) {
        return LogSoftmax.apply(this, dim);
    }

    /**
     * The same values under shape {@code dims} (one entry may be -1: inferred). Shares storage, as PyTorch's
     * {@code view}.
     */
    public Tensor reshape(int... dims) {
        return Reshape.apply(this, Reshape.infer(shape(), dims), "reshape");
    }

    /** Same as {@link #reshape}. */
    public Tensor view(int... dims) {
        return Reshape.apply(this, Reshape.infer(shape(), dims), "view");
    }

    /** Without every dimension of size 1. */
    public Tensor squeeze() {
        int[] dims = java.util.Arrays.stream(shape().dims()).filter(d -> d != 1).toArray();
        return Reshape.apply(this, Shape.of(dims), "squeeze");
    }

    /** Without dimension {@code dim}, which must have size 1 (as in PyTorch, a larger one is left alone). */
    public Tensor squeeze(int dim) {
        int axis = shape().normalize(dim);
        return shape().dim(axis) != 1 ? this : Reshape.apply(this, shape().reduce(axis, false), "squeeze");
    }

    /** With a new dimension of size 1 at position {@code dim} (0 to rank; negative counts from the end). */
    public Tensor unsqueeze(int dim) {
        return Reshape.apply(this, Reshape.unsqueezed(shape(), dim), "unsqueeze");
    }

    /** Dimensions reordered: dimension k of the result is dimension {@code perm[k]} of this tensor. */
    public Tensor permute(int... perm) {
        return Permute.apply(this, perm);
    }

    /** Dimensions {@code dim0} and {@code dim1} swapped. */
    public Tensor transpose(int dim0, int dim1) {
        return Permute.swap(this, dim0, dim1);
    }

    /** Entries {@code index[0], index[1], ...} of dimension {@code dim} (a 1-D tensor of whole numbers). */
    public Tensor indexSelect(int dim, Tensor index) {
        return IndexSelect.apply(this, dim, index);
    }

    /** Entries {@code index[0], index[1], ...} of dimension {@code dim}: with dim 0, the rows of a mini-batch. */
    public Tensor indexSelect(int dim, int... index) {
        return IndexSelect.apply(this, dim, index);
    }

    /** Tensors joined along an existing dimension {@code dim}. */
    public static Tensor concat(List<Tensor> tensors, int dim) {
        return Concat.apply(tensors, dim);
    }

    /** Tensors of equal shape stacked along a new dimension {@code dim}. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        List<Tensor> parts = new ArrayList<>();
        for (Tensor t : tensors) {
            parts.add(t.unsqueeze(dim));
        }
        return Concat.apply(parts, dim < 0 ? dim + tensors.get(0).shape().rank() + 1 : dim);
    }

    /** {@code condition ? a : b} elementwise, broadcasting; the condition is a mask such as {@link #gt} gives. */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return Where.apply(condition, a, b);
    }

    /** This tensor converted to {@code target}; gradients flow back converted to this tensor's dtype. */
    public Tensor to(DType target) {
        return target == dtype() ? this : Cast.apply(this, target);
    }

    // ---- convolutional networks (issue 16): conv2d, pooling and flatten, each one op in org.jgrad.autograd.ops ----

    /**
     * 2-D convolution (PyTorch's {@code F.conv2d}, groups 1): this {@code (N, C, H, W)} by {@code weight}
     * {@code (C_out, C, kH, kW)}, plus {@code bias} {@code (C_out,)} (or null), gives {@code (N, C_out, outH, outW)},
     * {@code outH = floor((H + 2 padding - dilation (kH - 1) - 1) / stride) + 1}. Differentiable twice.
     */
    public Tensor conv2d(Tensor weight, Tensor bias, int stride, int padding, int dilation) {
        return Conv2dFunction.apply(this, weight, bias, Conv2dOptions.of(stride, padding, dilation));
    }

    /** {@link #conv2d(Tensor, Tensor, int, int, int)} with stride 1, no padding, dilation 1. */
    public Tensor conv2d(Tensor weight, Tensor bias) {
        return conv2d(weight, bias, 1, 0, 1);
    }

    /**
     * 2-D max pooling of this {@code (N, C, H, W)} over {@code kernel x kernel} windows moved by {@code stride},
     * the input padded by {@code padding} (never chosen): the gradient goes to each window's first maximum.
     */
    public Tensor maxPool2d(int kernel, int stride, int padding) {
        return MaxPool2dFunction.apply(this, new int[] {kernel, kernel}, new int[] {stride, stride},
                new int[] {padding, padding});
    }

    /** {@link #maxPool2d(int, int, int)} with stride {@code kernel} and no padding. */
    public Tensor maxPool2d(int kernel) {
        return maxPool2d(kernel, kernel, 0);
    }

    /** 2-D average pooling, padding counted as zeros in the {@code kernel^2} divisor (count_include_pad). */
    public Tensor avgPool2d(int kernel, int stride, int padding) {
        return AvgPool2dFunction.apply(this, new int[] {kernel, kernel}, new int[] {stride, stride},
                new int[] {padding, padding});
    }

    /** Dimensions {@code startDim} to the last joined into one: {@code (N, C, H, W).flatten(1)} is {@code (N, C H W)}. */
    public Tensor flatten(int startDim) {
        int rank = shape().rank();
        int start = startDim < 0 ? startDim + rank : startDim;
        if (start < 0 || start >= Math.max(rank, 1)) {
            throw new IndexOutOfBoundsException("flatten: start dimension " + startDim + " is out of range for shape "
                    + shape());
        }
        int[] dims = new int[start + 1];
        int tail = 1;
        for (int d = 0; d < rank; d++) {
            if (d < start) {
                dims[d] = shape().dim(d);
            } else {
                tail *= shape().dim(d);
            }
        }
        dims[start] = tail;
        return Reshape.apply(this, Shape.of(dims), "flatten");
    }

    // ---- comparisons: masks of 1s and 0s in this dtype, carrying no gradient ----

    public Tensor gt(Tensor other) {
        return compare(BinaryOp.GT, other);
    }

    public Tensor gt(double s) {
        return compare(BinaryOp.GT, constant(s));
    }

    public Tensor ge(Tensor other) {
        return compare(BinaryOp.GE, other);
    }

    public Tensor lt(Tensor other) {
        return compare(BinaryOp.LT, other);
    }

    public Tensor lt(double s) {
        return compare(BinaryOp.LT, constant(s));
    }

    public Tensor le(Tensor other) {
        return compare(BinaryOp.LE, other);
    }

    public Tensor eq(Tensor other) {
        return compare(BinaryOp.EQ, other);
    }

    public Tensor ne(Tensor other) {
        return compare(BinaryOp.NE, other);
    }

    private Tensor compare(BinaryOp op, Tensor other) {
        return of(Elementwise.binary(op, data(), other.data()));
    }

    private Tensor constant(double s) {
        return scalar(s, dtype());
    }

    /** PyTorch-style: {@code tensor([1.0000, 2.0000], grad_fn=<MulBackward>)}. */
    @Override
    public String toString() {
        String values = released ? "released" : data.toString();
        String suffix = gradFn != null ? ", grad_fn=" + gradFn : requiresGrad ? ", requires_grad=true" : "";
        String dt = dtype() == DType.FLOAT32 ? "" : ", dtype=" + dtype();
        return "tensor(" + values + dt + suffix + ")";
    }
}

package org.jgrad.autograd;

import java.util.List;
import org.jgrad.core.NDArray;

/**
 * One recorded operation in the graph: what PyTorch shows as a tensor's {@code grad_fn}.
 *
 * <p>An op is one small subclass holding its forward computation (a static {@code apply}) beside its backward rule
 * ({@link #backward}), so that the two read together as the chain rule:
 *
 * <pre>{@code
 * public final class Mul extends Function {
 *     public static Tensor apply(Tensor x, Tensor y) {          // z = x * y
 *         Mul f = new Mul();
 *         f.save(x.data(), y.data());
 *         return f.output(Elementwise.mul(x.data(), y.data()), x, y);
 *     }
 *     protected NDArray[] backward(NDArray dz) {             // dz/dx = y, dz/dy = x
 *         return grads(Elementwise.mul(dz, saved(1)), Elementwise.mul(dz, saved(0)));
 *     }
 * }
 * }</pre>
 *
 * Gradients returned by {@link #backward} may have the broadcast shape of the output; the engine sums them back to
 * each input's shape. Rules are written on {@link NDArray}s, so one rule serves every dtype.
 */
public abstract class Function {
    private Tensor[] inputs = new Tensor[0];
    private NDArray[] saved;
    private boolean released;
    private NDArray result;

    protected Function() {
    }

    /**
     * Wraps a forward result. When grad mode is on and any input requires grad, the result records this function
     * as its {@code gradFn}; otherwise it is a plain tensor and nothing is kept.
     */
    protected final Tensor output(NDArray data, Tensor... inputs) {
        boolean record = false;
        for (Tensor t : inputs) {
            record |= t.requiresGrad();
        }
        if (!record || !GradMode.isEnabled()) {
            saved = null;
            return new Tensor(data, false, null);
        }
        this.inputs = inputs;
        this.result = data;
        Tensor out = new Tensor(data, true, this);
        Anomaly.checkForward(this, out);
        return out;
    }

    /** Keeps arrays that {@link #backward} needs; freed after a backward pass unless the graph is retained. */
    protected final void save(NDArray... arrays) {
        this.saved = arrays;
    }

    /** Array {@code i} given to {@link #save}; throws once the graph has been freed by a backward pass. */
    protected final NDArray saved(int i) {
        if (released) {
            throw new IllegalStateException("Trying to backward through the graph a second time (or to read values "
                    + "saved by " + name() + " after they were freed). Saved values are freed when backward() "
                    + "runs; call backward(true) (retainGraph) the first time if you need to go backward through "
                    + "the graph again.");
        }
        return saved[i];
    }

    /** True when input {@code i} needs a gradient: rules skip the work for inputs that do not. */
    protected final boolean needsGrad(int i) {
        return inputs[i].requiresGrad();
    }

    /** Convenience for returning one gradient per input. */
    protected static NDArray[] grads(NDArray... perInput) {
        return perInput;
    }

    /**
     * The backward rule: given {@code dL/d(output)}, returns {@code dL/d(input_i)} for each input, or null for an
     * input that needs none.
     */
    protected abstract NDArray[] backward(NDArray gradOutput);

    /**
     * Whether every array {@link #backward} returns is newly allocated, a different one per input, and kept nowhere
     * else, so that the engine may make it a leaf's {@code grad} without copying it. False unless a rule says so.
     */
    protected boolean returnsFreshGradients() {
        return false;
    }

    /**
     * The chain-rule factor {@code d(output)/d(input)} written as a formula in the inputs' names, for
     * {@code Graph.explain}: for {@code u = b * c}, input 0 gives {@code "c"}.
     */
    public String localDerivative(int input) {
        return "d" + opName() + "/d(" + label(input) + ")";
    }

    /**
     * The same factor with the numbers of the forward pass filled in ({@code "2"} for {@code c = 2}), or null when
     * the formula has no names to replace. Only asked for one-element tensors.
     */
    public String localDerivativeValues(int input) {
        return null;
    }

    /**
     * The gradient of input {@code input} as a rule on shapes, given the upstream gradient's name: for
     * {@code Z = X @ W} and input 1, {@code "X^T @ dZ"}. Used by {@code Graph.explain} for tensors with more than
     * one element. The default is the elementwise chain rule {@code dZ * local}.
     */
    public String gradientRule(int input, String upstream) {
        return upstream + " * " + localDerivative(input);
    }

    /** How input {@code i} is written in formulas: its name, or its value if it is an unnamed one-element leaf. */
    protected final String label(int i) {
        Tensor t = inputs[i];
        if (t.name() != null) {
            // "1-a" inside a formula needs its parentheses: 1/(1-a)
            return t.name().matches(".*[-+*/ ].*") ? "(" + t.name() + ")" : t.name();
        }
        return t.size() == 1 ? Numbers.format(t.item()) : "x" + i;
    }

    /** The forward result (kept after backward frees the saved values: explanations read it). */
    protected final NDArray result() {
        return result;
    }

    /** The value of one-element input {@code i} as written in explanations. */
    protected final String valueOf(int i) {
        return Numbers.format(inputs[i].item());
    }

    /** The inputs this function was applied to, in order. */
    public final List<Tensor> inputs() {
        return List.of(inputs);
    }

    /** PyTorch-style name of the node: {@code MulBackward}. */
    public String name() {
        return getClass().getSimpleName() + "Backward";
    }

    /** The op's short name: {@code mul}. */
    public String opName() {
        String n = getClass().getSimpleName();
        return Character.toLowerCase(n.charAt(0)) + n.substring(1);
    }

    final void release() {
        saved = null;
        released = true;
    }

    final NDArray[] runBackward(NDArray gradOutput) {
        NDArray[] g = backward(gradOutput);
        Anomaly.checkBackward(this, g);
        return g;
    }

    @Override
    public String toString() {
        return "<" + name() + ">";
    }
}

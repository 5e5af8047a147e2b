package org.jgrad.autograd;

import java.util.List;
import org.jgrad.core.NDArray;

/**
 * One recorded operation in the graph: what PyTorch shows as a tensor's {@code grad_fn}.
 *
 * <p>An op is one small subclass holding its forward computation (a static {@code apply}), its backward rule
 * ({@link #backward}) and the rule's formula for {@code Graph.explain} ({@link #localDerivative}), so that the three
 * read together as the chain rule. The rule is written with {@link Tensor} operations, as PyTorch's
 * {@code derivatives.yaml} writes each formula on tensors:
 *
 * <pre>{@code
 * public final class Mul extends Function {
 *     public static Tensor apply(Tensor x, Tensor y) {               // z = x * y
 *         Mul f = new Mul();
 *         f.save(x, y);
 *         return f.output(Elementwise.mul(x.data(), y.data()), x, y);
 *     }
 *     protected Tensor[] backward(Tensor dz) {                       // dz/dx = y, dz/dy = x
 *         return grads(needsGrad(0) ? dz.mul(saved(1)) : null, needsGrad(1) ? dz.mul(saved(0)) : null);
 *     }
 *     public String localDerivative(int input) {                    // "c" for u = b * c
 *         return label(1 - input);
 *     }
 * }
 * }</pre>
 *
 * For an ordinary backward pass the engine runs the rule with grad mode off, so its tensor ops build nothing and cost
 * what array code would. With {@code createGraph} the engine runs it with grad mode on: the rule's ops are recorded
 * like any forward computation, and the gradient it returns can be differentiated again (Hessians, {@code hvp},
 * {@code gradgradcheck}). Gradients returned may have the broadcast shape of the output; the engine sums them back to
 * each input's shape with the recorded op {@link Tensor#sumTo}.
 *
 * <p>A fused op whose rule uses sums saved in the forward pass, rather than tensor ops on its inputs, says so with
 * {@link #onceDifferentiable()}: differentiating its gradient again raises an error naming it, never a wrong number
 * (PyTorch's {@code once_differentiable}).
 */
public abstract class Function {
    private static final Tensor[] NONE = {};

    private Tensor[] inputs = NONE;
    /** {@link #inputs()}, made when first asked for: the backward engine reads {@link #inputs} itself */
    private List<Tensor> inputList;
    private Tensor[] saved;
    private int[] savedVersions;
    private boolean released;
    private Tensor result;

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
        Tensor out = new Tensor(data, true, this);
        this.result = out;
        Anomaly.checkForward(this, out);
        return out;
    }

    /**
     * Keeps the tensors that {@link #backward} needs (inputs, or tensors computed from them with recorded ops, so
     * that the rule stays differentiable). Their arrays' version counters are noted: a change made in place before
     * backward is refused there, as in PyTorch. Freed after a backward pass unless the graph is retained.
     */
    protected final void save(Tensor... tensors) {
        if (!GradMode.isEnabled()) {
            return;   // nothing is recorded (an ordinary backward rule, or no-grad): nothing to keep
        }
        this.saved = tensors;
        this.savedVersions = new int[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            savedVersions[i] = tensors[i].data().version();
        }
    }

    /**
     * Tensor {@code i} given to {@link #save}.
     *
     * @throws IllegalStateException once the graph has been freed by a backward pass, or when the tensor's values
     *     were changed in place after it was saved
     */
    protected final Tensor saved(int i) {
        requireNotReleased();
        Tensor t = saved[i];
        int now = t.data().version();
        if (now != savedVersions[i]) {
            throw new IllegalStateException("one of the variables needed for gradient computation has been modified "
                    + "by an inplace operation: [" + t.dtype() + " " + t.shape() + "]"
                    + (t.name() != null ? " '" + t.name() + "'" : "") + ", which is input " + savedIndex(t)
                    + " of " + name() + ", is at version " + now + "; expected version " + savedVersions[i]
                    + " instead.");
        }
        return t;
    }

    private String savedIndex(Tensor t) {
        for (int k = 0; k < inputs.length; k++) {
            if (inputs[k] == t) {
                return String.valueOf(k);
            }
        }
        return "(a value saved for backward)";
    }

    /** The output tensor this function produced: rules such as {@code exp}'s {@code grad * result} use it. */
    protected final Tensor result() {
        return result;
    }

    /** True when input {@code i} needs a gradient: rules skip the work for inputs that do not. */
    protected final boolean needsGrad(int i) {
        return inputs[i].requiresGrad();
    }

    /**
     * An array to write input {@code i}'s gradient into, every element overwritten: the one its last
     * {@code zeroGrad()} freed, when input i needs a gradient and is a leaf, nothing else holds that array ({@link Tensor#gradForStep()})
     * and backward records no graph; else null, and the rule makes a new array as usual. For a rule whose gradient
     * is a large new array ({@link #returnsFreshGradients()}), such as a weight's {@code dY^T X}.
     */
    protected final NDArray spareGradient(int i) {
        return needsGrad(i) && inputs[i].isLeaf() && returnsFreshGradients() ? inputs[i].takeSpareGrad(false) : null;
    }

    /**
     * For a fused op that computes {@code leaf}'s gradient in its forward pass and returns it from its rule
     * ({@link #returnsSavedGradients()}): an array to write that gradient into, every element overwritten. The one
     * the leaf's last {@code zeroGrad()} freed, when {@code leaf} is a leaf that needs a gradient, grad mode records
     * the op and nothing else holds the array ({@link Tensor#gradForStep()}); else null, and the op makes a new one.
     */
    protected static NDArray spareGradientInForward(Tensor leaf) {
        return leaf.requiresGrad() && leaf.isLeaf() ? leaf.takeSpareGrad(true) : null;
    }

    /** Convenience for returning one gradient per input. */
    protected static Tensor[] grads(Tensor... perInput) {
        return perInput;
    }

    /**
     * The backward rule, written with tensor ops: given {@code dL/d(output)}, returns {@code dL/d(input_i)} for each
     * input, or null for an input that needs none.
     */
    protected abstract Tensor[] backward(Tensor gradOutput);

    /**
     * True for an op whose rule is not itself differentiable (a fused op that returns sums saved by its forward
     * pass). With {@code createGraph}, its gradients then carry a node that refuses to be differentiated.
     */
    protected boolean onceDifferentiable() {
        return false;
    }

    /**
     * Whether every tensor {@link #backward} returns has a newly allocated array, a different one per input, kept
     * nowhere else, so that the engine may make it a leaf's {@code grad} without copying it. Such a rule must not
     * keep its {@code gradOutput} either: when the engine made that gradient itself and nothing else saw it, it
     * gives the array back for reuse once the rule has run ({@link org.jgrad.core.ArrayPool}). False unless a rule
     * says so.
     */
    protected boolean returnsFreshGradients() {
        return false;
    }

    /**
     * Whether every tensor {@link #backward} returns is one this op saved in its forward pass and that nothing but
     * this function references, a different one per input: a fused op that computes its gradients with its forward
     * pass. When the pass frees the graph after the rule (no {@code retainGraph}), nothing else can see them any
     * more, and the engine may make them a leaf's {@code grad} without copying, as for
     * {@link #returnsFreshGradients()}; a retained graph keeps them, and the engine copies. False unless a rule says so.
     */
    protected boolean returnsSavedGradients() {
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
        String local = localDerivative(input);
        // "dL/dH * (1 - tanh(Z)^2)": a factor with an operator in it needs its parentheses
        return upstream + " * " + (local.matches(".*[-+ ].*") && !local.startsWith("[") ? "(" + local + ")" : local);
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

    /** The value of one-element input {@code i} as written in explanations. */
    protected final String valueOf(int i) {
        return Numbers.format(inputs[i].item());
    }

    /** The inputs this function was applied to, in order. */
    public final List<Tensor> inputs() {
        if (inputList == null) {
            inputList = List.of(inputs);
        }
        return inputList;
    }

    /** How many inputs this function was applied to (what {@code inputs().size()} is, without making the list). */
    final int inputCount() {
        return inputs.length;
    }

    /** Input {@code k} (what {@code inputs().get(k)} is, without making the list). */
    final Tensor input(int k) {
        return inputs[k];
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
        onRelease();
    }

    /**
     * Called once when a backward pass that does not retain the graph frees this node, after its rule has run: an op
     * gives back here what only it holds (max pooling, its arg-max indices). Does nothing by default.
     */
    protected void onRelease() {
    }

    /**
     * Throws if a backward pass has freed this node: for a rule that reads values of its own, not {@link #saved}
     * tensors, which check this themselves.
     *
     * @throws IllegalStateException once the graph has been freed by a backward pass
     */
    protected final void requireNotReleased() {
        if (released) {
            throw new IllegalStateException("Trying to backward through the graph a second time (or to read values "
                    + "saved by " + name() + " after they were freed). Saved values are freed when backward() "
                    + "runs; call backward(null, true, false) (retainGraph) the first time if you need to go backward through the graph "
                    + "again.");
        }
    }

    final Tensor[] runBackward(Tensor gradOutput) {
        Tensor[] g = backward(gradOutput);
        Anomaly.checkBackward(this, g);
        return g;
    }

    @Override
    public String toString() {
        return "<" + name() + ">";
    }
}

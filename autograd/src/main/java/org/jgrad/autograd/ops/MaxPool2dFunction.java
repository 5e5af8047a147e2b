package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.ArrayPool;
import org.jgrad.core.Pooling;
import org.jgrad.core.Shape;

/**
 * 2-D max pooling (PyTorch's {@code F.max_pool2d}, dilation 1, {@code ceil_mode=False}): x {@code (N, C, H, W)} to
 * y {@code (N, C, outH, outW)}, each y the largest x in its window (of equal values the first in row order; a NaN in
 * the window wins, as in PyTorch). The arg-max indices found by the forward pass are kept; the op is then the
 * linear map "read x at those indices", so
 *
 * <pre>
 *   dx = maxPool2dGrad(dy)      dy sent to the arg-max pixels, added where windows share one ({@link MaxPool2dGrad})
 * </pre>
 *
 * which is again an op whose rule reads at the same indices: second derivatives flow.
 *
 * <p>{@link #applyRelu} is the same op followed by a relu, in one ({@code y = max(maxPool2d(x), 0)}, the relu on
 * each group of outputs while they are in cache): equal, bit for bit, to {@code Relu.apply(apply(x, ...))}, with one
 * pass over the pooled map and one array fewer. Its rule is relu's and then pooling's:
 *
 * <pre>
 *   dz = dy [y > 0]              relu's rule ({@link ReluGrad}), the mask read from the output
 *   dx = maxPool2dGrad(dz)
 * </pre>
 */
public final class MaxPool2dFunction extends Function {
    private final int[] indices;
    private final Shape inputShape;
    /**
     * Whether this node alone holds the indices, so that it gives them back to the pool when freed: false for a
     * node made by {@link #takeAt} (a {@link MaxPool2dGrad}'s, which keeps them), and once a backward pass that
     * records a graph has made a {@link MaxPool2dGrad} with them.
     */
    private boolean owns;
    /** Whether a relu follows the pooling in this op ({@link #applyRelu}). */
    private final boolean relu;

    private MaxPool2dFunction(int[] indices, Shape inputShape, boolean owns, boolean relu) {
        this.indices = indices;
        this.inputShape = inputShape;
        this.owns = owns;
        this.relu = relu;
    }

    /** Max pooling of {@code x} with {@code (h, w)} pairs of kernel, stride and padding. */
    public static Tensor apply(Tensor x, int[] kernel, int[] stride, int[] padding) {
        Pooling.MaxResult r = Pooling.maxPool2d(x.data(), kernel, stride, padding);
        return new MaxPool2dFunction(r.indices(), x.shape(), true, false).output(r.output(), x);
    }

    /** {@code max(maxPool2d(x), 0)} in one op: the pooling of {@link #apply}, then a relu of its outputs. */
    public static Tensor applyRelu(Tensor x, int[] kernel, int[] stride, int[] padding) {
        Pooling.MaxResult r = Pooling.maxPool2d(x.data(), kernel, stride, padding, true);
        MaxPool2dFunction f = new MaxPool2dFunction(r.indices(), x.shape(), true, true);
        Tensor y = f.output(r.output(), x);
        if (y.requiresGrad()) {
            f.save(y);   // relu's mask; changing the output in place before backward is refused
        }
        return y;
    }

    /** {@code x} read at {@code indices} (flat, into x), shaped {@code shape}: the same map with given indices. */
    static Tensor takeAt(Tensor x, int[] indices, Shape shape) {
        return new MaxPool2dFunction(indices, x.shape(), false, false)
                .output(Pooling.takeAt(x.data(), indices, shape), x);
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        requireNotReleased();   // the indices may be another step's by now
        Tensor dz = relu ? ReluGrad.apply(dy, saved(0)) : dy;
        Tensor dx = MaxPool2dGrad.apply(dz, indices, inputShape);
        if (dx.gradFn() != null) {
            owns = false;   // the gradient's node reads the indices in its own rule
        }
        if (relu && !dz.requiresGrad()) {
            // no graph recorded: nothing holds relu's gradient but this rule (as LinearRelu's dZ)
            ArrayPool.recycle(dz.data());
        }
        return grads(dx);
    }

    /**
     * The indices go back to {@link ArrayPool} when this node alone held them: the next step's pooling takes them
     * instead of a new array (the cnn: 1.2 MB a batch that the JVM zeroed).
     */
    @Override
    protected void onRelease() {
        if (owns) {
            owns = false;
            ArrayPool.recycle(indices);
        }
    }

    @Override
    protected boolean returnsFreshGradients() {
        return true;
    }

    @Override
    public String localDerivative(int input) {
        return "[" + label(0) + " is its window's max]" + (relu ? " [Y > 0]" : "");
    }

    @Override
    public String gradientRule(int input, String upstream) {
        return (relu ? "(" + upstream + " * [Y > 0])" : upstream) + " sent to each window's arg-max";
    }

    @Override
    public String opName() {
        return relu ? "maxPool2dRelu" : "maxPool2d";
    }

    /** The arg-max of each output, as flat indices into the input (not a copy). */
    int[] indices() {
        return indices;
    }
}

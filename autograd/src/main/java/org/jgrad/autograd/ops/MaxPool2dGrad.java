package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.Pooling;
import org.jgrad.core.Shape;

/**
 * Max pooling's gradient as an op: {@code dx[indices[i]] += dy[i]}, dy of the pooled shape, dx of the input's. It is
 * linear in dy, and its adjoint reads at the same indices: with {@code g} of dx's shape, {@code d/d(dy) = g at the
 * arg-max indices} ({@link MaxPool2dFunction} with those indices).
 */
public final class MaxPool2dGrad extends Function {
    private final int[] indices;
    private final Shape outputShape;

    private MaxPool2dGrad(int[] indices, Shape outputShape) {
        this.indices = indices;
        this.outputShape = outputShape;
    }

    /** The input gradient of a max pooling with arg-max {@code indices} over an input of {@code inputShape}. */
    public static Tensor apply(Tensor dy, int[] indices, Shape inputShape) {
        return new MaxPool2dGrad(indices, dy.shape()).output(Pooling.maxPool2dBackward(dy.data(), indices,
                inputShape), dy);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        requireNotReleased();   // as MaxPool2dFunction: no second pass through a freed node
        return grads(MaxPool2dFunction.takeAt(g, indices, outputShape));
    }

    @Override
    public String gradientRule(int input, String upstream) {
        return upstream + " read at each window's arg-max";
    }

    @Override
    public String opName() {
        return "maxPool2dGrad";
    }
}

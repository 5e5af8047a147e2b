package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
import org.jgrad.core.Pooling;
import org.jgrad.core.Shape;

/**
 * 2-D average pooling (PyTorch's {@code F.avg_pool2d} with {@code count_include_pad=True}, {@code ceil_mode=False}):
 * each output is the sum of its window divided by {@code kH kW}. It is linear:
 *
 * <pre>
 *   dx = avgPool2dGrad(dy)      each pixel gets dy / (kH kW) from every window it lies in ({@link AvgPool2dGrad})
 * </pre>
 */
public final class AvgPool2dFunction extends Function {
    private final PoolWindow window;
    private final Shape inputShape;

    private AvgPool2dFunction(PoolWindow window, Shape inputShape) {
        this.window = window;
        this.inputShape = inputShape;
    }

    /** Average pooling of {@code x} with {@code (h, w)} pairs of kernel, stride and padding. */
    public static Tensor apply(Tensor x, int[] kernel, int[] stride, int[] padding) {
        return apply(x, new PoolWindow(kernel, stride, padding));
    }

    static Tensor apply(Tensor x, PoolWindow w) {
        NDArray y = Pooling.avgPool2d(x.data(), w.kernel(), w.stride(), w.padding());
        return new AvgPool2dFunction(w, x.shape()).output(y, x);
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        return grads(AvgPool2dGrad.apply(dy, inputShape, window));
    }

    @Override
    public String gradientRule(int input, String upstream) {
        return upstream + " / " + window.area() + " spread over each window";
    }

    @Override
    public String opName() {
        return "avgPool2d";
    }
}

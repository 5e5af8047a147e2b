package org.jgrad.autograd.ops;

/**
 * Stride, padding and dilation of a 2-D convolution, each an {@code (h, w)} pair (PyTorch's {@code conv2d}
 * arguments; groups are 1).
 *
 * <pre>{@code
 * Conv2dOptions o = Conv2dOptions.of(1, 2, 1);   // stride 1, padding 2, dilation 1 in both directions
 * }</pre>
 */
public record Conv2dOptions(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW) {
    /** The same value for height and width. */
    public static Conv2dOptions of(int stride, int padding, int dilation) {
        return new Conv2dOptions(stride, stride, padding, padding, dilation, dilation);
    }

    public int[] stride() {
        return new int[] {strideH, strideW};
    }

    public int[] padding() {
        return new int[] {padH, padW};
    }

    public int[] dilation() {
        return new int[] {dilationH, dilationW};
    }

    @Override
    public String toString() {
        return "stride (" + strideH + ", " + strideW + "), padding (" + padH + ", " + padW + "), dilation ("
                + dilationH + ", " + dilationW + ")";
    }
}

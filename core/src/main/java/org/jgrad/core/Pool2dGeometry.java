package org.jgrad.core;

/**
 * The sizes of one 2-D pooling over {@code (batch, channels, height, width)}: windows of {@code kernelH x kernelW},
 * moved by the stride, over the input padded by {@code padH}, {@code padW} on each side (PyTorch's
 * {@code max_pool2d} / {@code avg_pool2d} with dilation 1 and {@code ceil_mode=False}):
 * {@code outH = floor((height + 2 padH - kernelH) / strideH) + 1}, the same for the width. Window {@code (oh, ow)}
 * covers input rows {@code oh strideH - padH} up to {@code + kernelH - 1}, clipped to the input.
 */
public record Pool2dGeometry(int batch, int channels, int height, int width, int kernelH, int kernelW, int strideH,
        int strideW, int padH, int padW) {

    public Pool2dGeometry {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("pool2d: expected kernel >= 1, stride >= 1 and padding >= 0, got kernel "
                    + "(" + kernelH + ", " + kernelW + "), stride (" + strideH + ", " + strideW + "), padding (" + padH
                    + ", " + padW + ")");
        }
        if (2 * padH > kernelH || 2 * padW > kernelW) {
            // PyTorch's rule: a window that lay wholly in the padding would have no maximum
            throw new IllegalArgumentException("pool2d: padding (" + padH + ", " + padW + ") should be at most half of "
                    + "the kernel (" + kernelH + ", " + kernelW + ")");
        }
        if (height + 2 * padH < kernelH || width + 2 * padW < kernelW) {
            throw new IllegalArgumentException("pool2d: the kernel (" + kernelH + "x" + kernelW + ") is larger than "
                    + "the padded input (" + (height + 2 * padH) + "x" + (width + 2 * padW) + ")");
        }
    }

    /**
     * The geometry of pooling {@code x (N, C, H, W)} with {@code kernel}, {@code stride} and {@code padding} as
     * {@code (h, w)} pairs.
     */
    public static Pool2dGeometry of(Shape x, int[] kernel, int[] stride, int[] padding) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("pool2d: expected input (N, C, H, W), got " + x);
        }
        Conv2dGeometry.requirePair("pool2d", "kernel", kernel);
        Conv2dGeometry.requirePair("pool2d", "stride", stride);
        Conv2dGeometry.requirePair("pool2d", "padding", padding);
        return new Pool2dGeometry(x.dim(0), x.dim(1), x.dim(2), x.dim(3), kernel[0], kernel[1], stride[0], stride[1],
                padding[0], padding[1]);
    }

    public int outH() {
        return (height + 2 * padH - kernelH) / strideH + 1;
    }

    public int outW() {
        return (width + 2 * padW - kernelW) / strideW + 1;
    }

    public Shape inputShape() {
        return Shape.of(batch, channels, height, width);
    }

    public Shape outputShape() {
        return Shape.of(batch, channels, outH(), outW());
    }
}

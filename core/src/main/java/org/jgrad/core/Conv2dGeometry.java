package org.jgrad.core;

/**
 * The sizes of one 2-D convolution over a batch in N, C, H, W layout: input {@code (batch, inChannels, height,
 * width)}, weight {@code (outChannels, inChannels, kernelH, kernelW)}, output {@code (batch, outChannels, outH,
 * outW)} with, as in PyTorch,
 *
 * <pre>
 * outH = floor((height + 2 padH - dilationH (kernelH - 1) - 1) / strideH) + 1
 * </pre>
 *
 * and the same for the width. Output pixel {@code (oh, ow)} reads input pixel {@code (oh strideH - padH + i
 * dilationH, ow strideW - padW + j dilationW)} for kernel tap {@code (i, j)}; taps outside the input read zero.
 */
public record Conv2dGeometry(int batch, int inChannels, int height, int width, int outChannels, int kernelH,
        int kernelW, int strideH, int strideW, int padH, int padW, int dilationH, int dilationW) {

    public Conv2dGeometry {
        if (strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("conv2d: expected stride >= 1, dilation >= 1 and padding >= 0, got "
                    + "stride (" + strideH + ", " + strideW + "), padding (" + padH + ", " + padW + "), dilation ("
                    + dilationH + ", " + dilationW + ")");
        }
        if (outH(height, kernelH, strideH, padH, dilationH) < 1 || outW(width, kernelW, strideW, padW, dilationW) < 1) {
            throw new IllegalArgumentException("conv2d: the kernel (" + kernelH + "x" + kernelW + ", dilation ("
                    + dilationH + ", " + dilationW + ")) is larger than the padded input (" + (height + 2 * padH) + "x"
                    + (width + 2 * padW) + ")");
        }
    }

    /**
     * The geometry of {@code conv2d(x, w)} with {@code stride}, {@code padding} and {@code dilation} given as
     * {@code (h, w)} pairs.
     *
     * @throws IllegalArgumentException naming the shapes when x is not 4-D, w not 4-D, or their channels differ
     */
    public static Conv2dGeometry of(Shape x, Shape w, int[] stride, int[] padding, int[] dilation) {
        if (x.rank() != 4 || w.rank() != 4) {
            throw new IllegalArgumentException("conv2d: expected input (N, C, H, W) and weight (C_out, C, kH, kW), "
                    + "got input " + x + " and weight " + w);
        }
        if (x.dim(1) != w.dim(1)) {
            throw new IllegalArgumentException("conv2d: input " + x + " has " + x.dim(1) + " channels, but weight " + w
                    + " expects " + w.dim(1));
        }
        requirePair("conv2d", "stride", stride);
        requirePair("conv2d", "padding", padding);
        requirePair("conv2d", "dilation", dilation);
        return new Conv2dGeometry(x.dim(0), x.dim(1), x.dim(2), x.dim(3), w.dim(0), w.dim(2), w.dim(3), stride[0],
                stride[1], padding[0], padding[1], dilation[0], dilation[1]);
    }

    static void requirePair(String op, String what, int[] pair) {
        if (pair.length != 2) {
            throw new IllegalArgumentException(op + ": " + what + " needs two values (h, w), got " + pair.length);
        }
    }

    private static int outH(int size, int kernel, int stride, int pad, int dilation) {
        return Math.floorDiv(size + 2 * pad - dilation * (kernel - 1) - 1, stride) + 1;
    }

    private static int outW(int size, int kernel, int stride, int pad, int dilation) {
        return outH(size, kernel, stride, pad, dilation);
    }

    /** Output height. */
    public int outH() {
        return outH(height, kernelH, strideH, padH, dilationH);
    }

    /** Output width. */
    public int outW() {
        return outW(width, kernelW, strideW, padW, dilationW);
    }

    /** Rows of one image's column matrix: {@code inChannels kernelH kernelW}. */
    public int patch() {
        return inChannels * kernelH * kernelW;
    }

    /** Output pixels per channel: {@code outH outW}. */
    public int pixels() {
        return outH() * outW();
    }

    public Shape inputShape() {
        return Shape.of(batch, inChannels, height, width);
    }

    public Shape weightShape() {
        return Shape.of(outChannels, inChannels, kernelH, kernelW);
    }

    public Shape outputShape() {
        return Shape.of(batch, outChannels, outH(), outW());
    }

    /**
     * About how many columns one product of a convolution spans (see {@link #groupSize}); the system property
     * {@code jgrad.convColumns} overrides it for tuning (it changes how dW's sums are grouped, not their width
     * independence). 400 measured as fast as 800 or 1,600 and faster on a loaded machine, whose caches other
     * processes share.
     */
    static final int PRODUCT_COLUMNS = Integer.getInteger("jgrad.convColumns", 400);

    /**
     * Images unfolded side by side into one column matrix, so that one product covers about
     * {@link #PRODUCT_COLUMNS} output pixels: 4 of the benchmark's 14 x 14 maps (784 columns, 1.2 MB of columns for
     * 400 patch rows, about the size of a core's L2), 1 of its 28 x 28 ones. Fixed by the geometry alone, never by the
     * vector width, because the weight gradient's sums follow the groups.
     */
    public int groupSize() {
        return Math.max(1, Math.min(batch, PRODUCT_COLUMNS / pixels()));
    }

    /** Multiply-adds times two of the forward pass (each of dX and dW costs the same). */
    public long flops() {
        return 2L * batch * outChannels * pixels() * patch();
    }
}

package org.jgrad.core.kernels;

/**
 * The float32 kernels of convolution and pooling on images that are not matrix products: a direct correlation for
 * patches too shallow for the gemm, the column matrix's runs, and 2 x 2 max pooling. Chosen with {@link Kernels}:
 * {@link #get()} is the vector implementation when {@link Kernels#get()} is, at the same width, and the scalar one
 * otherwise. Both give the same bits at every width.
 */
public interface ImageKernels {
    /** Floats an array must hold past the last one a kernel here is asked to read or write (see each method). */
    int SLACK = 64;

    /** The implementation matching {@link Kernels#get()}. */
    static ImageKernels get() {
        return ImageKernelsHolder.INSTANCE;
    }

    /**
     * Runs one after the other: {@code d[dOff + r n + t] = s[sOff + r sStep + t]} for {@code r < rows},
     * {@code t < n}. The vector kernels store whole vectors: up to {@link #SLACK}
     * floats after {@code d[dOff + rows n - 1]} may be overwritten with junk, so the caller writes its runs in
     * increasing order of address (each later run overwrites the junk of the one before) and gives d that slack.
     *
     * @throws IllegalArgumentException when d is shorter than {@code dOff + rows n + SLACK}
     */
    void copyRuns(float[] s, int sOff, int sStep, float[] d, int dOff, int rows, int n);

    /**
     * A block sum, folding a column matrix's runs back into an image: {@code d[dOff + r dStep + t] += s[sOff + r sStep
     * + t]} for {@code r < rows}, {@code t < n}. Nothing outside the block is written (masked vector tails).
     */
    void addBlock(float[] s, int sOff, int sStep, float[] d, int dOff, int dStep, int rows, int n);

    /**
     * A direct correlation with stride 1 along the width, for every output row {@code oh < outH}, column
     * {@code t < outW} and output channel {@code o < co}:
     *
     * <pre>
     * y[yOff + (o outH + oh) outW + t] = chain(q &lt; p: w[o p + q] x[xOff + oh rowStep + taps[q] + t]) + bias[o]
     * </pre>
     *
     * where {@code chain} is one fma chain from 0 in order of q (the order of {@link Kernels#gemmTile} over one depth
     * block), then one float add of the bias. {@code taps[q]} is tap q's offset in the image (channel, kernel row and
     * column), {@code rowStep} the offset between output rows. The vector kernels read whole vectors from x: x must
     * hold {@link #SLACK} floats past the last one read.
     *
     * @throws IllegalArgumentException when x lacks that slack
     */
    void correlate(float[] x, int xOff, int rowStep, int[] taps, int p, float[] w, float[] bias, int co, float[] y,
            int yOff, int outH, int outW);

    /**
     * 2 x 2 max pooling with stride 2 of planes {@code [from, to)} of {@code x}, each {@code height x width}, into
     * planes of {@code outH x outW} ({@code outH = height / 2}, {@code outW = width / 2}): each output is the
     * largest of its window ({@code Math.max}, so a NaN wins), and {@code indices} gets the flat index into x of the
     * first value in row order equal to it; when the maximum is NaN, of the last NaN (PyTorch's CPU scan).
     */
    void maxPool2x2(float[] x, float[] y, int[] indices, int height, int width, int from, int to);
}

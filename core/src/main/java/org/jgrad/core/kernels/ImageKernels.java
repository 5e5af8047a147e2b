package org.jgrad.core.kernels;

/**
 * The float32 kernels of convolution and pooling on images other than the packed gemm: a direct correlation for
 * patches too shallow for the gemm, the column matrix's runs, Winograd's tile transforms and their small products,
 * and 2 x 2 max pooling. Chosen with {@link Kernels}:
 * {@link #get()} is the vector implementation when {@link Kernels#get()} is, at the same width, and the scalar one
 * otherwise. Both give the same bits at every width.
 */
public interface ImageKernels {
    /** Floats an array must hold past the last one a kernel here is asked to read or write (see each method). */
    int SLACK = 64;

    /**
     * Rows of one fma chain in {@link #tileGradients}: chains over two images' 98 tiles of the benchmark's second
     * layer lost 2.5 times the accuracy in dW (1.6e-5 of its largest value against 6.5e-6) that chains of one
     * image's 49 had.
     */
    int GRADIENT_BLOCK = 32;

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
     * Transposed blocks, {@code count} of them, as Winograd's tiles need their images channels last and give their
     * results back in planes: for {@code n < count}, {@code i < rows}, {@code j < cols},
     *
     * <pre>
     * dst[dOff + n dNext + j dStep + i] = src[sOff + n sNext + i sStep + j]   (+ bias[j], one float add, when bias is not null)
     * </pre>
     *
     * A copy: the bits of the values (NaNs, signed zeros) pass unchanged when bias is null. Exactly these elements
     * of dst are written; {@code scratch} holds {@code lanes()^2} floats.
     */
    void transpose(float[] src, int sOff, int sStep, int sNext, float[] dst, int dOff, int dStep, int dNext,
            int rows, int cols, int count, float[] bias, float[] scratch);

    /**
     * The input transform of Winograd's {@code F(2 x 2, 5 x 5)} (points 0, 1, -1, 2, -2 and infinity; {@code Winograd}
     * in org.jgrad.core): {@code out = B^T in B} for one 6 x 6 tile over {@code lanes} channels side by side, element
     * {@code (a, b)} of channel {@code c} at {@code in[inOff + a inRow + b inCol + c]}, element {@code (i, j)} of the
     * result at {@code out[outOff + i outRow + j outCol + c]}. Each row of the tile, then each column of the rows'
     * results, goes through the 1-D transform of six values {@code d0 .. d5}
     *
     * <pre>
     * r0 = fma(4, d0, fma(-5, d2, d4))          r3 = fma(2, d3 - d1, d4 - d2)
     * r1 = fma(4, d1 + d2, -(d3 + d4))          r4 = fma(-2, d3 - d1, d4 - d2)
     * r2 = fma(4, d2 - d1, d3 - d4)             r5 = fma(4, d1, fma(-5, d3, d5))
     * </pre>
     *
     * (the rows of {@code B^T = [4 0 -5 0 1 0; 0 4 4 -1 -1 0; 0 -4 4 1 -1 0; 0 -2 -1 2 1 0; 0 2 -1 -2 1 0; 0 4 0 -5 0
     * 1]}). {@code lanes} is a multiple of {@link #lanes()} (the caller pads its channels); {@code scratch} holds
     * {@code 36 lanes()} floats; {@code in} and {@code out} hold {@link #SLACK} floats past the last element touched.
     */
    void winogradInput(float[] in, int inOff, int inRow, int inCol, float[] out, int outOff, int outRow, int outCol,
            int lanes, float[] scratch);

    /**
     * The output transform, {@code out = A^T in A} from a 6 x 6 tile to 2 x 2, laid out as in {@link #winogradInput}:
     * rows, then columns, through the 1-D transform of {@code m0 .. m5} (the rows of {@code A^T = [1 1 1 1 1 0; 0 1
     * -1 2 -2 1]})
     *
     * <pre>
     * y0 = (m0 + s12) + s34,  y1 = fma(2, d34, d12) + m5       s12 = m1 + m2, d12 = m1 - m2, s34 = m3 + m4, d34 = m3 - m4
     * </pre>
     */
    void winogradOutput(float[] in, int inOff, int inRow, int inCol, float[] out, int outOff, int outRow, int outCol,
            int lanes, float[] scratch);

    /**
     * The output gradient's transform, {@code out = A in A^T} from a 2 x 2 tile to 6 x 6, laid out as in
     * {@link #winogradInput}: rows, then columns, through the 1-D transform of {@code e0, e1} (the rows of {@code A})
     *
     * <pre>
     * e0,  e0 + e1,  e0 - e1,  fma(2, e1, e0),  fma(-2, e1, e0),  e1
     * </pre>
     */
    void winogradGradient(float[] in, int inOff, int inRow, int inCol, float[] out, int outOff, int outRow,
            int outCol, int lanes, float[] scratch);

    /**
     * The input transform of Winograd's {@code F(4 x 4, 5 x 5)} (points 0, 1, -1, 2, -2, 1/2, -1/2 and infinity),
     * {@code out = B^T in B} for one 8 x 8 tile, laid out as in {@link #winogradInput}: rows, then columns, through
     * the 1-D transform of eight values {@code d0 .. d7}
     *
     * <pre>
     * r0 = fma(21/4, d4 - d2, d0 - d6)                      r7 = fma(21/4, d3 - d5, d7 - d1)
     * t1 = fma(-17/4, d4, d2 + d6), t2 = fma(-17/4, d3, d1 + d5):                    r1 = t1 + t2, r2 = t1 - t2
     * t3 = fma(1/4, d2, fma(-5/4, d4, d6)), t4 = fma(1/2, d1, fma(-5/2, d3, d5 + d5)): r3 = t3 + t4, r4 = t3 - t4
     * t5 = fma(4, d2, fma(-5, d4, d6)), t6 = fma(2, d1, fma(-5/2, d3, d5 * 1/2)):      r5 = t5 + t6, r6 = t5 - t6
     * </pre>
     *
     * (the rows of {@code B^T = [1 0 -21/4 0 21/4 0 -1 0; 0 1 1 -17/4 -17/4 1 1 0; 0 -1 1 17/4 -17/4 -1 1 0;
     * 0 1/2 1/4 -5/2 -5/4 2 1 0; 0 -1/2 1/4 5/2 -5/4 -2 1 0; 0 2 4 -5/2 -5 1/2 1 0; 0 -2 4 5/2 -5 -1/2 1 0;
     * 0 -1 0 21/4 0 -21/4 0 1]}). {@code scratch} holds {@code 64 lanes()} floats; otherwise as
     * {@link #winogradInput}.
     */
    void winogradInput8(float[] in, int inOff, int inRow, int inCol, float[] out, int outOff, int outRow, int outCol,
            int lanes, float[] scratch);

    /**
     * {@code F(4 x 4, 5 x 5)}'s output transform, {@code out = A^T in A} from an 8 x 8 tile to 4 x 4, laid out as in
     * {@link #winogradInput}: rows, then columns, through the 1-D transform of {@code m0 .. m7} (the rows of
     * {@code A^T = [1 1 1 1 1 1 1 0; 0 1 -1 2 -2 1/2 -1/2 0; 0 1 1 4 4 1/4 1/4 0; 0 1 -1 8 -8 1/8 -1/8 1]})
     *
     * <pre>
     * s12 = m1 + m2, d12 = m1 - m2, s34 = m3 + m4, d34 = m3 - m4, s56 = m5 + m6, d56 = m5 - m6
     * y0 = ((m0 + s12) + s34) + s56                  y1 = fma(2, d34, fma(1/2, d56, d12))
     * y2 = fma(4, s34, fma(1/4, s56, s12))           y3 = fma(8, d34, fma(1/8, d56, d12)) + m7
     * </pre>
     */
    void winogradOutput8(float[] in, int inOff, int inRow, int inCol, float[] out, int outOff, int outRow, int outCol,
            int lanes, float[] scratch);

    /**
     * {@code F(4 x 4, 5 x 5)}'s output-gradient transform, {@code out = A in A^T} from a 4 x 4 tile to 8 x 8, laid
     * out as in {@link #winogradInput}: rows, then columns, through the 1-D transform of {@code e0 .. e3} (the rows
     * of {@code A})
     *
     * <pre>
     * p = e0 + e2, q = e1 + e3, p2 = fma(4, e2, e0), q2 = fma(8, e3, e1 + e1), p3 = fma(1/4, e2, e0),
     * q3 = fma(1/8, e3, e1 * 1/2):   e0,  p + q,  p - q,  p2 + q2,  p2 - q2,  p3 + q3,  p3 - q3,  e3
     * </pre>
     */
    void winogradGradient8(float[] in, int inOff, int inRow, int inCol, float[] out, int outOff, int outRow,
            int outCol, int lanes, float[] scratch);

    /**
     * The products of a Winograd convolution, one per transform position {@code b < blocks}, for rows
     * {@code t < used} of each position's {@code rows}:
     *
     * <pre>
     * out[(b rows + t) cols + o] = chain over c &lt; depth of fma(v[tileIndex(b, t, c, rows, depth, block)], u[(b depth + c) cols + o], .)
     * </pre>
     *
     * from 0, for {@code o < cols}, a multiple of {@link #lanes()}. The arrays hold {@link #SLACK} floats past their
     * last element.
     */
    void tileProducts(float[] v, int block, float[] u, float[] out, int blocks, int rows, int used, int depth,
            int cols);

    /**
     * Where {@link #tileProducts} and {@link #tileGradients} find channel {@code c} of row t of position b in v:
     * each position holds its rows' channels in runs of {@code block}, first the first run of every row, then the
     * second, and so on. With {@code block} the vector width ({@link #lanes()}, which is what {@code Winograd}
     * passes), a product's rows lie one vector apart whatever the number of channels, a constant the compiler
     * folds into the kernel's addresses. With the rows a stride apart that only a register held, the eight or
     * sixteen row addresses took more registers than C2 had and it spilled them: the cnn's two products (depth 16 by
     * 32 columns, and 32 by 16, 64 positions of 32 rows) ran at 100-108 GFLOP/s one thread, against 134-139 laid
     * out in runs (a harness calling the kernel, 32 groups, alternating JVMs).
     */
    static int tileIndex(int b, int t, int c, int rows, int channels, int block) {
        return ((b * Math.ceilDiv(channels, block) + c / block) * rows + t) * block + c % block;
    }

    /**
     * The weight-gradient products of a Winograd convolution, summed over the rows {@code t < used} of each
     * position's {@code rows}:
     *
     * <pre>
     * out[(b left + c) cols + o] = sum over t &lt; used of v[tileIndex(b, t, c, rows, left, block)] d[(b rows + t) cols + o]
     * </pre>
     *
     * for {@code b < blocks}, {@code c < left}, {@code o < cols} (a multiple of {@link #lanes()}), as fma chains from
     * 0 over blocks of {@link #GRADIENT_BLOCK} rows, the blocks' results added left to right, to what out holds when
     * {@code add}. The arrays hold {@link #SLACK} floats past their last element.
     */
    void tileGradients(float[] v, int block, float[] d, float[] out, int blocks, int rows, int used, int left,
            int cols, boolean add);

    /**
     * The rows of a direct weight gradient (a convolution of stride 1 with few input channels, such as a net's first
     * layer): for {@code j < kw} and {@code x < width}, a multiple of {@code 2 lanes()}, continuing the chains that
     * {@code acc} holds,
     *
     * <pre>
     * acc[accOff + j width + x] = chain over r &lt; rows of fma(dy[dyOff + r dyStep + x], in[inOff + r inStep + x + j], .)
     * </pre>
     *
     * one fma chain per element in order of r, the same at every width. Both kernels read exactly the elements of
     * the formula (dy up to {@code dyOff + (rows - 1) dyStep + width - 1}), so dy's rows may overlap: the columns
     * past a row's real ones may read the next row, for chains the caller throws away.
     */
    void weightRows(float[] dy, int dyOff, int dyStep, float[] in, int inOff, int inStep, int rows, int kw,
            float[] acc, int accOff, int width);

    /**
     * {@link #weightRows} for every kernel row of one plane at once: for {@code r < kh}, the chains of kernel row r
     * at {@code acc[accOff + r kw width ..]} continue over dy's {@code outH} rows against the input rows from
     * {@code in[inOff + r inStep]} on, as {@code weightRows(dy, dyOff, dyStep, in, inOff + r inStep, inStep, outH,
     * kw, acc, accOff + r kw width, width)} would (the same chains, the same order).
     */
    default void weightPlane(float[] dy, int dyOff, int dyStep, float[] in, int inOff, int inStep, int outH, int kh,
            int kw, float[] acc, int accOff, int width) {
        for (int r = 0; r < kh; r++) {
            weightRows(dy, dyOff, dyStep, in, inOff + r * inStep, inStep, outH, kw, acc, accOff + r * kw * width,
                    width);
        }
    }

    /**
     * Floats in one vector of these kernels (1 for the scalar ones): the Winograd buffers pad their channels to a
     * multiple of it, so that the kernels above run whole vectors (the vector kernels throw on a partial one).
     */
    int lanes();

    /** The scalar implementation, whatever {@link #get()} is: the reference the vector kernels match bit for bit. */
    static ImageKernels scalar() {
        return new ScalarImageKernels();
    }

    /**
     * 2 x 2 max pooling with stride 2 of planes {@code [from, to)} of {@code x}, each {@code height x width}, into
     * planes of {@code outH x outW} ({@code outH = height / 2}, {@code outW = width / 2}): each output is the
     * largest of its window ({@code Math.max}, so a NaN wins), and {@code indices} gets the flat index into x of the
     * first value in row order equal to it; when the maximum is NaN, of the last NaN (PyTorch's CPU scan).
     */
    void maxPool2x2(float[] x, float[] y, int[] indices, int height, int width, int from, int to);

    /**
     * The gradient of {@link #maxPool2x2} for planes {@code [from, to)}, every element of those planes of dx
     * ({@code height x width}) overwritten: the pixel that {@code indices[o]} names inside window o gets
     * {@code 0f + dy[o]}, every other pixel {@code 0f}. That is what {@code dx[indices[o]] += dy[o]} leaves in planes of
     * zeros when every index lies in its own window (the windows do not overlap), in one pass over dx instead of a
     * zero fill and a scatter. Returns false when some index lies outside its window; the planes' values are then
     * unspecified, and the caller scatters.
     */
    boolean maxPool2x2Backward(float[] dy, int[] indices, float[] dx, int height, int width, int from, int to);
}

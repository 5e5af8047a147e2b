package org.jgrad.core.kernels;

/** {@link ImageKernels} as plain loops: the definitions the vector kernels follow bit for bit. */
final class ScalarImageKernels implements ImageKernels {
    @Override
    public void copyRuns(float[] s, int sOff, int sStep, float[] d, int dOff, int rows, int n) {
        requireSlack("copyRuns: d", d.length, dOff + rows * n);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(s, sOff + r * sStep, d, dOff + r * n, n);
        }
    }

    @Override
    public void addBlock(float[] s, int sOff, int sStep, float[] d, int dOff, int dStep, int rows, int n) {
        for (int r = 0; r < rows; r++) {
            int a = sOff + r * sStep;
            int b = dOff + r * dStep;
            for (int t = 0; t < n; t++) {
                d[b + t] += s[a + t];
            }
        }
    }

    @Override
    public void transpose(float[] src, int sOff, int sStep, int sNext, float[] dst, int dOff, int dStep, int dNext,
            int rows, int cols, int count, float[] bias, float[] scratch) {
        for (int n = 0; n < count; n++) {
            for (int i = 0; i < rows; i++) {
                int from = sOff + n * sNext + i * sStep;
                int to = dOff + n * dNext + i;
                for (int j = 0; j < cols; j++) {
                    dst[to + j * dStep] = bias == null ? src[from + j] : src[from + j] + bias[j];
                }
            }
        }
    }

    @Override
    public void correlate(float[] x, int xOff, int rowStep, int[] taps, int p, float[] w, float[] bias, int co,
            float[] y, int yOff, int outH, int outW) {
        requireSlack("correlate: x", x.length, lastRead(xOff, rowStep, taps, p, outH, outW));
        for (int o = 0; o < co; o++) {
            for (int oh = 0; oh < outH; oh++) {
                int row = xOff + oh * rowStep;
                int out = yOff + (o * outH + oh) * outW;
                for (int t = 0; t < outW; t++) {
                    float acc = 0f;
                    for (int q = 0; q < p; q++) {
                        acc = Math.fma(w[o * p + q], x[row + taps[q] + t], acc);
                    }
                    y[out + t] = acc + bias[o];
                }
            }
        }
    }

    @Override
    public void maxPool2x2(float[] x, float[] y, int[] indices, int height, int width, int from, int to) {
        int outH = height / 2;
        int outW = width / 2;
        for (int plane = from; plane < to; plane++) {
            for (int oh = 0; oh < outH; oh++) {
                int row = plane * height * width + 2 * oh * width;
                int out = (plane * outH + oh) * outW;
                for (int ow = 0; ow < outW; ow++) {
                    window(x, y, indices, row + 2 * ow, width, out + ow);
                }
            }
        }
    }

    @Override
    public boolean maxPool2x2Backward(float[] dy, int[] indices, float[] dx, int height, int width, int from,
            int to) {
        int outH = height / 2;
        int outW = width / 2;
        java.util.Arrays.fill(dx, from * height * width, to * height * width, 0f);
        for (int plane = from; plane < to; plane++) {
            for (int oh = 0; oh < outH; oh++) {
                int row = plane * height * width + 2 * oh * width;
                int out = (plane * outH + oh) * outW;
                for (int ow = 0; ow < outW; ow++) {
                    int at = indices[out + ow];
                    int off = at - (row + 2 * ow);
                    if (!inWindow(off, width)) {
                        return false;
                    }
                    dx[at] += dy[out + ow];
                }
            }
        }
        return true;
    }

    /**
     * Whether an arg-max index {@code off} places after its 2 x 2 window's top left pixel lies in that window: off is
     * 0 or 1 when {@code off >>> 1} is 0, width or width + 1 when {@code (off - width) >>> 1} is, so the window holds
     * it when their product (in long, which cannot overflow) is 0. One comparison, which the windows never fail: as
     * four {@code &&} tests they mispredicted on every window (0.77 against 0.20 ms for the cnn's second pooling), and
     * as four comparisons or-ed in a method of their own C2 made branches of them again (0.65).
     */
    private static boolean inWindow(int off, int width) {
        return (long) (off >>> 1) * ((off - width) >>> 1) == 0;
    }

    /**
     * Row pairs {@code [first, end)} of {@link #maxPool2x2Backward}'s planes of even height and width, pair p's
     * windows from {@code dy[p outW]} and their pixels from {@code dx[2 p width]} on: each window's four pixels
     * {@code 0f + g} or {@code 0f}. False when an index lies outside its window.
     */
    static boolean windowRows(float[] dy, int[] indices, float[] dx, int width, int first, int end) {
        int outW = width / 2;
        for (int p = first; p < end; p++) {
            int row = 2 * p * width;
            for (int ow = 0; ow < outW; ow++) {
                int o = p * outW + ow;
                float g = dy[o] + 0f;
                int at = row + 2 * ow;
                int off = indices[o] - at;
                if (!inWindow(off, width)) {
                    return false;
                }
                dx[at] = off == 0 ? g : 0f;
                dx[at + 1] = off == 1 ? g : 0f;
                dx[at + width] = off == width ? g : 0f;
                dx[at + width + 1] = off == width + 1 ? g : 0f;
            }
        }
        return true;
    }

    /**
     * One 2 x 2 window, top left at {@code x[i0]}: its max into {@code y[o]}, the index of the max into
     * {@code indices[o]}, the first in row order, or the last NaN where there is one (as a scan that takes each NaN
     * it meets).
     */
    static void window(float[] x, float[] y, int[] indices, int i0, int width, int o) {
        float v0 = x[i0];
        float v1 = x[i0 + 1];
        float v2 = x[i0 + width];
        float v3 = x[i0 + width + 1];
        float max = Math.max(Math.max(v0, v1), Math.max(v2, v3));
        // conditional moves, not a compare and branch per pixel, which mispredicts on real activations
        int best = i0 + width + 1;
        best = v2 == max ? i0 + width : best;
        best = v1 == max ? i0 + 1 : best;
        best = v0 == max ? i0 : best;
        if (max != max) {
            best = v3 != v3 ? i0 + width + 1 : v2 != v2 ? i0 + width : v1 != v1 ? i0 + 1 : i0;
        }
        y[o] = max;
        indices[o] = best;
    }

    @Override
    public void winogradInput(float[] in, int inOff, int inRow, int inCol, float[] out, int outOff, int outRow,
            int outCol, int lanes, float[] scratch) {
        separable(ScalarImageKernels::input6, 6, 6, in, inOff, inRow, inCol, out, outOff, outRow, outCol, lanes,
                scratch);
    }

    @Override
    public void winogradOutput(float[] in, int inOff, int inRow, int inCol, float[] out, int outOff, int outRow,
            int outCol, int lanes, float[] scratch) {
        separable(ScalarImageKernels::output6, 6, 2, in, inOff, inRow, inCol, out, outOff, outRow, outCol, lanes,
                scratch);
    }

    @Override
    public void winogradGradient(float[] in, int inOff, int inRow, int inCol, float[] out, int outOff, int outRow,
            int outCol, int lanes, float[] scratch) {
        separable(ScalarImageKernels::gradient6, 2, 6, in, inOff, inRow, inCol, out, outOff, outRow, outCol, lanes,
                scratch);
    }

    @Override
    public void winogradInput8(float[] in, int inOff, int inRow, int inCol, float[] out, int outOff, int outRow,
            int outCol, int lanes, float[] scratch) {
        separable(ScalarImageKernels::input8, 8, 8, in, inOff, inRow, inCol, out, outOff, outRow, outCol, lanes,
                scratch);
    }

    @Override
    public void winogradOutput8(float[] in, int inOff, int inRow, int inCol, float[] out, int outOff, int outRow,
            int outCol, int lanes, float[] scratch) {
        separable(ScalarImageKernels::output8, 8, 4, in, inOff, inRow, inCol, out, outOff, outRow, outCol, lanes,
                scratch);
    }

    @Override
    public void winogradGradient8(float[] in, int inOff, int inRow, int inCol, float[] out, int outOff, int outRow,
            int outCol, int lanes, float[] scratch) {
        separable(ScalarImageKernels::gradient8, 4, 8, in, inOff, inRow, inCol, out, outOff, outRow, outCol, lanes,
                scratch);
    }

    /** A 1-D transform: {@code s[at + k step]} for the k of its input into {@code d[to + k dStep]}. */
    private interface Line {
        void apply(float[] s, int at, int step, float[] d, int to, int dStep);
    }

    /**
     * The Winograd kernels' two passes, channel by channel: {@code line} over each of the tile's {@code rows} rows
     * into scratch ({@code width} values a row), then over each of scratch's {@code width} columns into out.
     */
    private static void separable(Line line, int rows, int width, float[] in, int inOff, int inRow, int inCol,
            float[] out, int outOff, int outRow, int outCol, int lanes, float[] scratch) {
        for (int c = 0; c < lanes; c++) {
            for (int a = 0; a < rows; a++) {
                line.apply(in, inOff + a * inRow + c, inCol, scratch, a * width, 1);
            }
            for (int j = 0; j < width; j++) {
                line.apply(scratch, j, width, out, outOff + j * outCol + c, outRow);
            }
        }
    }

    /** The 1-D transform of {@link #winogradInput8}: {@code s[at + k step]} for k < 8 into {@code d[to + k dStep]}. */
    private static void input8(float[] s, int at, int step, float[] d, int to, int dStep) {
        float d0 = s[at];
        float d1 = s[at + step];
        float d2 = s[at + 2 * step];
        float d3 = s[at + 3 * step];
        float d4 = s[at + 4 * step];
        float d5 = s[at + 5 * step];
        float d6 = s[at + 6 * step];
        float d7 = s[at + 7 * step];
        d[to] = Math.fma(5.25f, d4 - d2, d0 - d6);
        float t1 = Math.fma(-4.25f, d4, d2 + d6);
        float t2 = Math.fma(-4.25f, d3, d1 + d5);
        d[to + dStep] = t1 + t2;
        d[to + 2 * dStep] = t1 - t2;
        float t3 = Math.fma(0.25f, d2, Math.fma(-1.25f, d4, d6));
        float t4 = Math.fma(0.5f, d1, Math.fma(-2.5f, d3, d5 + d5));
        d[to + 3 * dStep] = t3 + t4;
        d[to + 4 * dStep] = t3 - t4;
        float t5 = Math.fma(4f, d2, Math.fma(-5f, d4, d6));
        float t6 = Math.fma(2f, d1, Math.fma(-2.5f, d3, d5 * 0.5f));
        d[to + 5 * dStep] = t5 + t6;
        d[to + 6 * dStep] = t5 - t6;
        d[to + 7 * dStep] = Math.fma(5.25f, d3 - d5, d7 - d1);
    }

    /** The 1-D transform of {@link #winogradOutput8}: eight values into four. */
    private static void output8(float[] s, int at, int step, float[] d, int to, int dStep) {
        float m0 = s[at];
        float m1 = s[at + step];
        float m2 = s[at + 2 * step];
        float m3 = s[at + 3 * step];
        float m4 = s[at + 4 * step];
        float m5 = s[at + 5 * step];
        float m6 = s[at + 6 * step];
        float m7 = s[at + 7 * step];
        float s12 = m1 + m2;
        float d12 = m1 - m2;
        float s34 = m3 + m4;
        float d34 = m3 - m4;
        float s56 = m5 + m6;
        float d56 = m5 - m6;
        d[to] = ((m0 + s12) + s34) + s56;
        d[to + dStep] = Math.fma(2f, d34, Math.fma(0.5f, d56, d12));
        d[to + 2 * dStep] = Math.fma(4f, s34, Math.fma(0.25f, s56, s12));
        d[to + 3 * dStep] = Math.fma(8f, d34, Math.fma(0.125f, d56, d12)) + m7;
    }

    /** The 1-D transform of {@link #winogradGradient8}: four values into eight. */
    private static void gradient8(float[] s, int at, int step, float[] d, int to, int dStep) {
        float e0 = s[at];
        float e1 = s[at + step];
        float e2 = s[at + 2 * step];
        float e3 = s[at + 3 * step];
        float p = e0 + e2;
        float q = e1 + e3;
        float p2 = Math.fma(4f, e2, e0);
        float q2 = Math.fma(8f, e3, e1 + e1);
        float p3 = Math.fma(0.25f, e2, e0);
        float q3 = Math.fma(0.125f, e3, e1 * 0.5f);
        d[to] = e0;
        d[to + dStep] = p + q;
        d[to + 2 * dStep] = p - q;
        d[to + 3 * dStep] = p2 + q2;
        d[to + 4 * dStep] = p2 - q2;
        d[to + 5 * dStep] = p3 + q3;
        d[to + 6 * dStep] = p3 - q3;
        d[to + 7 * dStep] = e3;
    }

    /** The 1-D transform of {@link #winogradInput}: {@code s[at + k step]} for k < 6 into {@code d[to + k dStep]}. */
    private static void input6(float[] s, int at, int step, float[] d, int to, int dStep) {
        float d0 = s[at];
        float d1 = s[at + step];
        float d2 = s[at + 2 * step];
        float d3 = s[at + 3 * step];
        float d4 = s[at + 4 * step];
        float d5 = s[at + 5 * step];
        float d31 = d3 - d1;
        float d42 = d4 - d2;
        d[to] = Math.fma(4f, d0, Math.fma(-5f, d2, d4));
        d[to + dStep] = Math.fma(4f, d1 + d2, -(d3 + d4));
        d[to + 2 * dStep] = Math.fma(4f, d2 - d1, d3 - d4);
        d[to + 3 * dStep] = Math.fma(2f, d31, d42);
        d[to + 4 * dStep] = Math.fma(-2f, d31, d42);
        d[to + 5 * dStep] = Math.fma(4f, d1, Math.fma(-5f, d3, d5));
    }

    /** The 1-D transform of {@link #winogradOutput}: six values into two. */
    private static void output6(float[] s, int at, int step, float[] d, int to, int dStep) {
        float m0 = s[at];
        float m1 = s[at + step];
        float m2 = s[at + 2 * step];
        float m3 = s[at + 3 * step];
        float m4 = s[at + 4 * step];
        float m5 = s[at + 5 * step];
        d[to] = m0 + (m1 + m2) + (m3 + m4);
        d[to + dStep] = Math.fma(2f, m3 - m4, m1 - m2) + m5;
    }

    /** The 1-D transform of {@link #winogradGradient}: two values into six. */
    private static void gradient6(float[] s, int at, int step, float[] d, int to, int dStep) {
        float e0 = s[at];
        float e1 = s[at + step];
        d[to] = e0;
        d[to + dStep] = e0 + e1;
        d[to + 2 * dStep] = e0 - e1;
        d[to + 3 * dStep] = Math.fma(2f, e1, e0);
        d[to + 4 * dStep] = Math.fma(-2f, e1, e0);
        d[to + 5 * dStep] = e1;
    }

    @Override
    public void tileProducts(float[] v, int block, float[] u, float[] out, int blocks, int rows, int used, int depth,
            int cols) {
        for (int b = 0; b < blocks; b++) {
            for (int t = 0; t < used; t++) {
                for (int o = 0; o < cols; o++) {
                    float acc = 0f;
                    for (int c = 0; c < depth; c++) {
                        acc = Math.fma(v[ImageKernels.tileIndex(b, t, c, rows, depth, block)],
                                u[(b * depth + c) * cols + o], acc);
                    }
                    out[(b * rows + t) * cols + o] = acc;
                }
            }
        }
    }

    @Override
    public void weightRows(float[] dy, int dyOff, int dyStep, float[] in, int inOff, int inStep, int rows, int kw,
            float[] acc, int accOff, int width) {
        for (int j = 0; j < kw; j++) {
            for (int x = 0; x < width; x++) {
                float s = acc[accOff + j * width + x];
                for (int r = 0; r < rows; r++) {
                    s = Math.fma(dy[dyOff + r * dyStep + x], in[inOff + r * inStep + x + j], s);
                }
                acc[accOff + j * width + x] = s;
            }
        }
    }

    @Override
    public void tileGradients(float[] v, int block, float[] d, float[] out, int blocks, int rows, int used, int left,
            int cols, boolean add) {
        for (int b = 0; b < blocks; b++) {
            for (int c = 0; c < left; c++) {
                for (int o = 0; o < cols; o++) {
                    int at = (b * left + c) * cols + o;
                    for (int t0 = 0; t0 < used; t0 += GRADIENT_BLOCK) {
                        float acc = 0f;
                        for (int t = t0; t < Math.min(used, t0 + GRADIENT_BLOCK); t++) {
                            acc = Math.fma(v[ImageKernels.tileIndex(b, t, c, rows, left, block)],
                                    d[(b * rows + t) * cols + o], acc);
                        }
                        out[at] = add || t0 > 0 ? out[at] + acc : acc;
                    }
                }
            }
        }
    }

    @Override
    public int lanes() {
        return 1;
    }

    /** One past the last element {@link #correlate} reads (at t = outW - 1). */
    static int lastRead(int xOff, int rowStep, int[] taps, int p, int outH, int outW) {
        int far = 0;
        for (int q = 0; q < p; q++) {
            far = Math.max(far, taps[q]);
        }
        return xOff + (outH - 1) * rowStep + far + outW;
    }

    /** Throws unless an array of {@code length} holds {@link #SLACK} floats past {@code end}. */
    static void requireSlack(String what, int length, int end) {
        if (length < end + SLACK) {
            throw new IllegalArgumentException(what + ": expected at least " + (end + SLACK) + " floats (" + SLACK
                    + " past the last one used, " + end + "), got " + length);
        }
    }
}

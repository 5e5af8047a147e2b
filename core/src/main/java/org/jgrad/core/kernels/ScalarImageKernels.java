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
                    int i0 = row + 2 * ow;
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
                    y[out + ow] = max;
                    indices[out + ow] = best;
                }
            }
        }
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

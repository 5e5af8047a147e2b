package org.jgrad.core.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ImageKernels}, vector and scalar, at the width this JVM runs (the build repeats this class at 128, 256 and
 * 512 bits), against loops written here from the Javadoc formulas: the runs of a column matrix and their folding
 * back, the direct correlation (bit for bit against an fma chain in q order written here, and within float32
 * rounding of a float64 sum), and 2 x 2 max pooling (the maximum and the index of the first value equal to it, of
 * the last NaN when there is one). Destinations start as sentinels, so a write outside what a kernel may touch
 * shows. Lengths cross the vector lengths 4, 8 and 16 and twice them.
 */
class ImageKernelsTest {
    private static final float SENTINEL = -12345.5f;

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static float[] sentinels(int n) {
        float[] d = new float[n];
        Arrays.fill(d, SENTINEL);
        return d;
    }

    private static ImageKernels[] both() {
        return new ImageKernels[] {new VectorImageKernels(), new ScalarImageKernels()};
    }

    @ParameterizedTest(name = "rows {0} n {1}")
    @CsvSource({"1, 1", "3, 5", "14, 14", "2, 16", "5, 17", "4, 33", "7, 8", "28, 28"})
    void copyRunsWritesTheRunsAndNothingBeforeThemOrPastTheSlack(int rows, int n) {
        int sStep = n + 4;
        // the last run ends at the very end of s: a whole-vector read past it would throw
        float[] s = random(2 + (rows - 1) * sStep + n, 31L * rows + n);
        for (ImageKernels k : both()) {
            float[] d = sentinels(3 + rows * n + ImageKernels.SLACK + 5);
            k.copyRuns(s, 2, sStep, d, 3, rows, n);
            for (int i = 0; i < 3; i++) {
                assertThat(d[i]).as("before the block").isEqualTo(SENTINEL);
            }
            for (int r = 0; r < rows; r++) {
                for (int t = 0; t < n; t++) {
                    assertThat(d[3 + r * n + t]).as("%s run %d at %d", k.getClass().getSimpleName(), r, t)
                            .isEqualTo(s[2 + r * sStep + t]);
                }
            }
            for (int i = 3 + rows * n + ImageKernels.SLACK; i < d.length; i++) {
                assertThat(d[i]).as("past the slack").isEqualTo(SENTINEL);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"true", "false"})
    void copyRunsWithoutSlackIsRefused(boolean vector) {
        ImageKernels k = vector ? new VectorImageKernels() : new ScalarImageKernels();
        assertThatThrownBy(() -> k.copyRuns(new float[20], 0, 5, new float[20 + ImageKernels.SLACK - 1], 0, 4, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("copyRuns: d: expected at least 84 floats (64 past the last one used, 20), got 83");
    }

    @ParameterizedTest(name = "rows {0} n {1}")
    @CsvSource({"1, 1", "3, 5", "14, 14", "2, 16", "5, 17", "4, 33", "7, 8"})
    void addBlockAddsExactlyTheBlock(int rows, int n) {
        int sStep = n + 4;
        int dStep = n + 3;
        float[] s = random(2 + (rows - 1) * sStep + n, 31L * rows + n);
        for (ImageKernels k : both()) {
            float[] sum = random(1 + rows * dStep, 7);
            float[] expected = sum.clone();
            for (int r = 0; r < rows; r++) {
                for (int t = 0; t < n; t++) {
                    expected[1 + r * dStep + t] += s[2 + r * sStep + t];
                }
            }
            k.addBlock(s, 2, sStep, sum, 1, dStep, rows, n);
            assertThat(sum).as("%s addBlock", k.getClass().getSimpleName()).containsExactly(expected);
        }
    }

    /**
     * {@code count} blocks of {@code rows x cols} transposed, against the formula: the same bits where there is no
     * bias (a NaN with a payload and a negative zero pass unchanged), one float add where there is, and sentinels
     * everywhere else in dst. With {@code slack} false src ends at the last block's last element, so the vector
     * kernel's whole-block loads would leave it there (its scalar path); with slack they do not.
     */
    @ParameterizedTest(name = "rows {0} cols {1} count {2} slack {3}")
    @CsvSource({
        "16, 14, 14, true",   // the cnn's images channels last: 16 channels of 14-pixel rows
        "16, 14, 14, false",
        "14, 32, 14, true",   // its products back to planes: 14 pixels of 32 channels
        "14, 32, 14, false",
        "32, 14, 3, true",
        "3, 5, 2, false",
        "17, 17, 1, true",
        "8, 8, 2, true",
        "33, 31, 2, true",
        "1, 1, 1, false",
    })
    void transposeCopiesEachElementOnceAndNothingElse(int rows, int cols, int count, boolean slack) {
        int dStep = rows + 2;
        checkTranspose(rows, cols, count, slack, dStep, cols * dStep + 5);
    }

    /**
     * dst's rows end to end, as in an image plane ({@code dNext = rows}, a plane per column): a vector kernel may
     * store a row of fewer than L values as a whole vector whose extra lanes land on the next row, written later; the
     * last row, whose extra lanes would land past the plane, must not.
     */
    @ParameterizedTest(name = "rows {0} cols {1} count {2} slack {3}")
    @CsvSource({
        "14, 32, 14, true",   // the cnn's products back to planes: 14-pixel rows of 32 channels
        "14, 32, 14, false",
        "7, 16, 7, true",     // 7-pixel rows (the F(2 x 2) tiles' 7 x 7 maps): less than half of 16 lanes
        "8, 17, 3, true",     // exactly half of 16 lanes, a 17th column
        "5, 3, 4, true",
        "15, 2, 2, true",
    })
    void transposeIntoRowsEndToEnd(int rows, int cols, int count, boolean slack) {
        checkTranspose(rows, cols, count, slack, count * rows + 3, rows);
    }

    private static void checkTranspose(int rows, int cols, int count, boolean slack, int dStep, int dNext) {
        int sOff = 3;
        int sStep = cols + 3;
        int sNext = rows * sStep + 1;
        int dOff = 2;
        int last = sOff + (count - 1) * sNext + (rows - 1) * sStep + cols;
        float[] src = random(last + (slack ? 80 : 0), 17L * rows + cols);
        src[last - 1] = Float.intBitsToFloat(0x7fc01234);
        src[sOff] = -0f;
        float[] bias = random(cols, 5);
        for (ImageKernels k : both()) {
            for (boolean withBias : new boolean[] {false, true}) {
                float[] dst = sentinels(dOff + (count - 1) * dNext + (cols - 1) * dStep + rows + 9);
                float[] expected = dst.clone();
                for (int n = 0; n < count; n++) {
                    for (int i = 0; i < rows; i++) {
                        for (int j = 0; j < cols; j++) {
                            float value = src[sOff + n * sNext + i * sStep + j];
                            expected[dOff + n * dNext + j * dStep + i] = withBias ? value + bias[j] : value;
                        }
                    }
                }
                k.transpose(src, sOff, sStep, sNext, dst, dOff, dStep, dNext, rows, cols, count,
                        withBias ? bias : null, new float[k.lanes() * k.lanes()]);
                for (int e = 0; e < dst.length; e++) {
                    assertThat(Float.floatToRawIntBits(dst[e])).as("%s bias %s element %d",
                            k.getClass().getSimpleName(), withBias, e).isEqualTo(Float.floatToRawIntBits(expected[e]));
                }
            }
        }
    }

    /**
     * One image of {@code channels} planes {@code rows x pitch}, kernel {@code kh x kw} with dilation
     * {@code (dh, dw)}, output rows {@code stride} image rows apart: every output against the fma chain written here.
     */
    @ParameterizedTest(name = "C {0} {1}x{2} kernel {3}x{4} stride {5} dilation {6},{7} C_out {8}")
    @CsvSource({
        "1, 32, 32, 5, 5, 1, 1, 1, 16", // the benchmark's first layer on its zero-bordered 32 x 32 image
        "1, 5, 9, 5, 5, 1, 1, 1, 2",    // one output row of 5 columns (at 512 bits the rolling 5 x 5 path)
        "1, 8, 24, 5, 5, 1, 1, 1, 3",   // four output rows of 20 columns: a whole vector and a part at 512 bits
        "1, 12, 40, 5, 5, 1, 1, 1, 1",  // eight rows of 36 columns, one output channel
        "1, 13, 13, 5, 5, 1, 2, 1, 2",  // 5 x 5 with dilated rows: not the rolling path
        "1, 9, 9, 3, 3, 1, 1, 1, 3",    // 7 columns: less than one vector at 256 and 512 bits
        "1, 21, 21, 5, 5, 2, 1, 1, 5",  // 17 columns, output rows two image rows apart, 4 + 1 channels
        "1, 40, 37, 3, 5, 1, 2, 1, 7",  // 33 columns: more than twice 16, dilated rows
        "2, 8, 12, 2, 3, 1, 1, 2, 6",   // two input channels, dilated columns
        "1, 6, 5, 1, 1, 1, 1, 1, 1",    // a 1 x 1 kernel, one output channel
    })
    void correlateIsTheFmaChainOfTheDefinition(int channels, int rows, int pitch, int kh, int kw, int stride, int dh,
            int dw, int co) {
        int outW = pitch - (kw - 1) * dw;
        int outH = (rows - (kh - 1) * dh - 1) / stride + 1;
        int p = channels * kh * kw;
        int[] taps = new int[p];
        for (int c = 0, q = 0; c < channels; c++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++, q++) {
                    taps[q] = c * rows * pitch + i * dh * pitch + j * dw;
                }
            }
        }
        float[] x = random(2 + channels * rows * pitch + ImageKernels.SLACK, 5);
        float[] w = random(co * p, 6);
        float[] bias = random(co, 7);
        int size = co * outH * outW;
        float[] chain = new float[size];
        double[] exact = new double[size];
        for (int o = 0; o < co; o++) {
            for (int oh = 0; oh < outH; oh++) {
                for (int t = 0; t < outW; t++) {
                    float acc = 0f;
                    double sum = bias[o];
                    for (int q = 0; q < p; q++) {
                        float xv = x[2 + oh * stride * pitch + taps[q] + t];
                        acc = Math.fma(w[o * p + q], xv, acc);
                        sum += (double) w[o * p + q] * xv;
                    }
                    chain[(o * outH + oh) * outW + t] = acc + bias[o];
                    exact[(o * outH + oh) * outW + t] = sum;
                }
            }
        }
        for (ImageKernels k : both()) {
            float[] y = sentinels(1 + size + 3);
            k.correlate(x, 2, stride * pitch, taps, p, w, bias, co, y, 1, outH, outW);
            assertThat(y[0]).isEqualTo(SENTINEL);
            assertThat(Arrays.copyOfRange(y, 1 + size, y.length)).containsOnly(SENTINEL);
            for (int i = 0; i < size; i++) {
                assertThat(y[1 + i]).as("%s y[%d]", k.getClass().getSimpleName(), i).isEqualTo(chain[i]);
                assertThat((double) y[1 + i]).isCloseTo(exact[i], org.assertj.core.api.Assertions.within(1e-5 * p));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"true", "false"})
    void correlateWithoutSlackIsRefused(boolean vector) {
        ImageKernels k = vector ? new VectorImageKernels() : new ScalarImageKernels();
        // 3 rows of 4, a 1 x 1 kernel: the last read is element 11
        assertThatThrownBy(() -> k.correlate(new float[12 + ImageKernels.SLACK - 1], 0, 4, new int[] {0}, 1,
                new float[1], new float[1], 1, new float[12], 0, 3, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("correlate: x: expected at least 76 floats (64 past the last one used, 12), got 75");
    }

    /**
     * Planes {@code [1, planes - 1)} of {@code planes} of {@code height x width}, from values drawn from a few
     * levels so that windows hold ties (including -0 against +0), with a NaN in some windows and two in one, or
     * none (where a vector kernel takes a different path for a vector of windows with a NaN).
     */
    @ParameterizedTest(name = "{0} planes of {1}x{2}, NaNs {3}")
    @CsvSource({"3, 28, 28, true", "3, 14, 14, true", "4, 7, 9, true", "3, 2, 2, true", "3, 5, 66, true",
        "3, 3, 35, true", "3, 16, 17, true", "3, 28, 28, false", "3, 14, 14, false", "4, 7, 9, false",
        "3, 5, 66, false", "3, 16, 17, false"})
    void maxPool2x2TakesTheFirstMaximumAndTheLastNaN(int planes, int height, int width, boolean nans) {
        Random r = new Random(planes * 131L + height * 7L + width);
        float[] levels = {-1f, -0f, 0f, 0.5f, 2f};
        float[] x = new float[planes * height * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = levels[r.nextInt(levels.length)];
        }
        if (nans) {
            for (int i = 0; i < x.length / 9; i++) {
                x[r.nextInt(x.length)] = Float.NaN;
            }
            x[width * height + width] = Float.NaN;
            x[width * height + width + 1] = Float.NaN;
        }
        int outH = height / 2;
        int outW = width / 2;
        int size = planes * outH * outW;
        float[] expected = sentinels(size);
        int[] expectedIndex = new int[size];
        Arrays.fill(expectedIndex, -7);
        for (int plane = 1; plane < planes - 1; plane++) {
            for (int oh = 0; oh < outH; oh++) {
                for (int ow = 0; ow < outW; ow++) {
                    // PyTorch's scan: row by row, a value replaces the maximum when larger or NaN
                    int best = -1;
                    float max = Float.NEGATIVE_INFINITY;
                    for (int i = 0; i < 2; i++) {
                        for (int j = 0; j < 2; j++) {
                            int at = (plane * height + 2 * oh + i) * width + 2 * ow + j;
                            if (best < 0 || x[at] > max || Float.isNaN(x[at])) {
                                max = x[at];
                                best = at;
                            }
                        }
                    }
                    int out = (plane * outH + oh) * outW + ow;
                    expected[out] = max;
                    expectedIndex[out] = best;
                }
            }
        }
        for (ImageKernels k : both()) {
            float[] y = sentinels(size);
            int[] indices = new int[size];
            Arrays.fill(indices, -7);
            k.maxPool2x2(x, y, indices, height, width, 1, planes - 1);
            for (int i = 0; i < size; i++) {
                assertThat(indices[i]).as("%s index %d", k.getClass().getSimpleName(), i).isEqualTo(expectedIndex[i]);
                // + 0f: the sign of a zero maximum is not promised (Math.max(-0, +0) is +0, the scan keeps -0)
                assertThat(Float.floatToIntBits(y[i] + 0f)).as("%s y %d", k.getClass().getSimpleName(), i)
                        .isEqualTo(Float.floatToIntBits(expected[i] + 0f));
            }
        }
    }

    /**
     * maxPool2x2Backward against the scatter it replaces, written here: planes of zeros, then {@code dx[indices[o]] +=
     * dy[o]} window by window. Planes {@code [1, planes - 1)} of {@code planes}; the others keep their sentinels (no
     * store past the range, also where a whole vector's lanes would spill past it). The gradients include -0 (which
     * the scatter turns into +0), NaN and infinities, and the indices each of a window's four pixels.
     */
    @ParameterizedTest(name = "{0} planes of {1}x{2}")
    @CsvSource({"3, 28, 28", "3, 14, 14", "4, 7, 9", "3, 2, 2", "3, 5, 66", "3, 3, 35", "3, 16, 17", "3, 4, 64",
        "5, 6, 6", "3, 8, 40"})
    void maxPool2x2BackwardWritesWhatTheScatterLeaves(int planes, int height, int width) {
        Random r = new Random(planes * 17L + height * 5L + width);
        int outH = height / 2;
        int outW = width / 2;
        int size = planes * outH * outW;
        float[] dy = random(size, planes * 31L + width);
        float[] specials = {-0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f};
        for (int i = 0; i < size / 5; i++) {
            dy[r.nextInt(size)] = specials[r.nextInt(specials.length)];
        }
        int[] indices = new int[size];
        for (int plane = 0; plane < planes; plane++) {
            for (int oh = 0; oh < outH; oh++) {
                for (int ow = 0; ow < outW; ow++) {
                    int corner = (plane * height + 2 * oh) * width + 2 * ow;
                    int pick = r.nextInt(4);
                    indices[(plane * outH + oh) * outW + ow] = corner + pick / 2 * width + pick % 2;
                }
            }
        }
        int pixels = planes * height * width;
        float[] expected = sentinels(pixels);
        Arrays.fill(expected, height * width, (planes - 1) * height * width, 0f);
        for (int o = outH * outW; o < (planes - 1) * outH * outW; o++) {
            expected[indices[o]] += dy[o];
        }
        for (ImageKernels k : both()) {
            float[] dx = sentinels(pixels);
            assertThat(k.maxPool2x2Backward(dy, indices, dx, height, width, 1, planes - 1)).isTrue();
            for (int i = 0; i < pixels; i++) {
                assertThat(Float.floatToIntBits(dx[i])).as("%s dx %d", k.getClass().getSimpleName(), i)
                        .isEqualTo(Float.floatToIntBits(expected[i]));
            }
        }
    }

    /** An index outside its window (a pooling of 3 x 3 windows, or another plane's pixel): false, for the scatter. */
    @ParameterizedTest(name = "window {0}, offset {1}")
    @CsvSource({"0, -1", "5, 2", "37, -28", "111, 784", "64, 57"})
    void maxPool2x2BackwardRefusesAnIndexOutsideItsWindow(int window, int offset) {
        int planes = 2;
        int size = planes * 14 * 14;
        int[] indices = new int[size];
        for (int o = 0; o < size; o++) {
            indices[o] = (o / 14 * 28 + o % 14) * 2;
        }
        indices[window] += offset;
        for (ImageKernels k : both()) {
            assertThat(k.maxPool2x2Backward(new float[size], indices, new float[planes * 784], 28, 28, 0, planes))
                    .as(k.getClass().getSimpleName()).isFalse();
        }
    }

    /** The vector Winograd kernels run whole vectors only (their caller pads to lanes()): a partial one throws. */
    @Test
    void theVectorWinogradKernelsRefuseAPartialVector() {
        VectorImageKernels k = new VectorImageKernels();
        int lanes = k.lanes() + 1;
        float[] a = new float[64 * lanes + ImageKernels.SLACK];
        String message = "Winograd kernels: expected a multiple of " + k.lanes() + " lanes, got " + lanes;
        assertThatThrownBy(() -> k.winogradInput(a, 0, 6 * lanes, lanes, a, 0, 6 * lanes, lanes, lanes, a))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
        assertThatThrownBy(() -> k.winogradOutput(a, 0, 6 * lanes, lanes, a, 0, 2 * lanes, lanes, lanes, a))
                .hasMessage(message);
        assertThatThrownBy(() -> k.winogradGradient(a, 0, 2 * lanes, lanes, a, 0, 6 * lanes, lanes, lanes, a))
                .hasMessage(message);
        assertThatThrownBy(() -> k.winogradInput8(a, 0, 8 * lanes, lanes, a, 0, 8 * lanes, lanes, lanes, a))
                .hasMessage(message);
        assertThatThrownBy(() -> k.winogradOutput8(a, 0, 8 * lanes, lanes, a, 0, 4 * lanes, lanes, lanes, a))
                .hasMessage(message);
        assertThatThrownBy(() -> k.winogradGradient8(a, 0, 4 * lanes, lanes, a, 0, 8 * lanes, lanes, lanes, a))
                .hasMessage(message);
        assertThatThrownBy(() -> k.tileProducts(a, 1, a, a, 1, 1, 1, 1, lanes)).hasMessage(message);
        assertThatThrownBy(() -> k.tileGradients(a, 1, a, a, 1, 1, 1, 1, lanes, false)).hasMessage(message);
        assertThat(new ScalarImageKernels().lanes()).isEqualTo(1);
    }

    /**
     * weightRows against its definition written here (one fma chain per element from what acc holds, rows in
     * order), bit for bit for both kernels, over widths of one and several pairs of vectors, 5 columns (the
     * unrolled path) and others, with dy's rows apart by more than the width and by less (overlapping, as the cnn's
     * first layer reads 28-column rows 32 at a time); nothing outside the kw x width block of acc is written.
     */
    @ParameterizedTest(name = "rows {0} kw {1} pairs {2} dy rows {3} past the width")
    @CsvSource({"28, 5, 1, 3", "28, 5, 1, -4", "3, 5, 2, 3", "1, 5, 1, 0", "7, 3, 1, -5", "5, 1, 3, 3", "9, 7, 2, -1",
        "0, 5, 1, 3"})
    void weightRowsContinuesOneChainPerElementInRowOrder(int rows, int kw, int pairs, int past) {
        int width = pairs * 2 * new VectorImageKernels().lanes();
        int dyStep = width + past;
        int inStep = width + kw + 2;
        float[] dy = random(5 + Math.max(1, rows) * dyStep + ImageKernels.SLACK, 21);
        float[] in = random(7 + Math.max(1, rows) * inStep + ImageKernels.SLACK, 22);
        float[] start = random(kw * width, 23);
        float[] expected = sentinels(2 + kw * width + 9);
        for (int j = 0; j < kw; j++) {
            for (int x = 0; x < width; x++) {
                float acc = start[j * width + x];
                for (int r = 0; r < rows; r++) {
                    acc = Math.fma(dy[5 + r * dyStep + x], in[7 + r * inStep + x + j], acc);
                }
                expected[2 + j * width + x] = acc;
            }
        }
        for (ImageKernels k : both()) {
            float[] acc = sentinels(expected.length);
            System.arraycopy(start, 0, acc, 2, start.length);
            k.weightRows(dy, 5, dyStep, in, 7, inStep, rows, kw, acc, 2, width);
            for (int i = 0; i < acc.length; i++) {
                assertThat(Float.floatToIntBits(acc[i])).as("%s acc %d", k.getClass().getSimpleName(), i)
                        .isEqualTo(Float.floatToIntBits(expected[i]));
            }
        }
    }

    /**
     * weightPlane against its definition written here (for each kernel row r, one fma chain per element from what acc
     * holds, dy's rows in order against input rows r below them), bit for bit for both kernels: the 5 x 5 kernel
     * (at 512 bits its own loop over input rows, each loaded once for five kernel rows) at heights 28, 5, 4, 3, 1
     * and 0, one and two pairs of vectors, dy's rows overlapping or apart; and other kernel shapes, which go row by
     * row. Nothing outside the kh x kw x width block of acc is written.
     */
    @ParameterizedTest(name = "outH {0} kh {1} kw {2} pairs {3} dy rows {4} past the width")
    @CsvSource({"28, 5, 5, 1, -4", "28, 5, 5, 1, 3", "5, 5, 5, 2, 0", "4, 5, 5, 1, -1", "3, 5, 5, 1, 2",
        "1, 5, 5, 2, -3", "0, 5, 5, 1, 0", "7, 3, 5, 1, -2", "6, 5, 3, 1, 1"})
    void weightPlaneContinuesEveryKernelRowsChainsInRowOrder(int outH, int kh, int kw, int pairs, int past) {
        int width = pairs * 2 * new VectorImageKernels().lanes();
        int dyStep = width + past;
        int inStep = width + kw + 2;
        int inH = outH + kh - 1;
        float[] dy = random(5 + Math.max(1, outH) * dyStep + ImageKernels.SLACK, 31);
        float[] in = random(7 + Math.max(1, inH) * inStep + ImageKernels.SLACK, 32);
        float[] start = random(kh * kw * width, 33);
        float[] expected = sentinels(2 + kh * kw * width + 9);
        for (int r = 0; r < kh; r++) {
            for (int j = 0; j < kw; j++) {
                for (int x = 0; x < width; x++) {
                    float acc = start[(r * kw + j) * width + x];
                    for (int y = 0; y < outH; y++) {
                        acc = Math.fma(dy[5 + y * dyStep + x], in[7 + (y + r) * inStep + x + j], acc);
                    }
                    expected[2 + (r * kw + j) * width + x] = acc;
                }
            }
        }
        for (ImageKernels k : both()) {
            float[] acc = sentinels(expected.length);
            System.arraycopy(start, 0, acc, 2, start.length);
            k.weightPlane(dy, 5, dyStep, in, 7, inStep, outH, kh, kw, acc, 2, width);
            for (int i = 0; i < acc.length; i++) {
                assertThat(Float.floatToIntBits(acc[i])).as("%s acc %d", k.getClass().getSimpleName(), i)
                        .isEqualTo(Float.floatToIntBits(expected[i]));
            }
        }
    }

    @Test
    void vectorWeightRowsRefusesAWidthThatIsNotWholePairsOfVectors() {
        VectorImageKernels k = new VectorImageKernels();
        int width = 2 * k.lanes() + 1;
        float[] a = new float[4 * width + ImageKernels.SLACK];
        assertThatThrownBy(() -> k.weightRows(a, 0, width, a, 0, width, 1, 1, a, 0, width))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weightRows: expected a width that is a multiple of " + 2 * k.lanes() + ", got " + width);
        // weightPlane's 5 x 5 path checks the same, under its own name
        float[] b = new float[6 * width + 25 * width + ImageKernels.SLACK];
        assertThatThrownBy(() -> k.weightPlane(b, 0, width, b, 0, width, 1, 5, 5, b, 0, width))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weightPlane: expected a width that is a multiple of " + 2 * k.lanes() + ", got " + width);
    }
}

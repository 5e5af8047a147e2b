package org.jgrad.core.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Vector API kernels, at the width this JVM runs them ({@code -Djgrad.vectorBits}, set by the build's width
 * executions), give exactly the scalar kernels' bits. The scalar kernels do not depend on the width, so passing
 * at 128, 256 and 512 bits means all widths and the scalar kernels agree bit for bit. Lengths and sizes are
 * awkward on purpose: around one vector (4, 8, 16 lanes), one pass (16, 32, 64 lanes), the 64 logical lanes, the
 * 4096-element block, and the product's register tile and depth blocks.
 */
class SameBitsAtEveryWidthTest {
    private static final Kernels SCALAR = new ScalarKernels();
    private static final Kernels VECTOR = new VectorKernels();
    private static final int OFFSET = 5;

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n + OFFSET];
        for (int i = 0; i < v.length; i++) {
            // a wide range of magnitudes, so that the order of additions shows in the last bits
            v[i] = (float) (r.nextGaussian() * Math.exp(4 * r.nextGaussian()));
        }
        return v;
    }

    @Test
    void theWidthAskedForIsTheWidthThatRuns() {
        String bits = System.getProperty("jgrad.vectorBits", "");
        if (!bits.isEmpty()) {
            assertThat(VECTOR.name()).isEqualTo("vector(" + bits + " bit)");
            // the 8 x 8 register transposes of the gemm's packing run at 256 and 512 bits (8 or 16 float lanes), and
            // the 12-row register tile at 512
            assertThat(PanelPacking.REGISTER_TRANSPOSE).isEqualTo(!bits.equals("128"));
            assertThat(VectorGemm.MR).isEqualTo(bits.equals("512") ? 12 : 4);
        }
        if (System.getProperty("jgrad.kernels", "").equals("scalar")) {
            assertThat(Kernels.get().name()).isEqualTo("scalar");
        } else if (!bits.isEmpty()) {
            assertThat(Kernels.get().name()).isEqualTo(VECTOR.name());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 4, 5, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 1000, 4095, 4096, 4097,
        6080, 6144, 8191, 12288, 12289, 100_003})
    void sumDotAndDotsAreBitIdentical(int n) {
        float[] a = random(n, n);
        float[] b = random(7 * n + 20, 3L * n + 1);
        assertThat(Float.floatToRawIntBits(VECTOR.sum(a, OFFSET, n))).as("sum of %d", n)
                .isEqualTo(Float.floatToRawIntBits(SCALAR.sum(a, OFFSET, n)));
        assertThat(Float.floatToRawIntBits(VECTOR.dot(a, OFFSET, b, OFFSET, n))).as("dot of %d", n)
                .isEqualTo(Float.floatToRawIntBits(SCALAR.dot(a, OFFSET, b, OFFSET, n)));
        // seven rows: a group of four and three single dots
        float[] cv = new float[7];
        float[] cs = new float[7];
        VECTOR.dots(a, OFFSET, b, OFFSET, 7, n, cv, 0);
        SCALAR.dots(a, OFFSET, b, OFFSET, 7, n, cs, 0);
        assertThat(cv).as("dots of %d", n).containsExactly(cs);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 8, 16, 17, 100, 1027})
    void elementwiseKernelsAreBitIdentical(int n) {
        float[] a = random(n, n + 1);
        for (int i = 0; i < a.length; i += 7) {
            a[i] = new float[] {Float.NaN, -0f, 0f, Float.POSITIVE_INFINITY, -100f, 89f, -88f}[i / 7 % 7];
        }
        float[] y = random(n, n + 2);
        float[][] outs = new float[2][];
        Kernels[] both = {SCALAR, VECTOR};
        for (int t = 0; t < 2; t++) {
            Kernels k = both[t];
            float[] exp = new float[n + OFFSET];
            k.exp(a, OFFSET, exp, OFFSET, n);
            float[] sigmoid = new float[n + OFFSET];
            k.sigmoid(a, OFFSET, sigmoid, OFFSET, n);
            float[] relu = new float[n + OFFSET];
            k.relu(a, OFFSET, relu, OFFSET, n);
            float[] axpy = y.clone();
            k.axpy(0.37f, a, OFFSET, axpy, OFFSET, n);
            float[] log = new float[n + OFFSET];
            k.log(a, OFFSET, log, OFFSET, n);
            outs[t] = concat(exp, sigmoid, relu, axpy, log);
        }
        for (int i = 0; i < outs[0].length; i++) {
            // floatToIntBits: every NaN counts as one (the sign of a NaN from NaN input is not specified)
            assertThat(Float.floatToIntBits(outs[1][i])).as("element %d (n = %d)", i, n)
                    .isEqualTo(Float.floatToIntBits(outs[0][i]));
        }
    }

    private static float[] concat(float[]... parts) {
        int len = 0;
        for (float[] p : parts) {
            len += p.length;
        }
        float[] out = new float[len];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"1x1x1", "3x5x7", "4x16x16", "5x17x33", "13x385x9", "33x769x31", "20x256x10", "7x9x1",
        "150x70x130", "2x1100x3", "64x784x40", "5x2048x33",
        // the 12-row tile's strips at 512 bits: whole strips and a last one of 8 rows (128 = 10 x 12 + 8, mlp's
        // batch), of 4 (256 = 21 x 12 + 4), padded (23 = 12 + 11), and 12-row strips packed 16 steps at a time with a
        // rest (depth 40 = 2 x 16 + 8)
        "128x784x64", "256x128x40", "23x40x33", "24x33x32", "12x16x16"})
    void matrixProductsAreBitIdenticalInAllFourForms(String size) {
        String[] s = size.split("x");
        int m = Integer.parseInt(s[0]);
        int k = Integer.parseInt(s[1]);
        int n = Integer.parseInt(s[2]);
        float[] a = random(m * k, m * 31L + k);
        float[] b = random(k * n, n * 17L + k);
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0;
            boolean tb = (t & 2) != 0;
            float[] cv = new float[m * n];
            float[] cs = new float[m * n];
            VECTOR.matmul(a, ta, b, tb, cv, m, k, n);
            SCALAR.matmul(a, ta, b, tb, cs, m, k, n);
            assertThat(cv).as("%s transA=%s transB=%s", size, ta, tb).containsExactly(cs);
        }
    }

    /**
     * A product whose C exceeds {@link MatrixProduct#C_IN_CACHE} (513 x 520 = 266,760 floats), so that it runs in
     * {@code largeTile}'s order: two depth blocks of {@link MatrixProduct#KC_LARGE} (515 = 258 + 257; the small
     * products' blocks would make it three), the second added to what C holds; two blocks of B's columns (520 = 512
     * + 8, the last a partial strip); 513 rows = 42 strips of 12 and a padded one of 9. A and B as stored (one form:
     * the scalar kernel's transposed forms take seconds at this size).
     */
    @Test
    void aLargeProductGivesTheScalarBits() {
        int m = 513;
        int k = 515;
        int n = 520;
        assertThat((long) m * n).isGreaterThan(MatrixProduct.C_IN_CACHE);
        assertThat(new MatrixProduct(new float[m * k], false, new float[k * n], false, new float[m * n], m, k, n)
                .depthBlock()).isEqualTo(258);
        float[] a = random(m * k, 11);
        float[] b = random(k * n, 12);
        float[] cv = new float[m * n];
        float[] cs = new float[m * n];
        // the whole rectangle on this thread (matmul would split it across two)
        VECTOR.gemmTile(new MatrixProduct(a, false, b, false, cv, m, k, n), 0, m, 0, n);
        SCALAR.gemmTile(new MatrixProduct(a, false, b, false, cs, m, k, n), 0, m, 0, n);
        // the first element whose bits differ (containsExactly's report of 266,760 elements would take minutes)
        assertThat(java.util.Arrays.mismatch(cv, cs)).as("first element that differs").isEqualTo(-1);
    }
}

package org.jgrad.core.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both kernel implementations against a float64 reference written in the test, over lengths that hit every
 * branch: empty, shorter than a vector, exactly one or several vectors, and one past or short of them, at a non-zero
 * offset so that a kernel that ignores offsets fails.
 */
class KernelAgreementTest {
    private static final int[] LENGTHS = {0, 1, 7, 8, 9, 15, 16, 17, 31, 1000, 1023};
    private static final int OFFSET = 3;

    static Stream<Arguments> cases() {
        return List.<Kernels>of(new ScalarKernels(), new VectorKernels()).stream()
                .flatMap(k -> java.util.Arrays.stream(LENGTHS).mapToObj(n -> Arguments.of(k.name(), k, n)));
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n + OFFSET];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 3);
        }
        return v;
    }

    @ParameterizedTest(name = "{0} n={2}")
    @MethodSource("cases")
    void dotAndSumMatchFloat64(String name, Kernels k, int n) {
        float[] a = random(n, 1);
        float[] b = random(n, 2);
        double dot = 0;
        double sum = 0;
        double scale = 0;
        for (int i = 0; i < n; i++) {
            dot += (double) a[OFFSET + i] * b[OFFSET + i];
            sum += a[OFFSET + i];
            scale += Math.abs(a[OFFSET + i] * b[OFFSET + i]) + Math.abs(a[OFFSET + i]);
        }
        // float32 rounding grows at most with n * eps * sum|terms|
        double tol = 1e-6 + n * 1.2e-7 * scale;
        assertThat((double) k.dot(a, OFFSET, b, OFFSET, n)).isCloseTo(dot, within(tol));
        assertThat((double) k.sum(a, OFFSET, n)).isCloseTo(sum, within(tol));
    }

    @ParameterizedTest(name = "{0} n={2}")
    @MethodSource("cases")
    void elementwiseKernelsMatchFloat64(String name, Kernels k, int n) {
        float[] a = random(n, 3);
        float[] y = random(n, 4);
        float[] axpy = y.clone();
        k.axpy(0.75f, a, OFFSET, axpy, OFFSET, n);
        float[] exp = new float[n + OFFSET];
        k.exp(a, OFFSET, exp, OFFSET, n);
        float[] sigmoid = new float[n + OFFSET];
        k.sigmoid(a, OFFSET, sigmoid, OFFSET, n);
        float[] sum = new float[n + OFFSET];
        k.add(a, OFFSET, y, OFFSET, sum, OFFSET, n);
        float[] diff = new float[n + OFFSET];
        k.sub(a, OFFSET, y, OFFSET, diff, OFFSET, n);
        float[] prod = new float[n + OFFSET];
        k.mul(a, OFFSET, y, OFFSET, prod, OFFSET, n);
        float[] quot = new float[n + OFFSET];
        k.div(a, OFFSET, y, OFFSET, quot, OFFSET, n);
        float[] shifted = new float[n + OFFSET];
        k.addScalar(a, OFFSET, 2.5f, shifted, OFFSET, n);
        float[] scaled = new float[n + OFFSET];
        k.mulScalar(a, OFFSET, -1.5f, scaled, OFFSET, n);
        float[] relu = new float[n + OFFSET];
        k.relu(a, OFFSET, relu, OFFSET, n);
        for (int i = 0; i < OFFSET; i++) {
            assertThat(axpy[i]).as("axpy wrote before the offset").isEqualTo(y[i]);
        }
        for (int i = OFFSET; i < n + OFFSET; i++) {
            double x = a[i];
            assertThat((double) axpy[i]).isCloseTo(y[i] + 0.75 * x, within(1e-5 * (1 + Math.abs(y[i]))));
            assertThat((double) exp[i]).isCloseTo(Math.exp(x), within(2e-6 * Math.exp(x)));
            assertThat((double) sigmoid[i]).isCloseTo(1 / (1 + Math.exp(-x)), within(1e-6));
            assertThat((double) sum[i]).isCloseTo(x + y[i], within(1e-5));
            assertThat((double) diff[i]).isCloseTo(x - y[i], within(1e-5));
            assertThat((double) prod[i]).isCloseTo(x * y[i], within(1e-5));
            assertThat((double) quot[i]).isCloseTo(x / y[i], within(1e-6 * Math.abs(x / y[i])));
            assertThat((double) shifted[i]).isCloseTo(x + 2.5, within(1e-5));
            assertThat((double) scaled[i]).isCloseTo(-1.5 * x, within(1e-5));
            assertThat((double) relu[i]).isEqualTo(Math.max(x, 0));
        }
    }
}

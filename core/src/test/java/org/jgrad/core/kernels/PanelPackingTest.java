package org.jgrad.core.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PanelPacking#pack} against its definition, element by element, at the width this JVM runs
 * ({@code -Djgrad.vectorBits}, set by the build's width executions): every strip width the product packs at that
 * width (its register tile's rows and the narrower last strips, and its two vectors of columns), both layouts of the
 * source, whole and partial strips, and step counts around the register transposes' blocks (4, 8 and 16 steps).
 * The products' tests reach these paths too, but only through sums, where a value packed into the wrong lane can be
 * hidden by the inputs' symmetry; here each packed value is named by its source element.
 */
class PanelPackingTest {

    /** The strip widths {@link VectorGemm} packs at this width: A's rows (whole and last strips) and B's columns. */
    private static IntStream widths() {
        return IntStream.concat(IntStream.rangeClosed(1, VectorGemm.MR).map(VectorGemm::lastWidth),
                IntStream.of(VectorGemm.NR)).distinct();
    }

    static Stream<Arguments> cases() {
        int[] steps = {1, 3, 4, 7, 8, 9, 16, 17, 40};
        return widths().boxed().flatMap(width -> Stream.of(false, true).flatMap(along -> IntStream
                .of(1, width - 1, width, width + 1, 2 * width + 3).filter(count -> count > 0).boxed()
                .flatMap(count -> Arrays.stream(steps).mapToObj(kc -> Arguments.of(width, along, count, kc)))));
    }

    @ParameterizedTest(name = "width {0}, along {1}, {2} x {3}")
    @MethodSource("cases")
    void packsEveryValueWhereTheDefinitionPutsIt(int width, boolean along, int count, int kc) {
        // a window (s0, q0) inside a larger source, so that the strides and offsets are not the window's own
        int s0 = 3;
        int q0 = 5;
        int ld = along ? s0 + count + 6 : q0 + kc + 7;
        int other = along ? q0 + kc + 2 : s0 + count + 2;
        float[] src = new float[ld * other];
        Random random = new Random(31L * width + 7L * count + kc + (along ? 1 : 0));
        for (int i = 0; i < src.length; i++) {
            src[i] = random.nextFloat() + i; // each value names its element
        }
        int strips = Math.ceilDiv(count, width);
        int to = 16;
        // room past the strips: a 12-row strip's masked copies may write up to four floats past the last step
        float[] dst = new float[to + strips * width * kc + 4 * width];
        Arrays.fill(dst, Float.NaN);

        PanelPacking.pack(src, ld, along, s0, count, q0, kc, width, dst, to);

        for (int s = 0; s < strips * width; s++) {
            for (int q = 0; q < kc; q++) {
                float expected = s >= count ? 0f
                        : along ? src[(q0 + q) * ld + s0 + s] : src[(s0 + s) * ld + q0 + q];
                int at = to + (s / width) * kc * width + q * width + s % width;
                assertThat(dst[at]).as("M(%d, %d) at %d", s0 + s, q0 + q, at).isEqualTo(expected);
            }
        }
        assertThat(Arrays.copyOfRange(dst, 0, to)).as("nothing before the strips").containsOnly(Float.NaN);
    }
}

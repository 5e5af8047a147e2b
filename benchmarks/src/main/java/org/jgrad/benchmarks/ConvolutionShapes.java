package org.jgrad.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;
import org.jgrad.core.Convolution;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.core.kernels.Parallel;

/**
 * float32 convolutions of a few shapes, each pass timed on Winograd's tiles and on the column path
 * ({@link Convolution#setWinograd}) in the same JVM, one after the other: the forward pass, the input gradient and
 * the weight gradient, ms of CPU of the calling thread (one thread), the median of 15 calls after 40. The shapes: the
 * benchmark's second layer, 5 x 5 layers of 16 -> 16 and 8 -> 16 channels on 28 x 28 maps, and the 3 x 3 layers that
 * the measurement which left out {@code F(4x4, 3x3)} used (on the column path whatever the switch, since then).
 *
 * <pre>
 * mvn -B -ntp -q package -DskipTests -pl benchmarks -am
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/classes:$(cat benchmarks/target/jmh.classpath) \
 *     org.jgrad.benchmarks.ConvolutionShapes
 * </pre>
 */
public final class ConvolutionShapes {
    // N, C, H, W, C_out, k, pad
    private static final int[][] SHAPES = {
        {64, 16, 14, 14, 32, 5, 2},
        {64, 16, 28, 28, 16, 5, 2},
        {64, 8, 28, 28, 16, 5, 2},
        {64, 32, 14, 14, 64, 3, 1},
        {32, 64, 8, 8, 64, 3, 1},
    };

    private ConvolutionShapes() {
    }

    private static double time(Runnable op) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 40; i++) {
            op.run();
        }
        double[] t = new double[15];
        for (int i = 0; i < t.length; i++) {
            long s = mx.getCurrentThreadCpuTime();
            op.run();
            t[i] = (mx.getCurrentThreadCpuTime() - s) / 1e6;
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }

    public static void main(String[] args) {
        Parallel.setThreads(1);
        Random r = new Random(1);
        int[] one = {1, 1};
        System.out.println("# N, C, H, W, C_out, k, pad: ms of CPU forward / dX / dW, Winograd then columns");
        for (int[] s : SHAPES) {
            NDArray x = ConvolutionOps.randn(r, s[0], s[1], s[2], s[3]);
            NDArray w = ConvolutionOps.randn(r, s[4], s[1], s[5], s[5]);
            NDArray b = ConvolutionOps.randn(r, s[4]);
            int[] pad = {s[6], s[6]};
            Shape out = Convolution.conv2d(x, w, b, one, pad, one).shape();
            NDArray dy = ConvolutionOps.randn(r, out.dim(0), out.dim(1), out.dim(2), out.dim(3));
            StringBuilder line = new StringBuilder(Arrays.toString(s));
            for (boolean on : new boolean[] {true, false}) {
                Convolution.setWinograd(on);
                double f = time(() -> Convolution.conv2d(x, w, b, one, pad, one));
                double dx = time(() -> Convolution.conv2dInputGrad(dy, w, x.shape(), one, pad, one));
                double dw = time(() -> Convolution.conv2dWeightGrad(dy, x, w.shape(), one, pad, one));
                line.append(String.format("  %s %.2f / %.2f / %.2f", on ? "winograd" : "columns", f, dx, dw));
            }
            Convolution.setWinograd(true);
            System.out.println(line);
        }
    }
}

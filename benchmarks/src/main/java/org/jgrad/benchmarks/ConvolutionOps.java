package org.jgrad.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.jgrad.core.ArrayOps;
import org.jgrad.core.Convolution;
import org.jgrad.core.DType;
import org.jgrad.core.Elementwise;
import org.jgrad.core.NDArray;
import org.jgrad.core.Pooling;
import org.jgrad.core.Shape;
import org.jgrad.core.kernels.Parallel;

/**
 * Where a batch of the {@code cnn} workload's time goes: each core operation of one training step of
 * {@code ./jgrad bench cnn} (batch 64, 1 x 28 x 28 images: conv 1->16 5x5 pad 2, ReLU, 2 x 2 max pool, conv 16->32,
 * ReLU, pool; forward and backward, without the last Linear layer, the loss and the optimizer), timed alone on
 * random data. One thread is timed in CPU time of the calling thread, so that other processes on a shared machine
 * change the figures less; more threads in wall time. Each figure is the least over three rounds of the median of
 * 31 calls, after warm-up.
 *
 * <pre>
 * mvn -B -ntp -q package -DskipTests -pl benchmarks -am
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/classes:$(cat benchmarks/target/jmh.classpath) \
 *     org.jgrad.benchmarks.ConvolutionOps 1
 * </pre>
 */
public final class ConvolutionOps {
    private static final int[] ONE = {1, 1};
    private static final int[] TWO = {2, 2};
    private static final int[] NONE = {0, 0};

    private ConvolutionOps() {
    }

    /** A float32 array of {@code dims} filled with standard normals from {@code r}. */
    static NDArray randn(Random r, int... dims) {
        NDArray a = NDArray.zeros(DType.FLOAT32, Shape.of(dims));
        float[] f = a.floats();
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) r.nextGaussian();
        }
        return a;
    }

    /** Milliseconds of one call: the median of {@code reps}, in CPU time when {@code cpu}. */
    private static double time(Supplier<?> op, int reps, boolean cpu) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long s = cpu ? mx.getCurrentThreadCpuTime() : System.nanoTime();
            op.get();
            t[i] = ((cpu ? mx.getCurrentThreadCpuTime() : System.nanoTime()) - s) / 1e6;
        }
        Arrays.sort(t);
        return t[reps / 2];
    }

    public static void main(String[] args) {
        Parallel.setThreads(args.length > 0 ? Integer.parseInt(args[0]) : 1);
        boolean cpu = Parallel.threads() == 1;
        Random r = new Random(1);
        NDArray x = randn(r, 64, 1, 28, 28);
        NDArray w1 = randn(r, 16, 1, 5, 5);
        NDArray b1 = randn(r, 16);
        NDArray y1 = Convolution.conv2d(x, w1, b1, ONE, TWO, ONE);
        NDArray r1 = Elementwise.relu(y1);
        Pooling.MaxResult m1 = Pooling.maxPool2d(r1, TWO, TWO, NONE);
        NDArray w2 = randn(r, 32, 16, 5, 5);
        NDArray b2 = randn(r, 32);
        NDArray y2 = Convolution.conv2d(m1.output(), w2, b2, ONE, TWO, ONE);
        NDArray r2 = Elementwise.relu(y2);
        Pooling.MaxResult m2 = Pooling.maxPool2d(r2, TWO, TWO, NONE);
        NDArray dp2 = randn(r, 64, 32, 7, 7);
        NDArray dy2 = randn(r, 64, 32, 14, 14);
        NDArray dp1 = randn(r, 64, 16, 14, 14);
        NDArray dy1 = randn(r, 64, 16, 28, 28);
        Map<String, Supplier<?>> ops = new LinkedHashMap<>();
        ops.put("forward conv1", () -> Convolution.conv2d(x, w1, b1, ONE, TWO, ONE));
        ops.put("forward relu1", () -> Elementwise.relu(y1));
        ops.put("forward pool1", () -> Pooling.maxPool2d(r1, TWO, TWO, NONE));
        ops.put("forward conv2", () -> Convolution.conv2d(m1.output(), w2, b2, ONE, TWO, ONE));
        ops.put("forward relu2", () -> Elementwise.relu(y2));
        ops.put("forward pool2", () -> Pooling.maxPool2d(r2, TWO, TWO, NONE));
        ops.put("backward pool2", () -> Pooling.maxPool2dBackward(dp2, m2.indices(), r2.shape()));
        ops.put("backward relu2", () -> ArrayOps.reluBackward(dy2, y2));
        ops.put("backward conv2 db", () -> Convolution.conv2dBiasGrad(dy2));
        ops.put("backward conv2 dX", () -> Convolution.conv2dInputGrad(dy2, w2, m1.output().shape(), ONE, TWO, ONE));
        ops.put("backward conv2 dW", () -> Convolution.conv2dWeightGrad(dy2, m1.output(), w2.shape(), ONE, TWO, ONE));
        ops.put("backward pool1", () -> Pooling.maxPool2dBackward(dp1, m1.indices(), r1.shape()));
        ops.put("backward relu1", () -> ArrayOps.reluBackward(dy1, y1));
        ops.put("backward conv1 db", () -> Convolution.conv2dBiasGrad(dy1));
        ops.put("backward conv1 dW", () -> Convolution.conv2dWeightGrad(dy1, x, w1.shape(), ONE, TWO, ONE));
        for (int warm = 0; warm < 3; warm++) {
            ops.values().forEach(op -> time(op, 30, cpu));
        }
        Map<String, Double> best = new LinkedHashMap<>();
        for (int round = 0; round < 3; round++) {
            ops.forEach((name, op) -> best.merge(name, time(op, 31, cpu), Math::min));
        }
        double total = 0;
        System.out.printf("# %d thread(s), ms of %s per call%n", Parallel.threads(), cpu ? "CPU" : "wall time");
        for (Map.Entry<String, Double> e : best.entrySet()) {
            total += e.getValue();
            System.out.printf("%-18s %7.3f%n", e.getKey(), e.getValue());
        }
        System.out.printf("%-18s %7.3f%n", "total", total);
    }
}

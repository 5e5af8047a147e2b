package org.jgrad.benchmarks;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jgrad.core.LogisticStep;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.core.kernels.Kernels;
import org.jgrad.core.kernels.Parallel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where the fused logistic step's time goes, on one thread: the step itself ({@link LogisticStep}), a read of X
 * ({@code sum}, what {@code ./jgrad bench bandwidth} times), the pass of dot products alone (one {@code dot} per row,
 * the stream from memory), and the axpys alone over a group of four rows that stays in L1 (the in-cache work). With
 * {@code shape=100000x1000} (logreg-big's 400 MB X) the first three stream from memory; with {@code 8x1000} all fits
 * in L1. Run: {@code benchmarks/run-jmh LogisticStepBench -p shape=100000x1000}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Djgrad.threads=1", "-Xmx3g"})
public class LogisticStepBench {
    @Param({"100000x1000", "8x1000"})
    String shape;

    private int m;
    private int k;
    private float[] x;
    private float[] w;
    private float[] dz;
    private float[] gw;
    private NDArray xs;
    private NDArray weight;
    private NDArray bias;
    private NDArray ys;
    private Kernels kernels;

    @Setup
    public void setUp() {
        Parallel.setThreads(1);
        String[] mk = shape.split("x");
        m = Integer.parseInt(mk[0]);
        k = Integer.parseInt(mk[1]);
        Random r = new Random(0);
        x = new float[m * k];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] y = new float[m];
        for (int i = 0; i < m; i++) {
            y[i] = r.nextBoolean() ? 1f : 0f;
        }
        w = new float[k + 64];
        for (int j = 0; j < k; j++) {
            w[j] = (float) (r.nextGaussian() / Math.sqrt(k));
        }
        dz = new float[] {1e-5f, -2e-5f, 3e-5f, -1e-5f};
        gw = new float[k];
        xs = NDArray.of(x, Shape.of(m, k));
        weight = NDArray.of(Arrays.copyOf(w, k), Shape.of(1, k));
        bias = NDArray.of(new float[] {0.1f}, Shape.of(1));
        ys = NDArray.of(y, Shape.of(m, 1));
        kernels = Kernels.get();
    }

    @Benchmark
    public LogisticStep.Result step() {
        return LogisticStep.lossAndGradient(xs, weight, bias, ys);
    }

    @Benchmark
    public float readX() {
        return kernels.sum(x, 0, x.length);
    }

    /** One dot product per row of X, as the step computes its logits. */
    @Benchmark
    public float dotPass() {
        float s = 0;
        for (int i = 0; i < m; i++) {
            s += kernels.dot(w, 0, x, i * k, k);
        }
        return s;
    }

    /** m / 4 axpys of four rows, always the first four (in L1): the step's in-cache work for m rows. */
    @Benchmark
    public float[] axpysInL1() {
        for (int i = 0; i + 4 <= m; i += 4) {
            kernels.axpys(dz, 0, x, 0, 4, k, gw, 0);
        }
        return gw;
    }
}

package org.jgrad.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jgrad.core.kernels.Kernels;
import org.jgrad.core.kernels.Parallel;
import org.jgrad.core.kernels.ScalarKernels;
import org.jgrad.core.kernels.VectorKernels;
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
 * float32 matrix products {@code C = op(A) op(B)}, scalar against the packed Vector API kernel; GFLOP/s is
 * {@code 2 m k n / time}. {@code shape} is {@code m x k x n}, with {@code A} or {@code B} after it when that operand
 * is read transposed: square products, and those of the mlp and cnn workloads (mlp: the first layer's forward
 * {@code X W^T}, its {@code dW = dY^T X}, the second layer's {@code dX = dY W}; cnn: one image's forward
 * {@code W col(x)} and weight and input gradients of both convolutions). {@code threads} sets
 * {@link Parallel#setThreads}. For example {@code benchmarks/run-jmh MatmulBench -p impl=vector -p shape=128x784x256B}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MatmulBench {
    @Param({"scalar", "vector"})
    String impl;

    @Param({"64x64x64", "256x256x256", "1024x1024x1024", "2048x2048x2048", "128x784x256B", "256x128x784A",
        "128x10x256", "16x25x784", "16x784x25B", "25x16x784A", "32x400x196", "32x196x400B", "400x32x196A"})
    String shape;

    @Param({"1"})
    int threads;

    private Kernels kernels;
    private float[] a;
    private float[] b;
    private float[] c;
    private int m;
    private int k;
    private int n;
    private boolean transA;
    private boolean transB;

    @Setup
    public void setUp() {
        kernels = impl.equals("scalar") ? new ScalarKernels() : new VectorKernels();
        Parallel.setThreads(threads);
        String[] dims = shape.replaceAll("[AB]", "").split("x");
        m = Integer.parseInt(dims[0]);
        k = Integer.parseInt(dims[1]);
        n = Integer.parseInt(dims[2]);
        transA = shape.contains("A");
        transB = shape.contains("B");
        Random r = new Random(0);
        a = new float[m * k];
        b = new float[k * n];
        c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextFloat();
        }
    }

    @Benchmark
    public float[] matmul() {
        kernels.matmul(a, transA, b, transB, c, m, k, n);
        return c;
    }
}

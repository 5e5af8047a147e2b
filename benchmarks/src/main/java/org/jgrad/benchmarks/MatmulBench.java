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
 * Square float32 matrix products {@code C = A B}, scalar against the packed Vector API kernel; GFLOP/s is
 * {@code 2 size^3 / time}. {@code threads} sets {@link Parallel#setThreads}.
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

    @Param({"64", "256", "1024", "2048"})
    int size;

    @Param({"1"})
    int threads;

    private Kernels kernels;
    private float[] a;
    private float[] b;
    private float[] c;

    @Setup
    public void setUp() {
        kernels = impl.equals("scalar") ? new ScalarKernels() : new VectorKernels();
        Parallel.setThreads(threads);
        Random r = new Random(0);
        a = new float[size * size];
        b = new float[size * size];
        c = new float[size * size];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat();
            b[i] = r.nextFloat();
        }
    }

    @Benchmark
    public float[] matmul() {
        kernels.matmul(a, false, b, false, c, size, size, size);
        return c;
    }
}

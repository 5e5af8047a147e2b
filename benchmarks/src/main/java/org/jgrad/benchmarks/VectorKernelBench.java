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
 * The one-dimensional kernels (sum, dot, dots, axpy, exp, sigmoid) and a matrix-vector product, scalar against
 * Vector API, single-threaded. Lengths fit in L1/L2 so that the loops, not memory, are measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Djgrad.threads=1"})
public class VectorKernelBench {
    @Param({"scalar", "vector"})
    String impl;

    @Param({"4096", "1000000"})
    int n;

    private Kernels kernels;
    private float[] x;
    private float[] y;
    private float[] out;
    private float[] matrix;
    private float[] column;
    private float[] result;

    @Setup
    public void setUp() {
        kernels = impl.equals("scalar") ? new ScalarKernels() : new VectorKernels();
        Parallel.setThreads(1);
        Random r = new Random(0);
        x = new float[n];
        y = new float[n];
        out = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
            y[i] = (float) r.nextGaussian();
        }
        int side = 512;
        matrix = new float[side * side];
        column = new float[side];
        result = new float[side];
        for (int i = 0; i < matrix.length; i++) {
            matrix[i] = (float) r.nextGaussian();
        }
    }

    @Benchmark
    public float dot() {
        return kernels.dot(x, 0, y, 0, n);
    }

    @Benchmark
    public float sum() {
        return kernels.sum(x, 0, n);
    }

    /** One row of 256 against 10 (the A B^T of mlp's 256 -> 10 output layer). */
    @Benchmark
    public float[] dots10() {
        kernels.dots(x, 0, matrix, 0, 10, 256, result, 0);
        return result;
    }

    @Benchmark
    public float[] axpy() {
        kernels.axpy(1e-3f, x, 0, y, 0, n);
        return y;
    }

    @Benchmark
    public float[] exp() {
        kernels.exp(x, 0, out, 0, n);
        return out;
    }

    @Benchmark
    public float[] sigmoid() {
        kernels.sigmoid(x, 0, out, 0, n);
        return out;
    }

    /** (512 x 512) @ (512 x 1). */
    @Benchmark
    public float[] matvec() {
        kernels.matmul(matrix, false, column, false, result, 512, 512, 1);
        return result;
    }
}

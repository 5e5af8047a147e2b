package org.jgrad.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.LogisticStep;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.core.kernels.Parallel;
import org.jgrad.models.nn.BCEWithLogitsLoss;
import org.jgrad.models.nn.Linear;
import org.jgrad.models.optim.SGD;

/**
 * Bytes allocated and time per step of {@code ./jgrad bench logreg-digits} (the same data, model and step: the fused
 * {@code BCEWithLogitsLoss.forward(model, x, y)}, {@code zeroGrad}, {@code backward}, {@code SGD.step} on 288 x 64,
 * one thread). Bytes come from the thread's allocation counter, so they do not depend on the machine's load, and are
 * the figure to compare: every young collection is paid for by the bytes allocated since the last one. CPU time
 * leaves out the time the thread waited for a core; wall time is what the bench reports. Each round runs 100,000
 * steps. Then bytes and time by phase, and the CPU time of the fused op's pass over X alone ({@link LogisticStep}),
 * which sets the floor under the step's time.
 *
 * <pre>
 * mvn -B -ntp package -DskipTests -pl benchmarks -am
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/classes:$(cat benchmarks/target/jmh.classpath) \
 *     org.jgrad.benchmarks.StepCost
 * </pre>
 */
public final class StepCost {
    private static final int ROWS = 288;
    private static final int COLUMNS = 64;
    private static final int STEPS = 100_000;
    private static final int ROUNDS = 8;

    private StepCost() {
    }

    public static void main(String[] args) {
        Parallel.setThreads(1);
        // as BenchCommand.logregFullBatch: X standard normal, y coin flips, the same generator and seeds
        RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
        float[] xs = new float[ROWS * COLUMNS];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) random.nextGaussian();
        }
        float[] ys = new float[ROWS];
        for (int i = 0; i < ROWS; i++) {
            ys[i] = random.nextFloat() > 0.5f ? 1f : 0f;
        }
        Tensor x = Tensor.of(NDArray.of(xs, Shape.of(ROWS, COLUMNS)));
        Tensor y = Tensor.of(NDArray.of(ys, Shape.of(ROWS, 1)));
        Linear model = new Linear(COLUMNS, 1, new Random(0));
        SGD optimizer = new SGD(model.parameters(), 0.005);

        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        double[] cpu = new double[ROUNDS];
        double[] wall = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            long bytes = threads.getThreadAllocatedBytes(id);
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            for (int i = 0; i < STEPS; i++) {
                Tensor loss = new BCEWithLogitsLoss().forward(model, x, y);
                optimizer.zeroGrad();
                loss.backward();
                optimizer.step();
            }
            wall[round] = (System.nanoTime() - start) / (double) STEPS;
            cpu[round] = (threads.getCurrentThreadCpuTime() - cpuStart) / (double) STEPS;
            System.out.printf("round %d: %.1f bytes/step, %.0f ns/step CPU, %.0f ns/step wall%n", round,
                    (threads.getThreadAllocatedBytes(id) - bytes) / (double) STEPS, cpu[round], wall[round]);
        }
        // the first two rounds include the JIT's compilations
        System.out.printf("median of rounds 2-%d: %.0f ns/step CPU, %.0f ns/step wall%n", ROUNDS - 1,
                median(cpu), median(wall));

        // bytes and wall time by phase (the clock reads add some 20 ns to each phase)
        long[] phase = new long[4];
        long[] nanos = new long[4];
        for (int i = 0; i < STEPS; i++) {
            long a0 = threads.getThreadAllocatedBytes(id);
            long t0 = System.nanoTime();
            Tensor loss = new BCEWithLogitsLoss().forward(model, x, y);
            long t1 = System.nanoTime();
            long a1 = threads.getThreadAllocatedBytes(id);
            optimizer.zeroGrad();
            long t2 = System.nanoTime();
            long a2 = threads.getThreadAllocatedBytes(id);
            loss.backward();
            long t3 = System.nanoTime();
            long a3 = threads.getThreadAllocatedBytes(id);
            optimizer.step();
            long t4 = System.nanoTime();
            long a4 = threads.getThreadAllocatedBytes(id);
            phase[0] += a1 - a0;
            phase[1] += a2 - a1;
            phase[2] += a3 - a2;
            phase[3] += a4 - a3;
            nanos[0] += t1 - t0;
            nanos[1] += t2 - t1;
            nanos[2] += t3 - t2;
            nanos[3] += t4 - t3;
        }
        System.out.printf("bytes/step by phase: forward %.1f, zeroGrad %.1f, backward %.1f, step %.1f%n",
                phase[0] / (double) STEPS, phase[1] / (double) STEPS, phase[2] / (double) STEPS,
                phase[3] / (double) STEPS);
        System.out.printf("ns/step by phase: forward %.0f, zeroGrad %.0f, backward %.0f, step %.0f%n",
                nanos[0] / (double) STEPS, nanos[1] / (double) STEPS, nanos[2] / (double) STEPS,
                nanos[3] / (double) STEPS);

        double[] pass = new double[ROUNDS];
        double sink = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long cpuStart = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < STEPS; i++) {
                sink += LogisticStep.lossAndGradient(x.data(), model.weight().data(), model.bias().data(), y.data())
                        .loss().item();
            }
            pass[round] = (threads.getCurrentThreadCpuTime() - cpuStart) / (double) STEPS;
        }
        System.out.printf("LogisticStep alone: %.0f ns/step CPU (median of rounds 2-%d; loss sum %.1f)%n",
                median(pass), ROUNDS - 1, sink);
    }

    private static double median(double[] perRound) {
        double[] sorted = Arrays.copyOfRange(perRound, 2, perRound.length);
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}

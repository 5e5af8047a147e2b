package org.jgrad.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.models.nn.BCEWithLogitsLoss;
import org.jgrad.models.nn.Linear;
import org.jgrad.models.optim.SGD;
import org.junit.jupiter.api.Test;

class TurnsTest {
    /**
     * The steps run one at a time, in batch order, each on the thread that prepared its batch, which is thread
     * {@code b % threads} of the loop; no batch is prepared twice or skipped.
     */
    @Property(tries = 40)
    void stepsRunInOrderOneAtATimeOnThePreparingThread(@ForAll @IntRange(min = 1, max = 4) int threads,
            @ForAll @IntRange(min = 0, max = 30) int count) {
        List<Integer> stepped = Collections.synchronizedList(new ArrayList<>());
        ConcurrentHashMap<Integer, Thread> preparedOn = new ConcurrentHashMap<>();
        ConcurrentHashMap<Integer, Thread> steppedOn = new ConcurrentHashMap<>();
        AtomicInteger inStep = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        Turns.run(threads, count, b -> {
            assertThat(preparedOn.put(b, Thread.currentThread())).as("batch %d prepared twice", b).isNull();
            return b;
        }, b -> {
            if (inStep.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            Thread.onSpinWait();
            stepped.add(b);
            steppedOn.put(b, Thread.currentThread());
            inStep.decrementAndGet();
        });
        assertThat(stepped).containsExactlyElementsOf(java.util.stream.IntStream.range(0, count).boxed().toList());
        assertThat(overlaps.get()).as("steps that overlapped another").isZero();
        for (int b = 0; b < count; b++) {
            assertThat(steppedOn.get(b)).as("batch %d", b).isSameAs(preparedOn.get(b));
            if (b >= threads) {
                assertThat(steppedOn.get(b)).as("batch %d and batch %d", b, b - threads)
                        .isSameAs(steppedOn.get(b - threads));
            }
        }
        if (count > 1 && threads > 1) {
            assertThat(steppedOn.get(1)).as("the second batch is another thread's").isNotSameAs(steppedOn.get(0));
            assertThat(steppedOn.get(0)).as("the caller takes batch 0").isSameAs(Thread.currentThread());
        }
    }

    /**
     * A logistic regression trained by turns on two and three threads, each gathering into a buffer of its own that
     * it reuses (indexed by {@code b % threads}, as the bench does), ends with the weights and bias of the one-thread
     * loop, bit for bit.
     */
    @Test
    void trainingByTurnsGivesTheOneThreadModelBitForBit() {
        Random random = new Random(3);
        int m = 500;
        int k = 40;
        int batch = 16;
        float[] x = new float[m * k];
        float[] y = new float[m];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < m; i++) {
            y[i] = x[i * k] + 0.5f * x[i * k + 1] > 0 ? 1 : 0;
        }
        int[] order = Shuffle.permutation(m, new ResumableRandom(5));
        int batches = (m + batch - 1) / batch;
        float[][] one = train(1, x, y, k, order, batch, batches);
        for (int threads : new int[] {2, 3}) {
            float[][] turns = train(threads, x, y, k, order, batch, batches);
            assertThat(bits(turns[0])).as("weights, %d threads", threads).containsExactly(bits(one[0]));
            assertThat(bits(turns[1])).as("bias, %d threads", threads).containsExactly(bits(one[1]));
        }
        assertThat(one[0]).as("the model trained").isNotEqualTo(new Linear(k, 1, new Random(0)).weight().data()
                .floats());
    }

    private static float[][] train(int threads, float[] x, float[] y, int k, int[] order, int batch, int batches) {
        Linear model = new Linear(k, 1, new Random(0));
        SGD optimizer = new SGD(model.parameters(), 0.1);
        BCEWithLogitsLoss criterion = new BCEWithLogitsLoss();
        float[][][] buffers = new float[threads][][];
        for (int epoch = 0; epoch < 3; epoch++) {
            Turns.run(threads, batches, b -> {
                int rows = Math.min(batch, order.length - b * batch);
                float[][] buffer = buffers[b % threads];
                if (buffer == null || buffer[1].length != rows) {
                    buffer = new float[][] {new float[rows * k], new float[rows]};
                    buffers[b % threads] = buffer;
                }
                for (int r = 0; r < rows; r++) {
                    int row = order[b * batch + r];
                    System.arraycopy(x, row * k, buffer[0], r * k, k);
                    buffer[1][r] = y[row];
                }
                return buffer;
            }, buffer -> {
                int rows = buffer[1].length;
                Tensor loss = criterion.forward(model, Tensor.of(NDArray.of(buffer[0], Shape.of(rows, k))),
                        Tensor.of(NDArray.of(buffer[1], Shape.of(rows, 1))));
                optimizer.zeroGrad();
                loss.backward();
                optimizer.step();
            });
        }
        return new float[][] {model.weight().data().floats().clone(), model.bias().data().floats().clone()};
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Float.floatToRawIntBits(a[i]);
        }
        return b;
    }

    /** A step that throws stops the loop: no later batch is stepped, and the caller gets that exception. */
    @Test
    void aFailingStepStopsTheLaterStepsAndIsRethrown() {
        for (int n = 1; n <= 3; n++) {
            int threads = n;
            List<Integer> stepped = Collections.synchronizedList(new ArrayList<>());
            IllegalStateException boom = new IllegalStateException("batch 5 is bad");
            assertThatThrownBy(() -> Turns.run(threads, 20, b -> b, b -> {
                if (b == 5) {
                    throw boom;
                }
                stepped.add(b);
            })).isSameAs(boom);
            assertThat(stepped).containsExactly(0, 1, 2, 3, 4);
        }
    }

    @Test
    void aFailingPreparationIsRethrownAndNoLaterStepRuns() {
        List<Integer> stepped = Collections.synchronizedList(new ArrayList<>());
        assertThatThrownBy(() -> Turns.run(2, 20, b -> {
            if (b == 7) {
                throw new ArithmeticException("row 7");
            }
            return b;
        }, stepped::add)).isInstanceOf(ArithmeticException.class).hasMessage("row 7");
        assertThat(stepped).isSubsetOf(0, 1, 2, 3, 4, 5, 6).doesNotContain(7, 8, 9);
        assertThat(stepped).isEqualTo(stepped.stream().sorted().toList());
    }

    /** Under the caller's no-grad scope, every thread's steps run without recording a graph, and with it they record. */
    @Test
    void everyThreadRunsInTheCallersGradMode() {
        List<Boolean> seen = Collections.synchronizedList(new ArrayList<>());
        try (org.jgrad.autograd.GradMode.Scope scope = org.jgrad.autograd.GradMode.noGrad()) {
            Turns.run(2, 6, b -> org.jgrad.autograd.GradMode.isEnabled(), step -> {
                seen.add(step);
                seen.add(org.jgrad.autograd.GradMode.isEnabled());
            });
        }
        assertThat(seen).hasSize(12).containsOnly(false);
        seen.clear();
        Turns.run(2, 6, b -> org.jgrad.autograd.GradMode.isEnabled(), step -> {
            seen.add(step);
            seen.add(org.jgrad.autograd.GradMode.isEnabled());
        });
        assertThat(seen).hasSize(12).containsOnly(true);
    }

    /** An interrupted caller still runs every step in order, and finds its interrupt flag set afterwards. */
    @Test
    void anInterruptedCallerFinishesTheLoopAndKeepsItsInterrupt() {
        List<Integer> stepped = Collections.synchronizedList(new ArrayList<>());
        Thread.currentThread().interrupt();
        try {
            Turns.run(2, 8, b -> {
                if (b % 2 == 1) {
                    // the other thread is slow, so that the caller waits (parked) for its turns
                    java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
                }
                return b;
            }, stepped::add);
        } finally {
            assertThat(Thread.interrupted()).as("the caller's interrupt flag, kept").isTrue();
        }
        assertThat(stepped).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    /**
     * From batch {@code first}, stopped by the check after batch 9: batches {@code first .. 9} are stepped in order
     * and nothing after, and the first batch not stepped comes back; without a stop it is the end.
     */
    @Property(tries = 30)
    void aStopAfterAStepEndsTheLoopThere(@ForAll @IntRange(min = 1, max = 4) int threads,
            @ForAll @IntRange(min = 0, max = 9) int first) {
        List<Integer> stepped = Collections.synchronizedList(new ArrayList<>());
        int next = Turns.run(threads, first, 20, b -> b, stepped::add, () -> stepped.get(stepped.size() - 1) == 9);
        assertThat(next).isEqualTo(10);
        assertThat(stepped).containsExactlyElementsOf(java.util.stream.IntStream.range(first, 10).boxed().toList());
        stepped.clear();
        assertThat(Turns.run(threads, first, 20, b -> b, stepped::add, () -> false)).isEqualTo(20);
        assertThat(stepped).containsExactlyElementsOf(java.util.stream.IntStream.range(first, 20).boxed().toList());
    }

    @Test
    void badArgumentsAreClearErrors() {
        assertThatThrownBy(() -> Turns.run(0, 3, b -> b, b -> { }))
                .hasMessage("Turns: expected threads >= 1, got 0");
        assertThatThrownBy(() -> Turns.run(2, -1, b -> b, b -> { }))
                .hasMessage("Turns: expected count >= 0, got -1");
        assertThatThrownBy(() -> Turns.run(2, 5, 4, b -> b, b -> { }, () -> false))
                .hasMessage("Turns: expected 0 <= first <= end, got batches 5 to 4");
    }
}

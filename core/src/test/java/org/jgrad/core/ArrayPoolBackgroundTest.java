package org.jgrad.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jgrad.core.kernels.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ArrayPool} with two threads: its zero fills and new arrays run on the kernel worker
 * ({@link Parallel#runWhenIdle}), and what it hands out is still an array of zeros that nothing else holds.
 */
class ArrayPoolBackgroundTest {
    private static final int N = ArrayPool.MIN_LENGTH + 5;
    private int threadsBefore;

    @BeforeEach
    void start() {
        threadsBefore = Parallel.threads();
        Parallel.setThreads(2);
        ArrayPool.setEnabled(true);
        ArrayPool.setBackground(true);
        ArrayPool.clear();
    }

    @AfterEach
    void end() {
        settle();
        Parallel.setThreads(threadsBefore);
        ArrayPool.setEnabled(true);
        ArrayPool.setBackground(true);
        ArrayPool.clear();
    }

    private static void settle() {
        assertThat(Parallel.awaitIdleTasks(10_000)).as("the worker's tasks finished").isTrue();
    }

    private static NDArray filled(int n, float value) {
        NDArray a = NDArray.of(new float[n], Shape.of(n));
        a.fill(value);
        return a;
    }

    @Test
    void aKeptArrayIsZeroedByTheWorkerBeforeItIsHandedOut() {
        NDArray dead = filled(N, 3.5f);
        float[] storage = dead.floats();
        ArrayPool.recycle(dead);
        settle();
        // zero already, before anyone asked for it: the worker filled it
        assertThat(storage).containsOnly(0f);
        assertThat(ArrayPool.keptBytes()).isEqualTo(4L * N);
        assertThat(NDArray.zeros(DType.FLOAT32, Shape.of(N)).floats() == storage).as("the kept array").isTrue();
        // that took the last one of its length: the worker makes one more for the next request
        settle();
        assertThat(ArrayPool.keptBytes()).isEqualTo(4L * N);
        float[] next = NDArray.zeros(DType.FLOAT32, Shape.of(N)).floats();
        assertThat(next != storage).as("a new array").isTrue();
        assertThat(next).containsOnly(0f);
    }

    @Test
    void aLengthThatRunsDryGetsANewArrayForTheNextRequest() {
        ArrayPool.recycle(filled(N, 1f));                 // a length the engine gives back
        settle();
        float[] first = NDArray.zeros(DType.FLOAT32, Shape.of(N)).floats();
        first[7] = 9f;
        settle();
        assertThat(ArrayPool.keptBytes()).as("one new array, made by the worker").isEqualTo(4L * N);
        float[] second = NDArray.zeros(DType.FLOAT32, Shape.of(N)).floats();
        assertThat(second != first).as("not the first").isTrue();
        assertThat(second).hasSize(N).containsOnly(0f);
        settle();
        assertThat(ArrayPool.keptBytes()).as("and one each time the length runs dry").isEqualTo(4L * N);
        // float64 alike
        ArrayPool.clear();
        ArrayPool.recycle(NDArray.of(new double[N], Shape.of(N)));
        NDArray.zeros(DType.FLOAT64, Shape.of(N));
        settle();
        assertThat(ArrayPool.keptBytes()).isEqualTo(8L * N);
        assertThat(NDArray.zeros(DType.FLOAT64, Shape.of(N)).doubles()).hasSize(N).containsOnly(0.0);
    }

    @Test
    void aLengthNeverGivenBackGetsNothingMadeAhead() {
        // a data set or any one-off array: making another one of its size would only hold memory
        NDArray.zeros(DType.FLOAT32, Shape.of(N));
        NDArray.zeros(DType.FLOAT64, Shape.of(N));
        settle();
        assertThat(ArrayPool.keptBytes()).isZero();
    }

    @Test
    void theWorkersArraysStayWithinTheLimits() {
        List<float[]> taken = new ArrayList<>();
        for (int i = 0; i < ArrayPool.PER_LENGTH + 3; i++) {
            taken.add(NDArray.zeros(DType.FLOAT32, Shape.of(N)).floats());
            settle();
        }
        assertThat(ArrayPool.keptBytes()).as("a length not given back yet: nothing made ahead").isZero();
        for (int i = 0; i < ArrayPool.PER_LENGTH + 3; i++) {
            ArrayPool.recycle(NDArray.of(taken.get(i), Shape.of(N)));
        }
        settle();
        assertThat(ArrayPool.keptBytes()).isEqualTo(4L * N * ArrayPool.PER_LENGTH);
        for (int i = 0; i < ArrayPool.PER_LENGTH; i++) {
            float[] a = NDArray.zeros(DType.FLOAT32, Shape.of(N)).floats();
            assertThat(a).containsOnly(0f);
            assertThat(taken.stream().anyMatch(t -> t == a)).as("one of the arrays given back").isTrue();
        }
        settle();
        assertThat(ArrayPool.keptBytes()).as("one new array after the last").isEqualTo(4L * N);
    }

    @Test
    void clearDropsWhatTheWorkerWasStillToDo() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        assertThat(Parallel.runWhenIdle(() -> {
            running.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })).isTrue();
        assertThat(running.await(10, TimeUnit.SECONDS)).as("the worker took the blocking task").isTrue();
        NDArray dead = filled(N, 2f);
        ArrayPool.recycle(dead);                          // its fill waits behind the blocking task
        ArrayPool.recycle(filled(N + 1, 3f));
        NDArray.zeros(DType.FLOAT32, Shape.of(N + 1));    // takes that one: length N + 1 runs dry, and a new array
        ArrayPool.clear();                                // for it waits behind the blocking task too
        release.countDown();
        settle();
        assertThat(ArrayPool.keptBytes()).isZero();
        assertThat(dead.floats()).as("not touched after clear").containsOnly(2f);
        assertThat(NDArray.zeros(DType.FLOAT32, Shape.of(N)).floats() != dead.floats()).as("not the dropped array")
                .isTrue();
    }

    @Test
    void aFailingTaskIsReportedAndTheWorkerGoesOn() throws InterruptedException {
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        List<Throwable> reported = new ArrayList<>();
        CountDownLatch seen = new CountDownLatch(1);
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            synchronized (reported) {
                reported.add(e);
            }
            seen.countDown();
        });
        try {
            assertThat(Parallel.runWhenIdle(() -> {
                throw new IllegalStateException("a task that fails");
            })).isTrue();
            assertThat(seen.await(10, TimeUnit.SECONDS)).isTrue();
            settle();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        assertThat(reported).singleElement().extracting(Throwable::getMessage).isEqualTo("a task that fails");
        String[] ranOn = new String[1];
        assertThat(Parallel.runWhenIdle(() -> ranOn[0] = Thread.currentThread().getName())).isTrue();
        settle();
        assertThat(ranOn[0]).startsWith("jgrad-kernel-");
    }

    @Test
    void withOneThreadNothingIsLeftToAWorker() {
        Parallel.setThreads(1);
        assertThat(Parallel.runWhenIdle(() -> { })).isFalse();
        NDArray dead = filled(N, 4f);
        ArrayPool.recycle(dead);
        assertThat(dead.floats()).as("still as it died: the fill comes when it is handed out").containsOnly(4f);
        float[] again = NDArray.zeros(DType.FLOAT32, Shape.of(N)).floats();
        assertThat(again == dead.floats()).as("the kept array").isTrue();
        assertThat(again).containsOnly(0f);
        NDArray.zeros(DType.FLOAT32, Shape.of(N));
        assertThat(ArrayPool.keptBytes()).as("no new array made ahead").isZero();
    }
}

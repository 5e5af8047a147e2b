package org.jgrad.core.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Parallel#forEach} on two threads: every part once, failures rethrown, splits inside splits, many in a row. */
class ParallelTest {
    private int before;

    @BeforeEach
    void twoThreads() {
        before = Parallel.threads();
        Parallel.setThreads(2);
    }

    @AfterEach
    void restore() {
        Parallel.setThreads(before);
    }

    @Test
    void manySplitsInARowRunEveryPartOnceAndSeeTheCallersWrites() {
        int[] input = new int[64];
        long[] out = new long[64];
        for (int round = 0; round < 2000; round++) {
            for (int i = 0; i < input.length; i++) {
                input[i] = round + i; // written by the caller before the split: each part must see this round's
            }
            int parts = 2 + round % 7;
            AtomicIntegerArray hits = new AtomicIntegerArray(parts);
            Parallel.forEach(parts, part -> {
                hits.incrementAndGet(part);
                for (int i = Parallel.start(64, parts, part); i < Parallel.start(64, parts, part + 1); i++) {
                    out[i] = 2L * input[i];
                }
            });
            for (int p = 0; p < parts; p++) {
                assertThat(hits.get(p)).as("round %d part %d", round, p).isEqualTo(1);
            }
            for (int i = 0; i < 64; i++) {
                assertThat(out[i]).as("round %d out[%d]", round, i).isEqualTo(2L * (round + i));
            }
        }
    }

    @Test
    void aFailingPartIsRethrownAfterTheOthersRan() {
        AtomicIntegerArray hits = new AtomicIntegerArray(6);
        assertThatThrownBy(() -> Parallel.forEach(6, part -> {
            hits.incrementAndGet(part);
            if (part == 3) {
                throw new IllegalArgumentException("part 3 failed");
            }
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("part 3 failed");
        for (int p = 0; p < 6; p++) {
            assertThat(hits.get(p)).as("part %d", p).isEqualTo(1);
        }
        // and the next split runs normally
        AtomicIntegerArray again = new AtomicIntegerArray(2);
        Parallel.forEach(2, again::incrementAndGet);
        assertThat(again.get(0) + again.get(1)).isEqualTo(2);
    }

    @Test
    void aSplitInsideAPartRunsOnThatPartsThread() {
        AtomicIntegerArray hits = new AtomicIntegerArray(12);
        Set<String> innerThreads = ConcurrentHashMap.newKeySet();
        Parallel.forEach(3, outer -> {
            String thread = Thread.currentThread().getName();
            Parallel.forEach(4, inner -> {
                hits.incrementAndGet(outer * 4 + inner);
                // the inner split cannot take the workers the outer one holds
                innerThreads.add(thread.equals(Thread.currentThread().getName()) ? "same" : "other");
            });
        });
        for (int i = 0; i < 12; i++) {
            assertThat(hits.get(i)).as("outer %d inner %d", i / 4, i % 4).isEqualTo(1);
        }
        assertThat(innerThreads).containsExactly("same");
    }

    @Test
    void changingTheThreadCountBetweenSplitsKeepsThemWorking() {
        for (int threads : new int[] {3, 1, 2, 4}) {
            Parallel.setThreads(threads);
            AtomicIntegerArray hits = new AtomicIntegerArray(5);
            Parallel.forEach(5, hits::incrementAndGet);
            for (int p = 0; p < 5; p++) {
                assertThat(hits.get(p)).as("threads %d part %d", threads, p).isEqualTo(1);
            }
        }
    }
}

package org.jgrad.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    /** Row i holds features (i, 10 i) and label i, so a batch shows which rows it carries. */
    private static TensorDataset numbered(int m) {
        float[] x = new float[2 * m];
        float[] y = new float[m];
        for (int i = 0; i < m; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = 10 * i;
            y[i] = i;
        }
        return new TensorDataset(NDArray.of(x, Shape.of(m, 2)), NDArray.of(y, Shape.of(m, 1)));
    }

    private static List<Integer> epoch(DataLoader loader, List<Integer> sizes) {
        List<Integer> rows = new ArrayList<>();
        for (DataLoader.Batch b : loader) {
            sizes.add(b.x().shape().dim(0));
            for (int i = 0; i < b.y().size(); i++) {
                int row = (int) b.y().data().get(i);
                assertThat(b.x().data().get(2 * i)).isEqualTo(row);
                assertThat(b.x().data().get(2 * i + 1)).isEqualTo(10 * row);
                rows.add(row);
            }
        }
        return rows;
    }

    @Property(tries = 40)
    void everyExampleAppearsExactlyOncePerEpoch(@ForAll @IntRange(min = 1, max = 40) int m,
            @ForAll @IntRange(min = 1, max = 50) int batch, @ForAll boolean shuffle) {
        DataLoader loader = new DataLoader(numbered(m), batch, shuffle, 7, false);
        for (int e = 0; e < 2; e++) {
            List<Integer> sizes = new ArrayList<>();
            List<Integer> rows = epoch(loader, sizes);
            assertThat(rows).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, m).boxed()
                    .toList());
            assertThat(sizes).hasSize((m + batch - 1) / batch);
            assertThat(sizes.subList(0, sizes.size() - 1)).allMatch(s -> s == batch);
        }
    }

    @Test
    void withoutShuffleTheOrderIsTheDatasets() {
        assertThat(epoch(new DataLoader(numbered(5), 2, false, 0, false), new ArrayList<>()))
                .containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void shuffleIsReproducibleFromTheSeedAndChangesBetweenEpochs() {
        DataLoader a = new DataLoader(numbered(30), 4, true, 42, false);
        DataLoader b = new DataLoader(numbered(30), 4, true, 42, false);
        List<Integer> a1 = epoch(a, new ArrayList<>());
        List<Integer> a2 = epoch(a, new ArrayList<>());
        assertThat(epoch(b, new ArrayList<>())).isEqualTo(a1);
        assertThat(epoch(b, new ArrayList<>())).isEqualTo(a2);
        assertThat(a2).isNotEqualTo(a1);
        assertThat(epoch(new DataLoader(numbered(30), 4, true, 43, false), new ArrayList<>())).isNotEqualTo(a1);
    }

    @Test
    void dropLastLeavesOutTheShortBatch() {
        DataLoader loader = new DataLoader(numbered(10), 4, false, 0, true);
        List<Integer> sizes = new ArrayList<>();
        assertThat(epoch(loader, sizes)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(sizes).containsExactly(4, 4);
        assertThat(loader.batches()).isEqualTo(2);
    }

    @Test
    void fullBatchStochasticAndMiniBatchAreTheSameLoop() {
        assertThat(new DataLoader(numbered(9), 9, false, 0, false).batches()).isEqualTo(1);
        assertThat(new DataLoader(numbered(9), 1, true, 0, false).batches()).isEqualTo(9);
        assertThat(new DataLoader(numbered(9), 4, true, 0, false).batches()).isEqualTo(3);
    }

    @Test
    void badArgumentsAreClearErrors() {
        assertThatThrownBy(() -> new DataLoader(numbered(3), 0, false, 0, false)).hasMessageContaining("batch size")
                .hasMessageContaining("0");
        assertThatThrownBy(() -> new TensorDataset(NDArray.zeros(org.jgrad.core.DType.FLOAT32, Shape.of(3, 2)),
                NDArray.zeros(org.jgrad.core.DType.FLOAT32, Shape.of(4, 1)))).hasMessageContaining("(3, 2)");
    }

    /**
     * Workers gathering ahead give the batches of the loader without them, in the same order and sizes, epoch after
     * epoch, from the first batch and when resuming at a later one; an epoch left half-way leaves the next one intact.
     */
    @Property(tries = 20)
    void workersGiveTheSameBatchesInTheSameOrder(@ForAll @IntRange(min = 1, max = 40) int m,
            @ForAll @IntRange(min = 1, max = 9) int batch, @ForAll @IntRange(min = 1, max = 3) int workers) {
        DataLoader plain = new DataLoader(numbered(m), batch, true, 11, false);
        DataLoader ahead = new DataLoader(numbered(m), batch, true, 11, false, workers);
        for (int e = 0; e < 2; e++) {
            List<Integer> plainSizes = new ArrayList<>();
            List<Integer> aheadSizes = new ArrayList<>();
            assertThat(epoch(ahead, aheadSizes)).isEqualTo(epoch(plain, plainSizes));
            assertThat(aheadSizes).isEqualTo(plainSizes);
        }
        java.util.Iterator<DataLoader.Batch> p = plain.iterator(0);
        java.util.Iterator<DataLoader.Batch> a = ahead.iterator(0);
        a.next();   // abandoned after one batch, with more being gathered
        p.next();
        int first = plain.batches() / 2;
        List<Integer> resumedPlain = new ArrayList<>();
        plain.iterator(first).forEachRemaining(b -> resumedPlain.add((int) b.y().data().get(0)));
        List<Integer> resumedAhead = new ArrayList<>();
        ahead.iterator(first).forEachRemaining(b -> resumedAhead.add((int) b.y().data().get(0)));
        assertThat(resumedAhead).isEqualTo(resumedPlain).hasSize(plain.batches() - first);
    }

    /**
     * An epoch by turns gives the steps the batches of the plain loop, the same rows in the same order, one at a time,
     * epoch after epoch (the generator moves on the same way).
     */
    @Property(tries = 20)
    void anEpochByTurnsStepsOnTheSameBatchesInOrder(@ForAll @IntRange(min = 1, max = 40) int m,
            @ForAll @IntRange(min = 1, max = 9) int batch, @ForAll @IntRange(min = 1, max = 3) int threads) {
        DataLoader plain = new DataLoader(numbered(m), batch, true, 11, false);
        DataLoader turns = new DataLoader(numbered(m), batch, true, 11, false);
        for (int e = 0; e < 2; e++) {
            List<Integer> sizes = new ArrayList<>();
            List<Integer> rows = new ArrayList<>();
            turns.forEachInTurns(threads, b -> {
                sizes.add(b.x().shape().dim(0));
                for (int i = 0; i < b.y().size(); i++) {
                    int row = (int) b.y().data().get(i);
                    assertThat(b.x().data().get(2 * i)).isEqualTo(row);
                    rows.add(row);
                }
            });
            List<Integer> plainSizes = new ArrayList<>();
            assertThat(rows).isEqualTo(epoch(plain, plainSizes));
            assertThat(sizes).isEqualTo(plainSizes);
        }
        assertThatThrownBy(() -> turns.forEachInTurns(0, b -> { }))
                .hasMessage("DataLoader: expected threads >= 1, got 0");
    }

    @Test
    void negativeWorkersAreAClearError() {
        assertThatThrownBy(() -> new DataLoader(numbered(3), 1, false, 0, false, -1))
                .hasMessage("DataLoader: expected workers >= 0, got -1");
    }

    /**
     * A batch names its rows of the data set, and copies them out only when its features or targets are first
     * read: the rows it names are the rows x and y then hold; a worker's and a turn's batches come gathered; the
     * whole data set in order is a batch that needs no copy; rows() is a copy of the loader's list.
     */
    @Test
    void aBatchNamesItsRowsAndCopiesThemWhenFirstRead() {
        TensorDataset data = numbered(23);
        for (DataLoader.Batch b : new DataLoader(data, 5, true, 3, false)) {
            assertThat(b.isMaterialized()).isFalse();
            assertThat(b.dataset()).isSameAs(data);
            int[] rows = b.rows();
            assertThat(rows).hasSize(b.size());
            rows[0] = -1;
            assertThat(b.rows()[0]).isNotEqualTo(-1);
            b.x();
            assertThat(b.isMaterialized()).as("x read, y not yet").isFalse();
            for (int i = 0; i < b.size(); i++) {
                assertThat(b.y().data().get(i)).isEqualTo(b.rows()[i]);
                assertThat(b.x().data().get(2 * i + 1)).isEqualTo(10 * b.rows()[i]);
            }
            assertThat(b.isMaterialized()).isTrue();
        }
        for (DataLoader.Batch b : new DataLoader(data, 5, true, 3, false, 2)) {
            assertThat(b.isMaterialized()).as("gathered by a worker").isTrue();
        }
        new DataLoader(data, 5, true, 3, false).forEachInTurns(2,
                b -> assertThat(b.isMaterialized()).as("gathered by its thread").isTrue());
        DataLoader.Batch whole = new DataLoader(data, 23, false, 0, false).iterator().next();
        assertThat(whole.isMaterialized()).isTrue();
        assertThat(whole.x().data()).isSameAs(data.x());
        assertThat(whole.rows()).containsExactly(java.util.stream.IntStream.range(0, 23).toArray());
    }

    /**
     * With reused buffers, each batch's rows are the ones it names when read, the batches of one thread share their
     * arrays (the short last batch has its own), and a graph that still holds an earlier batch is refused at
     * backward instead of computing from the next batch's rows.
     */
    @Test
    void reusedBuffersHoldEachBatchInTurnAndRefuseAStaleGraph() {
        TensorDataset data = numbered(23);
        DataLoader loader = new DataLoader(data, 5, true, 3, false);
        java.util.Iterator<DataLoader.Batch> it = loader.iterator(0, true);
        NDArray first = null;
        for (int b = 0; it.hasNext(); b++) {
            DataLoader.Batch batch = it.next();
            NDArray x = batch.x().data();
            for (int i = 0; i < batch.size(); i++) {
                assertThat(batch.y().data().get(i)).isEqualTo(batch.rows()[i]);
                assertThat(x.get(2 * i + 1)).isEqualTo(10 * batch.rows()[i]);
            }
            if (b == 0) {
                first = x;
            } else if (batch.size() == 5) {
                assertThat(x).as("batch %d", b).isSameAs(first);
            } else {
                assertThat(x).as("the short last batch").isNotSameAs(first);
            }
        }

        it = loader.iterator(0, true);
        org.jgrad.autograd.Tensor w = org.jgrad.autograd.Tensor.of(NDArray.of(new float[] {1, 2}, Shape.of(2, 1)))
                .requiresGrad(true);
        org.jgrad.autograd.Tensor stale = it.next().x().matmul(w).sum();
        it.next().x(); // the next batch's rows into the same array
        assertThatThrownBy(stale::backward).hasMessageContaining("modified by an inplace operation");

        // in turns, each of the two threads has arrays of its own: the batches it steps on hold their rows
        List<Integer> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        loader.forEachInTurns(2, 0, batch -> {
            for (int i = 0; i < batch.size(); i++) {
                assertThat(batch.y().data().get(i)).isEqualTo(batch.rows()[i]);
                assertThat(batch.x().data().get(2 * i)).isEqualTo(batch.rows()[i]);
                seen.add(batch.rows()[i]);
            }
        }, () -> false, true);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 23).boxed()
                .toList());
    }
}

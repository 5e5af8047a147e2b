package org.jgrad.models.data;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;

/**
 * Splits a {@link TensorDataset} into batches, one pass (epoch) per {@link #iterator()} (PyTorch's
 * {@code DataLoader}). Every example appears exactly once per epoch (with {@code dropLast}, the last short batch is
 * left out). With {@code shuffle}, each epoch draws a new order from one generator seeded at construction, so the
 * sequence of epochs is reproducible from the seed; without it the order is the dataset's. Given a seed, the
 * generator is a {@link ResumableRandom} of its own; given a {@link TorchGenerator} (usually the one that initialised
 * the model), each epoch's order is that generator's {@code randperm(m)}, as a PyTorch loop
 * {@code for idx in torch.randperm(m).split(batch)} draws it after {@code torch.manual_seed}.
 *
 * <p>Full batch ({@code batchSize = m}), stochastic ({@code 1}) and mini-batch gradient descent are the same loop
 * with a different batch size (tutorial 001's three variants):
 *
 * <pre>{@code
 * DataLoader loader = new DataLoader(dataset, 32, true, 42, false);
 * for (int epoch = 0; epoch < 5; epoch++) {
 *     for (DataLoader.Batch b : loader) {
 *         Tensor loss = criterion.forward(model.forward(b.x()), b.y());
 *         optimizer.zeroGrad();
 *         loss.backward();
 *         optimizer.step();
 *     }
 * }
 * }</pre>
 *
 * <p>With {@code workers > 0} (PyTorch's {@code num_workers}), up to that many batches are gathered ahead, each on a
 * virtual thread of its own, while the loop trains on the current one: the same batches in the same order, the
 * gathering off the training thread. That is worth it on a core the training does not use; when the kernels already
 * split their work across the cores ({@code Parallel.threads() > 1}), the gathering competes with them: mlp's
 * two-thread epoch (batches of 128 rows of 784) took 278-296 ms with one worker against 243-261 without.
 */
public final class DataLoader implements Iterable<DataLoader.Batch> {
    private final TensorDataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    /** The shuffling generator: exactly one of the two is set. */
    private final ResumableRandom random;
    private final TorchGenerator torch;
    private final int workers;

    /**
     * One batch: features {@code (b, ...)} and targets {@code (b, ...)}, leaf tensors not requiring grad, and the rows
     * of the data set they hold. The rows are copied out when {@link #x()} or {@link #y()} is first called (by the
     * thread that gathers ahead, with workers or in turns), so that a step that reads the rows where they are
     * ({@code BCEWithLogitsLoss.forward(linear, x, y, rows)}, as {@code Trainer} does for logistic regression) copies
     * nothing. A batch is used by one thread at a time.
     */
    public static final class Batch {
        private final TensorDataset dataset;
        private final int[] rows;
        /** Arrays of the batch's shapes to gather into, reused from batch to batch; null: new arrays. */
        private final Buffers buffers;
        private Tensor x;
        private Tensor y;

        /** Rows {@code rows} of {@code dataset}; null rows: the whole data set in its order. */
        private Batch(TensorDataset dataset, int[] rows, Buffers buffers) {
            this.dataset = dataset;
            this.rows = rows;
            this.buffers = buffers;
        }

        /** The features, gathered on the first call. */
        public Tensor x() {
            if (x == null) {
                x = Tensor.of(rows == null ? dataset.x() : gather(dataset.x(), buffers == null ? null : buffers.x));
            }
            return x;
        }

        /** The targets, gathered on the first call. */
        public Tensor y() {
            if (y == null) {
                y = Tensor.of(rows == null ? dataset.y() : gather(dataset.y(), buffers == null ? null : buffers.y));
            }
            return y;
        }

        /**
         * The batch's rows of {@code a} in a new array, or in {@code into}, which is then marked changed in place, so
         * that a graph still holding the batch that used it before is refused at backward.
         */
        private NDArray gather(NDArray a, NDArray into) {
            if (into == null) {
                return TensorDataset.gatherRows(a, rows);
            }
            TensorDataset.gatherRows(a, rows, 0, rows.length, into);
            into.markModified();
            return into;
        }

        /** Number of examples in the batch. */
        public int size() {
            return rows == null ? dataset.size() : rows.length;
        }

        /** The batch's rows of {@link #dataset()}, in order (a copy of the loader's). */
        public int[] rows() {
            return rows == null ? java.util.stream.IntStream.range(0, dataset.size()).toArray() : rows.clone();
        }

        /** The data set the batch's rows come from. */
        public TensorDataset dataset() {
            return dataset;
        }

        /**
         * Whether {@link #x()} and {@link #y()} are at hand without copying rows: the batch is the whole data set in
         * its order, or its rows were gathered already (by a worker, by a thread taking turns, or by a call).
         */
        public boolean isMaterialized() {
            return rows == null || x != null && y != null;
        }

        /** This batch with its features and targets gathered. */
        Batch gathered() {
            x();
            y();
            return this;
        }
    }

    public DataLoader(TensorDataset dataset, int batchSize, boolean shuffle, long seed, boolean dropLast) {
        this(dataset, batchSize, shuffle, seed, dropLast, 0);
    }

    /**
     * A loader that gathers up to {@code workers} batches ahead of the one being trained on (0: each batch is
     * gathered by {@code next()} on the calling thread).
     */
    public DataLoader(TensorDataset dataset, int batchSize, boolean shuffle, long seed, boolean dropLast,
            int workers) {
        this(dataset, batchSize, shuffle, dropLast, workers, new ResumableRandom(seed), null);
    }

    /**
     * A loader whose epochs are {@code generator.randperm(m)} in turn (each epoch goes on from wherever the generator
     * is, so after the model's initialisation from the same generator they are the orders PyTorch draws).
     */
    public DataLoader(TensorDataset dataset, int batchSize, boolean shuffle, TorchGenerator generator,
            boolean dropLast) {
        this(dataset, batchSize, shuffle, generator, dropLast, 0);
    }

    /** As {@link #DataLoader(TensorDataset, int, boolean, TorchGenerator, boolean)}, gathering ahead with workers. */
    public DataLoader(TensorDataset dataset, int batchSize, boolean shuffle, TorchGenerator generator,
            boolean dropLast, int workers) {
        this(dataset, batchSize, shuffle, dropLast, workers, null, requireGenerator(generator));
    }

    private static TorchGenerator requireGenerator(TorchGenerator generator) {
        if (generator == null) {
            throw new IllegalArgumentException("DataLoader: the generator is null; pass a TorchGenerator or a seed");
        }
        return generator;
    }

    private DataLoader(TensorDataset dataset, int batchSize, boolean shuffle, boolean dropLast, int workers,
            ResumableRandom random, TorchGenerator torch) {
        if (workers < 0) {
            throw new IllegalArgumentException("DataLoader: expected workers >= 0, got " + workers);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("DataLoader: expected a batch size >= 1, got " + batchSize);
        }
        if (dataset.size() == 0) {
            throw new DataException("DataLoader: the data set is empty (expected at least one example)");
        }
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.random = random;
        this.torch = torch;
        this.workers = workers;
    }

    /** Number of batches in one epoch. */
    public int batches() {
        int m = dataset.size();
        return dropLast ? m / batchSize : (m + batchSize - 1) / batchSize;
    }

    public int batchSize() {
        return batchSize;
    }

    /** The example order of the next epoch: a permutation of {@code 0..m-1}. */
    private int[] nextOrder() {
        if (!shuffle) {
            return java.util.stream.IntStream.range(0, dataset.size()).toArray();
        }
        return torch != null ? torch.randperm(dataset.size()) : Shuffle.permutation(dataset.size(), random);
    }

    /**
     * The state of the shuffling generator (see {@link ResumableRandom#state()} and {@link TorchGenerator#state()}):
     * save it before an epoch, and {@link #setGeneratorState} brings back that epoch's order and every later one.
     */
    public long generatorState() {
        return torch != null ? torch.state() : random.state();
    }

    /** Restores a state from {@link #generatorState()}. */
    public void setGeneratorState(long state) {
        if (torch != null) {
            torch.setState(state);
        } else {
            random.setState(state);
        }
    }

    /** The batches of a new epoch. */
    @Override
    public Iterator<Batch> iterator() {
        return iterator(0);
    }

    /**
     * The batches of a new epoch from batch {@code firstBatch} on: the epoch's order is drawn as by
     * {@link #iterator()}, and the batches before {@code firstBatch} are not built (resuming an epoch).
     */
    public Iterator<Batch> iterator(int firstBatch) {
        return iterator(firstBatch, false);
    }

    /**
     * {@link #iterator(int)}, and with {@code reuseBuffers} (and no workers) every batch gathered into the same
     * arrays, as a loop that copies each batch into one buffer would: a batch's values last until the next batch's
     * features or targets are read, so the loop must not keep a batch past its step (a graph that still holds one
     * is refused at backward, as after any change in place). PyTorch's loader gives new tensors, whose memory its
     * allocator hands back warm; here a new array is memory the collector has not touched for a while, filled
     * with zeros first (mlp's batch of 128 rows of 784: 100-106 us a batch gathered into new arrays, 72-75 into
     * reused ones).
     */
    public Iterator<Batch> iterator(int firstBatch, boolean reuseBuffers) {
        int count = batches();
        requireBatch(firstBatch, count);
        int[] order = nextOrder();
        Buffers[] reused = reuseBuffers && workers == 0 ? new Buffers[1] : null;
        return new Iterator<>() {
            private int next = firstBatch;
            /** batches next, next + 1, ... being gathered ahead, at most {@code workers} of them */
            private final ArrayDeque<FutureTask<Batch>> ahead = new ArrayDeque<>();
            private int requested = firstBatch;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the epoch has " + count + " batches");
                }
                if (workers == 0) {
                    return build(next++);
                }
                while (requested < count && requested - next <= workers) {
                    int b = requested++;
                    FutureTask<Batch> task = new FutureTask<>(() -> build(b).gathered());
                    Thread.startVirtualThread(task);
                    ahead.add(task);
                }
                next++;
                return take(ahead.remove());
            }

            private Batch build(int b) {
                return DataLoader.this.build(order, b, reused);
            }
        };
    }

    /**
     * One epoch on {@code threads} threads that take turns ({@link Turns}): each batch is gathered by one of them
     * while the others gather theirs or train, and the same thread then runs {@code step} on it once the previous
     * batch's step has returned. The steps see the batches of {@link #iterator()} (the same order drawn from the
     * generator) one at a time and in order, so the model ends with the same bits as the loop {@code for (Batch b :
     * loader) step.accept(b)}; only the gathering runs on several cores, and each batch is read by the core that
     * gathered it. With one thread it is that loop. The loader's {@code workers} take no part: the threads of the
     * turns do the gathering. A step's exception stops the epoch and is rethrown here.
     *
     * <pre>{@code
     * loader.forEachInTurns(2, b -> {
     *     Tensor loss = criterion.forward(model.forward(b.x()), b.y());
     *     optimizer.zeroGrad();
     *     loss.backward();
     *     optimizer.step();
     * });
     * }</pre>
     *
     * @throws IllegalArgumentException when {@code threads < 1}
     */
    public void forEachInTurns(int threads, Consumer<? super Batch> step) {
        forEachInTurns(threads, 0, step, () -> false);
    }

    /**
     * {@link #forEachInTurns(int, Consumer)} from batch {@code firstBatch} of a new epoch (the order drawn as by
     * {@link #iterator(int)}), stopping after the step for which {@code stopAfter}, asked on the thread that ran
     * it, says true. Returns the first batch not stepped: {@link #batches()} when the epoch was finished.
     *
     * @throws IllegalArgumentException when {@code threads < 1} or {@code firstBatch} is not in {@code [0, batches]}
     */
    public int forEachInTurns(int threads, int firstBatch, Consumer<? super Batch> step, BooleanSupplier stopAfter) {
        return forEachInTurns(threads, firstBatch, step, stopAfter, false);
    }

    /**
     * {@link #forEachInTurns(int, int, Consumer, BooleanSupplier)}, and with {@code reuseBuffers} each thread gathers
     * its batches into arrays of its own, reused from one of its batches to the next (as {@link #iterator(int,
     * boolean)} does on one thread): a step must not keep its batch past its return.
     */
    public int forEachInTurns(int threads, int firstBatch, Consumer<? super Batch> step, BooleanSupplier stopAfter,
            boolean reuseBuffers) {
        if (threads < 1) {
            throw new IllegalArgumentException("DataLoader: expected threads >= 1, got " + threads);
        }
        int count = batches();
        requireBatch(firstBatch, count);
        int[] order = nextOrder();
        // thread b % threads prepares batch b + threads after its step on batch b has returned (Turns)
        Buffers[] reused = reuseBuffers ? new Buffers[threads] : null;
        return Turns.run(threads, firstBatch, count, b -> build(order, b, reused).gathered(), step, stopAfter);
    }

    /**
     * Batch {@code b} of the epoch {@code order}, gathered into new arrays when first read (or the data set itself
     * when that is the batch).
     */
    private Batch build(int[] order, int b, Buffers[] reused) {
        int start = b * batchSize;
        int end = Math.min(start + batchSize, order.length);
        if (!shuffle && batches() == 1 && batchSize >= order.length) {
            return new Batch(dataset, null, null);
        }
        Buffers buffers = null;
        if (reused != null) {
            int slot = b % reused.length;
            if (reused[slot] == null || reused[slot].rows() != end - start) {
                reused[slot] = new Buffers(dataset, end - start);
            }
            buffers = reused[slot];
        }
        return new Batch(dataset, java.util.Arrays.copyOfRange(order, start, end), buffers);
    }

    /** A batch's arrays, features and targets of {@code rows} rows, for batches to gather into in turn. */
    private record Buffers(NDArray x, NDArray y) {
        Buffers(TensorDataset dataset, int rows) {
            this(NDArray.zeros(dataset.x().dtype(), withRows(dataset.x().shape(), rows)),
                    NDArray.zeros(dataset.y().dtype(), withRows(dataset.y().shape(), rows)));
        }

        int rows() {
            return x.shape().dim(0);
        }

        private static Shape withRows(Shape shape, int rows) {
            int[] dims = shape.dims();
            dims[0] = rows;
            return Shape.of(dims);
        }
    }

    private static void requireBatch(int firstBatch, int count) {
        if (firstBatch < 0 || firstBatch > count) {
            throw new IllegalArgumentException("DataLoader: batch " + firstBatch + " is out of range for an epoch of "
                    + count + " batches");
        }
    }

    /** The batch a worker gathered; its failure is rethrown as it was (an unchecked exception or error). */
    private static Batch take(FutureTask<Batch> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("DataLoader: interrupted while waiting for a batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("DataLoader: gathering a batch failed", e.getCause());
        }
    }
}

package org.jgrad.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.jgrad.models.data.DataException;
import org.jgrad.models.data.LabeledData;

/**
 * A training set spread over a Spark cluster: each partition's rows turned, once, into dense float
 * {@link RowBlock}s of at most {@code blockRows} rows and kept in memory ({@code MEMORY_ONLY}, so a lost block is
 * recomputed from its source). Building one runs a Spark job that reads the input, fills the cache and counts the
 * rows; every row must have the same number of features.
 *
 * <pre>{@code
 * BlockedData data = BlockedData.of(sc, train, 4, BlockedData.DEFAULT_BLOCK_ROWS);   // from the driver's memory
 * BlockedData csv = SparkInput.csv(spark, "hdfs:///data/train.csv");                // read by the executors
 * }</pre>
 */
public final class BlockedData implements AutoCloseable {
    /** Rows per block: 4096 rows of 100 floats are 1.6 MB, about what MLlib's blocks hold (1 MB by default). */
    public static final int DEFAULT_BLOCK_ROWS = 4096;

    private final JavaRDD<RowBlock> blocks;
    private final long rows;
    private final int features;

    private BlockedData(JavaRDD<RowBlock> blocks, long rows, int features) {
        this.blocks = blocks;
        this.rows = rows;
        this.features = features;
    }

    /**
     * The rows of {@code data} (already in the driver's memory) in {@code partitions} contiguous slices, in order:
     * slice {@code p} holds rows {@code [p m / P, (p + 1) m / P)}.
     */
    public static BlockedData of(JavaSparkContext sc, LabeledData data, int partitions, int blockRows) {
        requirePositive("partitions", partitions);
        requirePositive("block rows", blockRows);
        int m = data.rows();
        int n = data.features();
        float[] x = data.x().floats();
        float[] y = data.y().floats();
        List<List<RowBlock>> slices = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            int from = (int) ((long) p * m / partitions);
            int to = (int) ((long) (p + 1) * m / partitions);
            List<RowBlock> slice = new ArrayList<>();
            for (int start = from, k = 0; start < to; start += blockRows, k++) {
                int end = Math.min(to, start + blockRows);
                float[] bx = java.util.Arrays.copyOfRange(x, start * n, end * n);
                float[] by = java.util.Arrays.copyOfRange(y, start, end);
                slice.add(new RowBlock(((long) p << 32) | k, bx, by, n));
            }
            slices.add(slice);
        }
        // one list per slice: parallelize puts element p into partition p
        JavaRDD<RowBlock> blocks = sc.parallelize(slices, partitions).flatMap(List::iterator);
        return cache(blocks, m, n);
    }

    /**
     * Rows given as float arrays, features then the label in the last cell (what {@link SparkInput} makes from CSV,
     * Parquet or a {@code Dataset<Row>}), blocked partition by partition in their order.
     *
     * @param source what the rows came from, for error messages (a path, or a description)
     * @throws DataException when there are no rows or rows differ in width
     */
    public static BlockedData fromRows(JavaRDD<float[]> rowsWithLabel, int blockRows, String source) {
        requirePositive("block rows", blockRows);
        JavaRDD<RowBlock> blocks = rowsWithLabel.mapPartitionsWithIndex(
                (p, it) -> blocksOf(p, it, blockRows, source), true);
        blocks.persist(StorageLevel.MEMORY_ONLY());
        // one pass fills the cache and finds the row count and the range of widths
        long[] stats;
        try {
            stats = blocks.aggregate(new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE},
                    (s, b) -> new long[] {s[0] + b.rows(), Math.min(s[1], b.features()), Math.max(s[2], b.features())},
                    (a, b) -> new long[] {a[0] + b[0], Math.min(a[1], b[1]), Math.max(a[2], b[2])});
        } catch (Exception e) { // Spark's job failure is a checked SparkException, thrown undeclared from Scala
            blocks.unpersist(false);
            throw dataErrorIn(e);
        }
        if (stats[0] == 0) {
            blocks.unpersist(false);
            throw new DataException(source + ": no data rows (expected numeric rows and a label column)");
        }
        if (stats[1] != stats[2]) {
            blocks.unpersist(false);
            throw new DataException(source + ": rows have between " + (stats[1] + 1) + " and " + (stats[2] + 1)
                    + " columns; expected one width for every row");
        }
        return new BlockedData(blocks, stats[0], (int) stats[1]);
    }

    /**
     * A bad row fails its task, and Spark reports the job's failure with the task's exception in its message
     * ({@code ...: org.jgrad.models.data.DataException: FILE, row ...}), not always as the cause: that line, as a
     * DataException of its own.
     */
    static RuntimeException dataErrorIn(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataException d) {
                return new DataException(d.getMessage());
            }
            String marker = DataException.class.getName() + ": ";
            String text = t.getMessage();
            int at = text == null ? -1 : text.indexOf(marker);
            if (at >= 0) {
                String rest = text.substring(at + marker.length());
                int end = rest.indexOf('\n');
                return new DataException(end < 0 ? rest : rest.substring(0, end));
            }
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }

    private static Iterator<RowBlock> blocksOf(int partition, Iterator<float[]> it, int blockRows, String source) {
        List<RowBlock> out = new ArrayList<>();
        int width = -1;
        List<float[]> pending = new ArrayList<>();
        while (it.hasNext()) {
            float[] row = it.next();
            if (width < 0) {
                width = row.length;
                if (width < 2) {
                    throw new DataException(source + ": rows have " + width + " column; expected at least one "
                            + "feature and a label");
                }
            } else if (row.length != width) {
                throw new DataException(source + ": a row of " + row.length + " columns in partition " + partition
                        + ", expected " + width + " like the partition's first row");
            }
            pending.add(row);
            if (pending.size() == blockRows) {
                out.add(block(partition, out.size(), pending));
                pending.clear();
            }
        }
        if (!pending.isEmpty()) {
            out.add(block(partition, out.size(), pending));
        }
        return out.iterator();
    }

    private static RowBlock block(int partition, int index, List<float[]> rows) {
        int n = rows.get(0).length - 1;
        float[] x = new float[rows.size() * n];
        float[] y = new float[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            float[] r = rows.get(i);
            System.arraycopy(r, 0, x, i * n, n);
            y[i] = r[n];
        }
        return new RowBlock(((long) partition << 32) | index, x, y, n);
    }

    private static BlockedData cache(JavaRDD<RowBlock> blocks, long rows, int features) {
        blocks.persist(StorageLevel.MEMORY_ONLY());
        blocks.count();
        return new BlockedData(blocks, rows, features);
    }

    private static void requirePositive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("BlockedData: " + what + " must be >= 1, got " + value);
        }
    }

    /** The cached blocks. */
    public JavaRDD<RowBlock> blocks() {
        return blocks;
    }

    /** Number of examples. */
    public long rows() {
        return rows;
    }

    /** Number of features per example. */
    public int features() {
        return features;
    }

    /** Number of Spark partitions. */
    public int partitions() {
        return blocks.getNumPartitions();
    }

    /** Drops the cached blocks. */
    @Override
    public void close() {
        blocks.unpersist(false);
    }
}

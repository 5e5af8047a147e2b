package org.jgrad.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jgrad.models.data.DataException;
import scala.Tuple2;

/**
 * Reads training data into {@link BlockedData} with Spark's own readers, so each executor reads its share:
 * CSV with the conventions of {@code jgrad train} (numbers only, an optional header line recognised by a first
 * line with no numeric cell, the label in the last column), Parquet (numeric columns, the label last), or a
 * {@code Dataset<Row>} with a features column (an array of numbers or an ML {@code Vector}) and a label column.
 *
 * <p>{@code partitions > 0} spreads the rows over that many partitions in contiguous runs, in the order Spark read
 * them (numbered with {@code zipWithIndex}, moved by a range of row numbers, sorted back by number), so every run
 * over the same input sees the same blocks; 0 keeps Spark's partitions as read.
 *
 * <pre>{@code
 * BlockedData a = SparkInput.csv(spark, "hdfs:///data/train.csv", 64);
 * BlockedData b = SparkInput.dataset(df, "features", "label", 0);
 * }</pre>
 */
public final class SparkInput {
    private SparkInput() {
    }

    /** A CSV file, or a directory of CSV files that all have a header line or none. */
    public static BlockedData csv(SparkSession spark, String path, int partitions) {
        boolean header = firstLineIsHeader(spark, path);
        Dataset<Row> df = spark.read().option("header", header).option("mode", "FAILFAST")
                .option("ignoreLeadingWhiteSpace", true).option("ignoreTrailingWhiteSpace", true).csv(path);
        JavaRDD<float[]> rows = df.javaRDD().map(r -> parseCsvRow(path, r));
        return BlockedData.fromRows(spread(rows, partitions), BlockedData.DEFAULT_BLOCK_ROWS, path);
    }

    /** A Parquet file or directory whose columns are all numeric, the label last. */
    public static BlockedData parquet(SparkSession spark, String path, int partitions) {
        return rows(spark.read().parquet(path), partitions, path);
    }

    /** A data frame whose columns are all numeric, the label last; {@code source} names it in errors. */
    public static BlockedData rows(Dataset<Row> df, int partitions, String source) {
        JavaRDD<float[]> rows = df.javaRDD().map(r -> numericRow(source, r));
        return BlockedData.fromRows(spread(rows, partitions), BlockedData.DEFAULT_BLOCK_ROWS, source);
    }

    /**
     * A data frame with a features column (array of numbers, or an ML {@code Vector}) and a numeric label column.
     */
    public static BlockedData dataset(Dataset<Row> df, String featuresColumn, String labelColumn, int partitions) {
        List<String> columns = Arrays.asList(df.columns());
        for (String c : List.of(featuresColumn, labelColumn)) {
            if (!columns.contains(c)) {
                throw new DataException("Dataset: no column named '" + c + "'; it has " + columns);
            }
        }
        String source = "Dataset[" + featuresColumn + ", " + labelColumn + "]";
        JavaRDD<float[]> rows = df.select(featuresColumn, labelColumn).javaRDD()
                .map(r -> featuresAndLabel(source, r));
        return BlockedData.fromRows(spread(rows, partitions), BlockedData.DEFAULT_BLOCK_ROWS, source);
    }

    /** Contiguous runs of rows over {@code partitions} partitions, in read order (see the class comment). */
    static JavaRDD<float[]> spread(JavaRDD<float[]> rows, int partitions) {
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions must be >= 0, got " + partitions);
        }
        if (partitions == 0) {
            return rows;
        }
        long total;
        try {
            total = rows.count();
        } catch (Exception e) { // a checked SparkException, thrown undeclared from Scala
            throw BlockedData.dataErrorIn(e);
        }
        Partitioner byRange = new RowRange(partitions, Math.max(1, total));
        return rows.zipWithIndex().mapToPair(Tuple2::swap).repartitionAndSortWithinPartitions(byRange).values();
    }

    /** Row number {@code i} of {@code total} goes to partition {@code i * partitions / total}. */
    private static final class RowRange extends HashPartitioner {
        private static final long serialVersionUID = 1L;
        private final long total;

        RowRange(int partitions, long total) {
            super(partitions);
            this.total = total;
        }

        @Override
        public int getPartition(Object key) {
            return (int) Math.min(numPartitions() - 1, (long) key * numPartitions() / total);
        }
    }

    private static boolean firstLineIsHeader(SparkSession spark, String path) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(p)) {
                throw new DataException(path + ": no such file");
            }
            FileStatus first = fs.getFileStatus(p);
            if (first.isDirectory()) {
                first = Arrays.stream(fs.listStatus(p)).filter(FileStatus::isFile)
                        .filter(s -> !s.getPath().getName().startsWith("_") && !s.getPath().getName().startsWith("."))
                        .min((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()))
                        .orElseThrow(() -> new DataException(path + ": no data files in the directory"));
            }
            try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(first.getPath()),
                    StandardCharsets.UTF_8))) {
                String line = in.readLine();
                while (line != null && line.isBlank()) {
                    line = in.readLine();
                }
                if (line == null) {
                    throw new DataException(path + ": no data rows (expected numeric rows and a label column)");
                }
                return Arrays.stream(line.split(",", -1)).map(String::trim).noneMatch(SparkInput::isNumeric);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": " + e.getMessage(), e);
        }
    }

    private static float[] parseCsvRow(String path, Row r) {
        float[] out = new float[r.size()];
        for (int c = 0; c < out.length; c++) {
            String cell = r.isNullAt(c) ? "" : r.getString(c);
            if (!isNumeric(cell)) {
                throw new DataException(path + ", row " + r + ", column " + (c + 1) + ": expected a number, found '"
                        + cell + "'");
            }
            out[c] = finite(path, r, c, Float.parseFloat(cell));
        }
        return out;
    }

    private static float[] numericRow(String source, Row r) {
        float[] out = new float[r.size()];
        for (int c = 0; c < out.length; c++) {
            out[c] = finite(source, r, c, number(source, r, c, r.isNullAt(c) ? null : r.get(c)));
        }
        return out;
    }

    private static float[] featuresAndLabel(String source, Row r) {
        double[] features = vector(source, r, r.isNullAt(0) ? null : r.get(0));
        float[] out = new float[features.length + 1];
        for (int c = 0; c < features.length; c++) {
            out[c] = finite(source, r, 0, (float) features[c]);
        }
        out[features.length] = finite(source, r, 1, number(source, r, 1, r.isNullAt(1) ? null : r.get(1)));
        return out;
    }

    private static float number(String source, Row r, int c, Object v) {
        if (v instanceof Number n) {
            return n.floatValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        throw new DataException(source + ", row " + r + ", column " + (c + 1) + ": expected a number, found "
                + (v == null ? "null" : v.getClass().getSimpleName() + " '" + v + "'"));
    }

    /** An array column ({@code List} of numbers in a Row) or anything with {@code double[] toArray()}. */
    private static double[] vector(String source, Row r, Object v) {
        if (v instanceof scala.collection.Seq<?> seq) {
            double[] out = new double[seq.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = number(source, r, 0, seq.apply(i));
            }
            return out;
        }
        if (v != null) {
            try {
                Method toArray = v.getClass().getMethod("toArray");
                if (toArray.getReturnType() == double[].class) {
                    return (double[]) toArray.invoke(v);
                }
            } catch (ReflectiveOperationException e) {
                // not a vector: reported below
            }
        }
        throw new DataException(source + ", row " + r + ": expected the features as an array of numbers or a "
                + "Vector, found " + (v == null ? "null" : v.getClass().getSimpleName()));
    }

    private static float finite(String source, Row r, int c, float v) {
        if (!Float.isFinite(v)) {
            throw new DataException(source + ", row " + r + ", column " + (c + 1) + ": expected a finite number, "
                    + "found " + v);
        }
        return v;
    }

    /** The test of {@code CsvReader}: a number Java parses, without a type suffix. */
    private static boolean isNumeric(String s) {
        if (s.isEmpty()) {
            return false;
        }
        try {
            Float.parseFloat(s);
            return !s.endsWith("f") && !s.endsWith("d") && !s.endsWith("F") && !s.endsWith("D");
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

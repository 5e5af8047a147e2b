package org.jgrad.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.jgrad.models.data.CsvReader;
import org.jgrad.models.data.DataException;
import org.jgrad.models.data.LabeledData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkInputTest {
    private static SparkSession spark() {
        return LocalSpark.get().spark();
    }

    /** The blocks' rows in data-set order (block ids: partition, then position), features then label. */
    private static List<float[]> rowsOf(BlockedData data) {
        List<RowBlock> blocks = new ArrayList<>(data.blocks().collect());
        blocks.sort(Comparator.comparingLong(RowBlock::id));
        List<float[]> rows = new ArrayList<>();
        for (RowBlock b : blocks) {
            for (int i = 0; i < b.rows(); i++) {
                float[] r = new float[b.features() + 1];
                System.arraycopy(b.x(), i * b.features(), r, 0, b.features());
                r[b.features()] = b.y()[i];
                rows.add(r);
            }
        }
        return rows;
    }

    /** The rows CsvReader (Commons CSV, the single-machine reader) makes of the same file. */
    private static List<float[]> expected(Path file) throws IOException {
        LabeledData d = CsvReader.read(file);
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < d.rows(); i++) {
            float[] r = new float[d.features() + 1];
            System.arraycopy(d.x().floats(), i * d.features(), r, 0, d.features());
            r[d.features()] = d.y().floats()[i];
            rows.add(r);
        }
        return rows;
    }

    private static Path csv(Path dir, String name, boolean header, int rows) throws IOException {
        StringBuilder sb = new StringBuilder(header ? "a, b,label\n" : "");
        for (int i = 0; i < rows; i++) {
            sb.append(i * 0.5).append(", ").append(-i).append('e').append(-2).append(',').append(i % 2).append('\n');
        }
        Path file = dir.resolve(name);
        Files.writeString(file, sb.toString());
        return file;
    }

    @Test
    void csvWithAndWithoutHeaderReadsTheRowsOfCsvReaderInOrder(@TempDir Path dir) throws IOException {
        for (boolean header : new boolean[] {true, false}) {
            Path file = csv(dir, "t" + header + ".csv", header, 25);
            try (BlockedData data = SparkInput.csv(spark(), file.toString(), 3)) {
                assertThat(data.rows()).isEqualTo(25);
                assertThat(data.features()).isEqualTo(2);
                assertThat(data.partitions()).isEqualTo(3);
                assertThat(rowsOf(data)).containsExactlyElementsOf(expected(file));
            }
        }
    }

    @Test
    void aNonNumericCellIsAnErrorNamingTheFileAndTheCell(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "1,2,0\n3,abc,1\n");
        assertThatThrownBy(() -> SparkInput.csv(spark(), file.toString(), 0))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("column 2: expected a number, found 'abc'");
        assertThatThrownBy(() -> SparkInput.csv(spark(), dir.resolve("none.csv").toString(), 0))
                .isInstanceOf(DataException.class).hasMessageEndingWith("none.csv: no such file");
    }

    /**
     * {@code three-rows.parquet} was written once by Spark 4.2 (kept as a resource: writing Parquet in every build
     * costs tens of seconds): {@code createDataFrame} of the rows (0.25, 1.5f, 1), (-3.0, 2f, 0), (7.0, -0.5f, 1)
     * with columns x1 double, x2 float, y int, {@code coalesce(1).write().parquet(dir)}, the one part file copied.
     */
    @Test
    void parquetWithNumericColumnsGivesItsRowsWithTheLabelLast() throws Exception {
        String path = Path.of(SparkInputTest.class.getResource("three-rows.parquet").toURI()).toString();
        try (BlockedData data = SparkInput.parquet(spark(), path, 2)) {
            assertThat(data.partitions()).isEqualTo(2);
            assertThat(rowsOf(data)).containsExactly(new float[] {0.25f, 1.5f, 1}, new float[] {-3, 2, 0},
                    new float[] {7, -0.5f, 1});
        }
    }

    @Test
    void aDatasetWithAnArrayFeaturesColumnAndALabelColumn() {
        StructType schema = new StructType().add("id", DataTypes.StringType)
                .add("features", DataTypes.createArrayType(DataTypes.DoubleType)).add("label", DataTypes.DoubleType);
        List<Row> rows = List.of(RowFactory.create("a", new double[] {1, 2, 3}, 0.0),
                RowFactory.create("b", new double[] {4, 5, 6}, 1.0));
        Dataset<Row> df = spark().createDataFrame(rows, schema);
        try (BlockedData data = SparkInput.dataset(df, "features", "label", 0)) {
            assertThat(data.features()).isEqualTo(3);
            assertThat(rowsOf(data)).containsExactly(new float[] {1, 2, 3, 0}, new float[] {4, 5, 6, 1});
        }
        assertThatThrownBy(() -> SparkInput.dataset(df, "x", "label", 0)).isInstanceOf(DataException.class)
                .hasMessage("Dataset: no column named 'x'; it has [id, features, label]");
    }
}

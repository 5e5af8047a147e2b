package org.jgrad.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark session for jgrad's own runs (the command line, tests, benchmarks): quiet (warnings only), without the
 * web UI. Spark keeps its block and shuffle files under {@code java.io.tmpdir} (its default {@code spark.local.dir})
 * and deletes them when it stops; its SQL warehouse, should anything use one, goes to a fresh directory there that
 * {@link Session#close()} removes. A {@code local[...]} master runs embedded in this JVM, bound to 127.0.0.1; any other master
 * ({@code spark://host:7077}) runs the driver here in client mode, reachable at this machine's address.
 *
 * <pre>{@code
 * try (SparkSessions.Session s = SparkSessions.open("local[2]")) {
 *     BlockedData data = SparkInput.csv(s.spark(), "train.csv", 2);
 *     ...
 * }
 * }</pre>
 */
public final class SparkSessions {
    private static final String LOG_CONFIG = "org/jgrad/spark/log4j2-quiet.properties";

    private SparkSessions() {
    }

    /** An open session and its scratch directory. */
    public record Session(SparkSession spark, Path scratch) implements AutoCloseable {
        /** Stops Spark and deletes the scratch directory. */
        @Override
        public void close() {
            try {
                spark.stop();
            } finally {
                deleteTree(scratch);
            }
        }
    }

    /**
     * Starts (or joins the running) session on {@code master}: {@code local}, {@code local[N]}, {@code local[*]},
     * {@code local[N,F]} (F attempts per task) or a cluster URL.
     */
    public static Session open(String master) {
        quietLogging();
        Path scratch;
        try {
            scratch = Files.createTempDirectory("jgrad-spark-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Spark's scratch directory under "
                    + System.getProperty("java.io.tmpdir"), e);
        }
        SparkSession.Builder b = SparkSession.builder().master(master).appName("jgrad")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.warehouse.dir", scratch.resolve("warehouse").toUri().toString());
        if (master.startsWith("local")) {
            b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        } else {
            // client mode: the executors load jgrad's classes from the jars this driver runs from, and read the
            // Vector API as the driver does (without it jgrad logs one warning and runs its scalar kernels)
            String jars = jgradJars();
            if (!jars.isEmpty()) {
                b.config("spark.jars", jars);
            }
            b.config("spark.executor.extraJavaOptions", "--add-modules=jdk.incubator.vector "
                    + "--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow");
        }
        SparkSession spark = b.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return new Session(spark, scratch);
    }

    /**
     * Warnings only, unless the user configured log4j: Spark prints INFO lines by default. Set before Spark's
     * first log call, which is when log4j reads its configuration.
     */
    private static void quietLogging() {
        if (System.getProperty("log4j2.configurationFile") == null
                && System.getProperty("log4j.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOG_CONFIG);
        }
    }

    /** The jar files of core, autograd, models and this module, comma-separated (none when run from classes). */
    private static String jgradJars() {
        List<String> jars = new ArrayList<>();
        for (Class<?> c : List.of(org.jgrad.core.NDArray.class, org.jgrad.autograd.Tensor.class,
                org.jgrad.models.nn.Module.class, SparkSessions.class)) {
            try {
                Path where = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (Files.isRegularFile(where)) {
                    jars.add(where.toString());
                }
            } catch (URISyntaxException | RuntimeException e) {
                // not from a file: the cluster must have jgrad on its class path already
            }
        }
        return String.join(",", jars);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: the directory is under the system temp directory
        }
    }
}

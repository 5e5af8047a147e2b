package org.jgrad.benchmarks.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.jgrad.models.Trainer;
import org.jgrad.models.nn.BCEWithLogitsLoss;
import org.jgrad.models.nn.Linear;
import org.jgrad.models.optim.LBFGS;
import org.jgrad.spark.BlockedData;
import org.jgrad.spark.ModelRecipe;
import org.jgrad.spark.SparkSessions;
import org.jgrad.spark.SparkTrainer;

/**
 * jgrad against MLlib on the same objective: the mean log loss of logistic regression with an intercept, no
 * regularisation, no standardisation, L-BFGS with a strong Wolfe line search and 10 correction pairs (MLlib's
 * defaults through Breeze), the same number of iterations: MLlib's tolerance is 0, so it runs until Breeze finds
 * the objective converged or reaches the iteration limit, and jgrad then runs exactly as many iterations (its
 * tolerances 0). Rounds alternate which of the two goes first (the machine is shared) and the medians are printed. jgrad's time is its training on blocks
 * cached once (its design: blocks built once per data set); MLlib's is its whole {@code fit}, which re-reads the
 * cached input into blocks of its own and computes feature statistics first; jgrad's block building is printed
 * separately. With {@code -Dmarginal} (JGRAD_BENCH_OPTS) it also prints the cost of one more iteration without a
 * fit's fixed cost: {@code (T(k) - T(1)) / (k - 1)}, for both.
 */
public final class SparkLogRegBench {
    private SparkLogRegBench() {
    }

    public static void main(String[] args) {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        int features = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        String master = args.length > 4 ? args[4] : "local[2]";
        try (SparkSessions.Session session = SparkSessions.open(master)) {
            SparkSession spark = session.spark();
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            int partitions = sc.defaultParallelism();
            System.out.printf(Locale.ROOT, "spark-logreg: %,d x %d float, %s, %d partitions, %d L-BFGS iterations%n",
                    rows, features, master, partitions, iterations);
            JavaRDD<float[]> source = SyntheticLogReg.rows(sc, rows, features, partitions, 7);

            long t0 = System.nanoTime();
            BlockedData blocks = BlockedData.fromRows(source, BlockedData.DEFAULT_BLOCK_ROWS, "synthetic");
            System.out.printf(Locale.ROOT, "jgrad blocks built and cached in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            Dataset<Row> frame = mllibInput(spark, source);

            // round 0 warms both up (the JIT compiles jgrad's kernels after a few hundred blocks) and finds how many
            // iterations MLlib makes before Breeze calls it converged; every timed run of both then makes that many
            Run warmMllib = mllib(frame, iterations);
            int k = warmMllib.iterations;
            Run warmJgrad = jgrad(blocks, k);
            System.out.printf(Locale.ROOT, "warm-up: MLlib %d iterations in %.1f s, jgrad %d in %.1f s%n", k,
                    warmMllib.seconds, k, warmJgrad.seconds);
            Linear probe = Linear.zeros(features, 1);
            SparkTrainer once = new SparkTrainer(blocks, probe, ModelRecipe.of(probe, new BCEWithLogitsLoss()),
                    new org.jgrad.models.optim.SGD(probe.parameters(), 1));
            List<Double> evaluations = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long e0 = System.nanoTime();
                once.evaluate();
                evaluations.add((System.nanoTime() - e0) / 1e9);
            }
            System.out.printf(Locale.ROOT, "one jgrad evaluation (loss and gradient over all rows), median of 5: "
                    + "%.1f ms%n", 1e3 * median(evaluations));

            List<Double> jgrad = new ArrayList<>();
            List<Double> mllib = new ArrayList<>();
            double jgradLoss = 0;
            double mllibLoss = 0;
            for (int round = 1; round <= rounds; round++) {
                // alternate which goes first: the machine is shared and its speed drifts
                Run j = round % 2 == 0 ? jgrad(blocks, k) : null;
                Run m = mllib(frame, k);
                if (j == null) {
                    j = jgrad(blocks, k);
                }
                jgrad.add(j.seconds / j.iterations);
                mllib.add(m.seconds / m.iterations);
                jgradLoss = j.loss;
                mllibLoss = m.loss;
                System.out.printf(Locale.ROOT, "round %d: jgrad %.1f ms/iteration (%d iterations, %d evaluations, "
                        + "loss %.8f), MLlib %.1f ms/iteration (%d iterations, loss %.8f)%n", round,
                        1e3 * j.seconds / j.iterations, j.iterations, j.evaluations, j.loss,
                        1e3 * m.seconds / m.iterations, m.iterations, m.loss);
            }
            if (System.getProperty("marginal") != null) {
                // without the fixed cost of a fit (MLlib's statistics pass and blocking): (T(k) - T(1)) / (k - 1)
                Run m1 = mllib(frame, 1);
                Run mk = mllib(frame, k);
                Run j1 = jgrad(blocks, 1);
                Run jk = jgrad(blocks, k);
                double mm = (mk.seconds - m1.seconds) / (mk.iterations - m1.iterations);
                double jm = (jk.seconds - j1.seconds) / (k - 1);
                System.out.printf(Locale.ROOT, "marginal: jgrad %.1f ms/iteration, MLlib %.1f ms/iteration, ratio "
                        + "%.3f (one-iteration fits: jgrad %.1f s, MLlib %.1f s)%n", 1e3 * jm, 1e3 * mm, jm / mm,
                        j1.seconds, m1.seconds);
            }
            double a = median(jgrad);
            double b = median(mllib);
            System.out.printf(Locale.ROOT, "median: jgrad %.1f ms/iteration, MLlib %.1f ms/iteration, ratio %.3f; "
                    + "final losses %.8f and %.8f (difference %.1e)%n", 1e3 * a, 1e3 * b, a / b, jgradLoss,
                    mllibLoss, Math.abs(jgradLoss - mllibLoss));
            blocks.close();
            frame.unpersist();
        }
    }

    private record Run(double seconds, int iterations, int evaluations, double loss) {
    }

    private static Run jgrad(BlockedData blocks, int iterations) {
        Linear model = Linear.zeros(blocks.features(), 1);
        LBFGS lbfgs = new LBFGS(model.parameters(), LBFGS.Options.defaults().maxIter(iterations)
                .maxEval(iterations * 25).historySize(10).toleranceGrad(0).toleranceChange(0)
                .lineSearch(LBFGS.LineSearch.STRONG_WOLFE));
        SparkTrainer trainer = new SparkTrainer(blocks, model, ModelRecipe.of(model, new BCEWithLogitsLoss()), lbfgs);
        long t0 = System.nanoTime();
        trainer.fit(1, null, 0, Trainer.Listener.NONE);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Run(seconds, iterations, lbfgs.functionEvaluations(), trainer.evaluate());
    }

    private static Run mllib(Dataset<Row> frame, int iterations) {
        LogisticRegression lr = new LogisticRegression().setMaxIter(iterations).setTol(0).setRegParam(0)
                .setElasticNetParam(0).setStandardization(false).setFitIntercept(true).setFamily("binomial");
        long t0 = System.nanoTime();
        LogisticRegressionModel model = lr.fit(frame);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[] history = model.summary().objectiveHistory();
        return new Run(seconds, model.summary().totalIterations(), 0, history[history.length - 1]);
    }

    /** The same rows as MLlib wants them (dense double vectors and a double label), cached before timing. */
    private static Dataset<Row> mllibInput(SparkSession spark, JavaRDD<float[]> source) {
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType())
                .add("label", DataTypes.DoubleType);
        JavaRDD<Row> rows = source.map(r -> {
            double[] x = new double[r.length - 1];
            for (int j = 0; j < x.length; j++) {
                x[j] = r[j];
            }
            return RowFactory.create(Vectors.dense(x), (double) r[r.length - 1]);
        });
        Dataset<Row> frame = spark.createDataFrame(rows, schema).persist(StorageLevel.MEMORY_ONLY());
        long t0 = System.nanoTime();
        frame.count();
        System.out.printf(Locale.ROOT, "MLlib input cached in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return frame;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}

package org.jgrad.examples;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.core.kernels.Kernels;
import org.jgrad.core.kernels.Parallel;
import org.jgrad.examples.plot.Charts;
import org.jgrad.models.nn.BCEWithLogitsLoss;
import org.knowm.xchart.CategoryChart;

/**
 * Tutorial 000, section 09: the gradient of logistic regression for {@code m = 209} images of
 * {@code 64 x 64 x 3 = 12288} features, {@code dw = X^T (a - y) / m}, {@code db = mean(a - y)} with
 * {@code a = sigmoid(X w + b)}, computed three ways: the tutorial's explicit loops over examples and features, the
 * Vector API kernels ({@link Kernels}), and the autograd graph. Prints each time, the speed-ups, and how far apart
 * the three results are.
 */
public final class Vectorization implements Example {

    /** The three gradients {@code (dw, db)} and the median time of each way, in milliseconds. */
    public record Result(float[][] dw, float[] db, double[] millis) {
        /** Largest {@code |dw_i - dw_j|} or {@code |db_i - db_j|} between way {@code i} and way {@code j}. */
        public double maxDifference(int i, int j) {
            double d = Math.abs(db[i] - db[j]);
            for (int k = 0; k < dw[i].length; k++) {
                d = Math.max(d, Math.abs(dw[i][k] - dw[j][k]));
            }
            return d;
        }
    }

    /**
     * Untimed runs first, so that the JIT has compiled each way before it is timed (with 3, the Vector API way was
     * still partly interpreted and its time doubled from run to run).
     */
    private static final int WARM_UPS = 10;

    static final String[] WAYS = {"explicit loops", "Vector API kernels", "autograd graph"};

    @Override
    public String name() {
        return "Vectorization";
    }

    @Override
    public String summary() {
        return "the gradient for 209 x 12288 three ways: explicit loops, Vector API kernels, autograd; times and "
                + "agreement (tutorial 000, section 09)";
    }

    @Override
    public List<Path> run(ExampleRun run) {
        int m = 209;
        int n = run.quick() ? 1024 : 12288;
        Result r = compute(m, n, run.quick() ? 2 : 15, 1);
        run.printf("gradient of logistic regression, m = %d examples, n = %d features (kernels: %s, %d threads)", m,
                n, Kernels.get().name(), Parallel.threads());
        for (int w = 0; w < 3; w++) {
            run.printf("  %-20s %9.3f ms   %6.1fx the loops", WAYS[w], r.millis()[w], r.millis()[0] / r.millis()[w]);
        }
        run.printf("largest difference: loops vs kernels %.2e, loops vs autograd %.2e (float32)",
                r.maxDifference(0, 1), r.maxDifference(0, 2));

        CategoryChart chart = Charts.bars("One gradient of 209 x " + n + " logistic regression: time (median)",
                "computed by", "milliseconds");
        chart.addSeries("time", List.of(WAYS), java.util.Arrays.stream(r.millis()).map(t -> Math.round(t * 100) / 100.0)
                .boxed().toList());
        return List.of(Charts.save(chart, run.picture("vectorization.png")));
    }

    /** Random data of {@code m x n}, then each way {@code repeats} times (after warm-ups); median times. */
    static Result compute(int m, int n, int repeats, long seed) {
        Random random = new Random(seed);
        float[] x = new float[m * n];
        float[] y = new float[m];
        float[] w = new float[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();                     // pixel values in [0, 1)
        }
        for (int i = 0; i < m; i++) {
            y[i] = random.nextBoolean() ? 1 : 0;
        }
        for (int j = 0; j < n; j++) {
            w[j] = (float) (0.01 * random.nextGaussian());
        }
        float b = 0.1f;
        float[][] dw = new float[3][n];
        float[] db = new float[3];
        double[] millis = new double[3];
        for (int way = 0; way < 3; way++) {
            double[] times = new double[repeats];
            for (int r = -WARM_UPS; r < repeats; r++) {
                long start = System.nanoTime();
                db[way] = switch (way) {
                    case 0 -> loops(x, y, w, b, m, n, dw[way]);
                    case 1 -> kernels(x, y, w, b, m, n, dw[way]);
                    default -> autograd(x, y, w, b, m, n, dw[way]);
                };
                if (r >= 0) {
                    times[r] = (System.nanoTime() - start) / 1e6;
                }
            }
            java.util.Arrays.sort(times);
            millis[way] = times[repeats / 2];
        }
        return new Result(dw, db, millis);
    }

    /** The tutorial's pseudocode: a loop over examples, and inside it a loop over features. Returns db. */
    static float loops(float[] x, float[] y, float[] w, float b, int m, int n, float[] dw) {
        java.util.Arrays.fill(dw, 0f);
        float db = 0f;
        for (int i = 0; i < m; i++) {
            float z = b;
            for (int j = 0; j < n; j++) {
                z += w[j] * x[i * n + j];
            }
            float a = (float) (1 / (1 + Math.exp(-z)));
            float dz = a - y[i];                           // dz = a - y
            for (int j = 0; j < n; j++) {
                dw[j] += x[i * n + j] * dz;                // dw_j += x_j dz
            }
            db += dz;
        }
        for (int j = 0; j < n; j++) {
            dw[j] /= m;
        }
        return db / m;
    }

    /**
     * No loop over features in this code: each example's score is one {@code dot} kernel ({@code z = X w}), each
     * example's share of {@code dw} one {@code axpy} kernel ({@code dw += dz_i x_i}, i.e. {@code dw = X^T dz}), both
     * running over contiguous rows in SIMD lanes. Returns db.
     */
    static float kernels(float[] x, float[] y, float[] w, float b, int m, int n, float[] dw) {
        Kernels k = Kernels.get();
        float[] dz = new float[m];
        for (int i = 0; i < m; i++) {
            dz[i] = k.dot(x, i * n, w, 0, n) + b;
        }
        k.sigmoid(dz, 0, dz, 0, m);
        k.sub(dz, 0, y, 0, dz, 0, m);                      // dz = a - y
        k.fill(dw, 0, 0f, n);
        for (int i = 0; i < m; i++) {
            k.axpy(dz[i], x, i * n, dw, 0, n);
        }
        k.mulScalar(dw, 0, 1f / m, dw, 0, n);
        return k.sum(dz, 0, m) / m;
    }

    /** The same gradient as the backward pass of {@code BCEWithLogitsLoss(X w + b, y)}. Returns db. */
    static float autograd(float[] x, float[] y, float[] w, float b, int m, int n, float[] dw) {
        Tensor tx = Tensor.of(NDArray.of(x, Shape.of(m, n)));
        Tensor ty = Tensor.of(NDArray.of(y, Shape.of(m, 1)));
        Tensor tw = Tensor.of(NDArray.of(w.clone(), Shape.of(n, 1))).requiresGrad(true);
        Tensor tb = Tensor.scalar(b).requiresGrad(true);
        Tensor loss = new BCEWithLogitsLoss().forward(tx.matmul(tw).add(tb), ty);
        loss.backward();
        System.arraycopy(tw.grad().data().floats(), 0, dw, 0, n);
        return (float) tb.grad().item();
    }
}

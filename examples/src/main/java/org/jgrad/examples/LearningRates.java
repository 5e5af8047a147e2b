package org.jgrad.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jgrad.autograd.Tensor;
import org.jgrad.examples.plot.Charts;
import org.jgrad.models.data.LabeledData;
import org.jgrad.models.data.TwoMoons;
import org.jgrad.models.nn.BCEWithLogitsLoss;
import org.jgrad.models.nn.Linear;
import org.jgrad.models.optim.SGD;
import org.knowm.xchart.XYChart;

/**
 * Tutorials 000 and 001: "a learning rate that is too large causes the cost to oscillate and diverge; too small,
 * and training takes too long". Logistic regression on the two moons (which no line separates, so the
 * cost has a true minimum to overshoot) is trained with learning rates from
 * 0.01 to 100, the same number of full-batch iterations each. A run whose cost becomes NaN or infinite, or rises
 * above its starting value (gradient descent from zeros overshot the minimum), is reported as diverged and left
 * out of the chart.
 */
public final class LearningRates implements Example {
    static final double[] RATES = {0.01, 0.1, 1, 10, 100};

    /** One training run: its rate, its costs (up to where it stopped) and, if it diverged, why. */
    public record Run(double lr, double[] costs, String divergence) {
        public boolean diverged() {
            return divergence != null;
        }
    }

    @Override
    public String name() {
        return "LearningRates";
    }

    @Override
    public String summary() {
        return "learning rates from too small to diverging on one chart; divergence detected and reported "
                + "(tutorials 000 and 001)";
    }

    @Override
    public List<Path> run(ExampleRun run) {
        List<Run> runs = train(run.quick() ? 60 : 300);
        XYChart chart = Charts.lines("Cost by learning rate (two moons)", "iteration", "cost (mean log loss)");
        List<String> left = new ArrayList<>();
        for (Run r : runs) {
            double[] c = r.costs();
            if (r.diverged()) {
                run.printf("lr %-6s diverged: %s", format(r.lr()), r.divergence());
                left.add(format(r.lr()));
            } else {
                run.printf("lr %-6s cost %.4f -> %.4f", format(r.lr()), c[0], c[c.length - 1]);
                Charts.line(chart, "lr " + format(r.lr()), Charts.steps(c.length), c, null);
            }
        }
        if (!left.isEmpty()) {
            chart.setTitle("Cost by learning rate (lr " + String.join(", ", left) + " diverged, not drawn)");
        }
        return List.of(Charts.save(chart, run.picture("learning_rates.png")));
    }

    /** Trains one model per rate in {@link #RATES} for {@code iterations} full-batch steps. */
    static List<Run> train(int iterations) {
        LabeledData data = TwoMoons.generate(200, 0.2, 3);
        Tensor x = Tensor.of(data.x());
        Tensor y = Tensor.of(data.y());
        List<Run> runs = new ArrayList<>();
        for (double lr : RATES) {
            Linear model = Linear.zeros(2, 1);
            BCEWithLogitsLoss criterion = new BCEWithLogitsLoss();
            SGD optimizer = new SGD(model.parameters(), lr);
            double[] costs = new double[iterations];
            String divergence = null;
            for (int i = 0; i < iterations && divergence == null; i++) {
                Tensor loss = criterion.forward(model.forward(x), y);
                costs[i] = loss.item();
                divergence = divergence(costs, i);
                optimizer.zeroGrad();
                loss.backward();
                optimizer.step();
            }
            runs.add(new Run(lr, costs, divergence));
        }
        return runs;
    }

    /** Why the run with costs {@code costs[0..i]} has diverged at iteration {@code i}, or null if it has not. */
    static String divergence(double[] costs, int i) {
        if (!Double.isFinite(costs[i])) {
            return "the cost is " + costs[i] + " at iteration " + i;
        }
        if (costs[i] > costs[0]) {
            return String.format(java.util.Locale.ROOT, "the cost rose from %.4f to %.4f at iteration %d",
                    costs[0], costs[i], i);
        }
        return null;
    }

    private static String format(double lr) {
        return new java.math.BigDecimal(Double.toString(lr)).stripTrailingZeros().toPlainString();
    }
}

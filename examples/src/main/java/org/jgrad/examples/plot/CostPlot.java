package org.jgrad.examples.plot;

import java.nio.file.Path;
import org.knowm.xchart.XYChart;

/**
 * The cost curve of one training run as a picture (PNG, JPEG, SVG or PDF, by the file's extension): the cost against the iteration (one point per iteration).
 *
 * <pre>{@code
 * CostPlot.write(Path.of("cost.png"), "Digits 0 and 1, lr 0.05", costs);
 * }</pre>
 */
public final class CostPlot {
    private CostPlot() {
    }

    /**
     * Writes {@code costs[i]}, the cost before update {@code i}, against {@code i}, to {@code file}; returns the file.
     *
     * @throws IllegalArgumentException when there is no cost or a cost is not finite (a diverged run is reported,
     *     not drawn)
     */
    public static Path write(Path file, String title, double[] costs) {
        if (costs.length == 0) {
            throw new IllegalArgumentException("cost plot " + file + ": no costs to draw (0 iterations)");
        }
        for (int i = 0; i < costs.length; i++) {
            if (!Double.isFinite(costs[i])) {
                throw new IllegalArgumentException("cost plot " + file + ": the cost at iteration " + i + " is "
                        + costs[i] + "; a diverged run is not drawn");
            }
        }
        XYChart chart = Charts.lines(title, "iteration", "cost (mean log loss)");
        Charts.line(chart, "training cost", Charts.steps(costs.length), costs, Charts.CLASS_0);
        return Charts.save(chart, file);
    }
}

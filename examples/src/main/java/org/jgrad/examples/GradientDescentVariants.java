package org.jgrad.examples;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.jgrad.autograd.GradMode;
import org.jgrad.autograd.Tensor;
import org.jgrad.examples.plot.Charts;
import org.jgrad.models.data.Digits;
import org.jgrad.models.data.LabeledData;
import org.jgrad.models.data.TrainTestSplit;
import org.jgrad.models.nn.BCEWithLogitsLoss;
import org.jgrad.models.nn.Linear;
import org.jgrad.models.optim.SGD;
import org.knowm.xchart.XYChart;

/**
 * Tutorial 001: batch gradient descent (one update per epoch, from all {@code m} examples), stochastic gradient
 * descent (m updates per epoch, one example each) and mini-batch gradient descent (one update per batch of 32), on
 * the same data (the digits 0 and 1) with the same learning rate. The chart shows the cost over the whole training
 * set after each epoch; the log shows the time per epoch.
 */
public final class GradientDescentVariants implements Example {
    static final double LR = 0.05;

    @Override
    public String name() {
        return "GradientDescentVariants";
    }

    @Override
    public String summary() {
        return "batch, stochastic and mini-batch (32) gradient descent: cost per epoch on one chart, time per epoch "
                + "(tutorial 001)";
    }

    @Override
    public List<Path> run(ExampleRun run) {
        int epochs = run.quick() ? 5 : 40;
        LabeledData train = TrainTestSplit.split(Digits.pair(0, 1).scaled(1.0 / 16), 0.2, 42).train();
        XYChart chart = Charts.lines("Batch, mini-batch and stochastic gradient descent (lr " + LR + ")", "epoch",
                "cost over the training set");
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSW);
        String[] names = {"batch (m = " + train.rows() + ")", "mini-batch (32)", "stochastic (1)"};
        int[] batchSizes = {train.rows(), 32, 1};
        for (int v = 0; v < 3; v++) {
            long start = System.nanoTime();
            double[] costs = train(train, batchSizes[v], epochs, 1);
            double perEpoch = (System.nanoTime() - start) / 1e6 / epochs;
            int updates = (train.rows() + batchSizes[v] - 1) / batchSizes[v];
            run.printf("%-20s %4d updates/epoch  %8.2f ms/epoch  cost %.4f -> %.4f", names[v], updates, perEpoch,
                    costs[0], costs[epochs]);
            Charts.line(chart, names[v], Charts.steps(epochs + 1), costs, null);
        }
        return List.of(Charts.save(chart, run.picture("gradient_descent_variants.png")));
    }

    /**
     * Trains from zeros for {@code epochs} epochs in batches of {@code batchSize} (shuffled each epoch with
     * {@code seed}); returns the cost over all of {@code data} before training and after each epoch.
     */
    static double[] train(LabeledData data, int batchSize, int epochs, long seed) {
        Linear model = Linear.zeros(data.features(), 1);
        BCEWithLogitsLoss criterion = new BCEWithLogitsLoss();
        SGD optimizer = new SGD(model.parameters(), LR);
        Random random = new Random(seed);
        int m = data.rows();
        int[] order = new int[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        double[] costs = new double[epochs + 1];
        costs[0] = cost(model, criterion, data);
        for (int e = 1; e <= epochs; e++) {
            shuffle(order, random);
            for (int from = 0; from < m; from += batchSize) {
                int[] rows = java.util.Arrays.copyOfRange(order, from, Math.min(m, from + batchSize));
                LabeledData batch = data.select(rows);
                Tensor loss = criterion.forward(model.forward(Tensor.of(batch.x())), Tensor.of(batch.y()));
                optimizer.zeroGrad();
                loss.backward();
                optimizer.step();
            }
            costs[e] = cost(model, criterion, data);
        }
        return costs;
    }

    private static double cost(Linear model, BCEWithLogitsLoss criterion, LabeledData d) {
        try (var noGrad = GradMode.noGrad()) {
            return criterion.forward(model.forward(Tensor.of(d.x())), Tensor.of(d.y())).item();
        }
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}

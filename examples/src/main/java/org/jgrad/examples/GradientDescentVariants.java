package org.jgrad.examples;

import java.nio.file.Path;
import java.util.List;
import org.jgrad.autograd.GradMode;
import org.jgrad.autograd.Tensor;
import org.jgrad.examples.plot.Charts;
import org.jgrad.models.data.DataLoader;
import org.jgrad.models.data.Digits;
import org.jgrad.models.data.LabeledData;
import org.jgrad.models.data.TensorDataset;
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
        LabeledData train = TrainTestSplit.split(Digits.pair(0, 1).multipliedBy(1.0 / 16), 0.2, 42).train();
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
     * Trains from zeros for {@code epochs} epochs in batches of {@code batchSize} (a new shuffle each epoch, seeded
     * with {@code seed}); returns the cost over all of {@code data} before training and after each epoch.
     */
    static double[] train(LabeledData data, int batchSize, int epochs, long seed) {
        Linear model = Linear.zeros(data.features(), 1);
        BCEWithLogitsLoss criterion = new BCEWithLogitsLoss();
        SGD optimizer = new SGD(model.parameters(), LR);
        // the three variants differ only here: batch size m (batch), 32 (mini-batch) or 1 (stochastic)
        DataLoader loader = new DataLoader(TensorDataset.of(data), batchSize, true, seed, false);
        double[] costs = new double[epochs + 1];
        costs[0] = cost(model, criterion, data);
        for (int e = 1; e <= epochs; e++) {
            for (DataLoader.Batch batch : loader) {
                Tensor loss = criterion.forward(model.forward(batch.x()), batch.y());
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
}

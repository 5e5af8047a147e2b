package org.jgrad.examples;

import java.nio.file.Path;
import java.util.List;
import org.jgrad.autograd.Tensor;
import org.jgrad.examples.plot.CostPlot;
import org.jgrad.models.data.Digits;
import org.jgrad.models.data.TrainTestSplit;
import org.jgrad.models.nn.BCEWithLogitsLoss;
import org.jgrad.models.nn.Linear;
import org.jgrad.models.optim.SGD;

/**
 * Tutorial 002, "Building Logistic Regression from Scratch": the digits 0 and 1 (360 images of 8x8 pixels), pixels
 * divided by 16, an 80/20 split with seed 42, zeros initialisation, learning rate 0.05 and 1000 full-batch
 * iterations. Prints the tutorial's log (the same numbers as {@code ./jgrad}) and draws the cost curve.
 */
public final class DigitsLogisticRegression implements Example {

    @Override
    public String name() {
        return "DigitsLogisticRegression";
    }

    @Override
    public String summary() {
        return "the ./jgrad default run on the digits 0 and 1, and its cost curve (tutorial 002)";
    }

    @Override
    public List<Path> run(ExampleRun run) {
        int iterations = run.quick() ? 200 : 1000;
        TrainTestSplit data = TrainTestSplit.split(Digits.pair(0, 1).multipliedBy(1.0 / 16), 0.2, 42);
        Tensor x = Tensor.of(data.train().x());    // (288, 64)
        Tensor y = Tensor.of(data.train().y());    // (288, 1)

        Linear model = Linear.zeros(64, 1);        // the tutorial's initialize_params: w = 0, b = 0
        BCEWithLogitsLoss criterion = new BCEWithLogitsLoss();
        SGD optimizer = new SGD(model.parameters(), 0.05);

        double[] costs = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            Tensor loss = criterion.forward(model.forward(x), y);
            costs[i] = loss.item();
            if (i % 100 == 0) {
                run.printf("Cost after iteration %d: %.4f", i, costs[i]);
            }
            optimizer.zeroGrad();
            loss.backward();
            optimizer.step();
        }
        run.printf("Train accuracy: %.2f%%", 100 * Accuracy.of(model, data.train()));
        run.printf("Test accuracy: %.2f%%", 100 * Accuracy.of(model, data.test()));

        Path picture = CostPlot.write(run.picture("digits_cost.png"),
                "Logistic regression on the digits 0 and 1 (lr 0.05)", costs);
        return List.of(picture);
    }
}

package org.jgrad.examples;

import java.nio.file.Path;
import java.util.List;
import org.jgrad.examples.plot.Charts;
import org.jgrad.examples.plot.TwoClassPicture;
import org.jgrad.models.Trainer;
import org.jgrad.models.data.DataLoader;
import org.jgrad.models.data.LabeledData;
import org.jgrad.models.data.TensorDataset;
import org.jgrad.models.data.TorchGenerator;
import org.jgrad.models.data.TwoMoons;
import org.jgrad.models.nn.BCEWithLogitsLoss;
import org.jgrad.models.nn.Linear;
import org.jgrad.models.nn.Mlp;
import org.jgrad.models.nn.Module;
import org.jgrad.models.optim.SGD;

/**
 * Tutorial 004's next step: the two moons, which no straight line separates. Logistic regression (one neuron) can
 * only draw a line; a small network {@code 2 -> 16 -> 16 -> 1} with ReLU hidden layers bends the boundary around
 * the moons. Both are trained by full-batch gradient descent on the same data; the pictures show the regions each
 * assigns to each class.
 */
public final class MultilayerNet implements Example {

    @Override
    public String name() {
        return "MultilayerNet";
    }

    @Override
    public String summary() {
        return "two moons: logistic regression against a 2-16-16-1 ReLU network, accuracies and decision regions "
                + "(tutorial 004, next part)";
    }

    @Override
    public List<Path> run(ExampleRun run) {
        int epochs = run.quick() ? 300 : 3000;
        LabeledData moons = TwoMoons.generate(run.quick() ? 100 : 300, 0.15, 0);

        Module logistic = Linear.zeros(2, 1);
        // Linear(2, 16), ReLU, Linear(16, 16), ReLU, Linear(16, 1): logits (m, 2) -> (m, 16) -> (m, 16) -> (m, 1)
        Module network = Mlp.of(new int[] {2, 16, 16, 1}, "relu", new TorchGenerator(0));
        double[] costs = {train(logistic, moons, epochs), train(network, moons, epochs)};
        double[] accuracy = {Accuracy.of(logistic, moons), Accuracy.of(network, moons)};
        run.printf("logistic regression  final cost %.4f  accuracy %.2f%%", costs[0], 100 * accuracy[0]);
        run.printf("2-16-16-1 network    final cost %.4f  accuracy %.2f%%", costs[1], 100 * accuracy[1]);

        TwoClassPicture picture = new TwoClassPicture(moons);
        Path left = Charts.save(picture.withRegions(String.format(java.util.Locale.ROOT,
                "Logistic regression: a straight boundary (%.0f%% right)", 100 * accuracy[0]),
                x -> Accuracy.probabilities(logistic, x)), run.picture("moons_logistic.png"));
        Path right = Charts.save(picture.withRegions(String.format(java.util.Locale.ROOT,
                "2-16-16-1 ReLU network: a bent boundary (%.0f%% right)", 100 * accuracy[1]),
                x -> Accuracy.probabilities(network, x)), run.picture("moons_mlp.png"));
        return List.of(left, right);
    }

    /** Full-batch gradient descent, learning rate 0.5; returns the last cost (before the last step). */
    static double train(Module model, LabeledData data, int epochs) {
        // one batch of all m examples, in order: each epoch is one step of batch gradient descent
        DataLoader fullBatch = new DataLoader(TensorDataset.of(data), data.rows(), false, 0, false);
        Trainer trainer = new Trainer(model, new BCEWithLogitsLoss(), new SGD(model.parameters(), 0.5));
        List<Double> costs = trainer.fit(fullBatch, epochs, Trainer.Listener.NONE);
        return costs.getLast();
    }
}

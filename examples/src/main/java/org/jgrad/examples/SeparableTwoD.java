package org.jgrad.examples;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.jgrad.autograd.Tensor;
import org.jgrad.examples.plot.Charts;
import org.jgrad.examples.plot.TwoClassPicture;
import org.jgrad.models.data.LabeledData;
import org.jgrad.models.nn.BCEWithLogitsLoss;
import org.jgrad.models.nn.Linear;
import org.jgrad.models.optim.SGD;

/**
 * Tutorial 004 ("a single neuron model"): a seeded two-feature set whose classes a straight line separates; a
 * single sigmoid neuron {@code a = sigmoid(w1 x1 + w2 x2 + b)} learns it, and the picture shows the points and
 * the learned decision boundary, the line {@code z = w1 x1 + w2 x2 + b = 0} where the neuron is undecided.
 */
public final class SeparableTwoD implements Example {

    @Override
    public String name() {
        return "SeparableTwoD";
    }

    @Override
    public String summary() {
        return "a linearly separable 2-D set, a single neuron, and the learned boundary w1 x1 + w2 x2 + b = 0 "
                + "(tutorial 004)";
    }

    /**
     * {@code m} points uniform in {@code [-3, 3]^2}, label 1 above the line {@code x2 = 0.5 x1 + 0.5}, with every
     * point closer than {@code gap} to that line left out, so that the set is separable with a margin.
     */
    static LabeledData separable(int m, double gap, long seed) {
        Random random = new Random(seed);
        float[][] x = new float[m][];
        float[] y = new float[m];
        double norm = Math.sqrt(0.5 * 0.5 + 1);
        for (int i = 0; i < m; ) {
            double x1 = -3 + 6 * random.nextDouble();
            double x2 = -3 + 6 * random.nextDouble();
            double distance = (x2 - 0.5 * x1 - 0.5) / norm;   // signed distance to the true line
            if (Math.abs(distance) >= gap) {
                x[i] = new float[] {(float) x1, (float) x2};
                y[i++] = distance > 0 ? 1 : 0;
            }
        }
        return LabeledData.of(x, y);
    }

    @Override
    public List<Path> run(ExampleRun run) {
        int epochs = run.quick() ? 200 : 2000;
        LabeledData data = separable(run.quick() ? 60 : 200, 0.3, 7);
        Tensor x = Tensor.of(data.x());   // (m, 2)
        Tensor y = Tensor.of(data.y());   // (m, 1)

        Linear neuron = Linear.zeros(2, 1);
        BCEWithLogitsLoss criterion = new BCEWithLogitsLoss();
        SGD optimizer = new SGD(neuron.parameters(), 0.5);
        for (int i = 0; i < epochs; i++) {
            Tensor loss = criterion.forward(neuron.forward(x), y);
            if (i % (epochs / 5) == 0 || i == epochs - 1) {
                run.printf("epoch %4d  cost %.4f", i, loss.item());
            }
            optimizer.zeroGrad();
            loss.backward();
            optimizer.step();
        }
        double w1 = neuron.weight().data().get(0);
        double w2 = neuron.weight().data().get(1);
        double b = neuron.bias().data().get(0);
        run.printf("learned boundary: %.3f x1 + (%.3f) x2 + (%.3f) = 0; the data's rule, up to scale: "
                + "-0.5 x1 + x2 - 0.5 = 0", w1, w2, b);
        run.printf("train accuracy: %.2f%%", 100 * Accuracy.of(neuron, data));

        Path picture = Charts.save(new TwoClassPicture(data).withLine(
                "One neuron, its learned boundary z = 0", w1, w2, b),
                run.picture("separable_boundary.png"));
        return List.of(picture);
    }
}

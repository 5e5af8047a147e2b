package org.jgrad.examples;

import org.jgrad.autograd.GradMode;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
import org.jgrad.models.data.LabeledData;
import org.jgrad.models.metrics.Metrics;
import org.jgrad.models.nn.Module;

/** The examples' evaluation: a model that outputs logits, its probabilities and its accuracy. */
final class Accuracy {
    private Accuracy() {
    }

    /** {@code sigmoid(model(x))} without recording a graph: (k, features) -> (k, 1). */
    static NDArray probabilities(Module model, NDArray x) {
        try (var noGrad = GradMode.noGrad()) {
            return model.forward(Tensor.of(x)).sigmoid().data();
        }
    }

    /** Fraction of rows of {@code d} where {@code probability > 0.5} matches the label. */
    static double of(Module model, LabeledData d) {
        return Metrics.accuracy(probabilities(model, d.x()), d.y(), 0.5);
    }
}

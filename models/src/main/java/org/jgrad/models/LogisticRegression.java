package org.jgrad.models;

import java.util.List;
import org.jgrad.autograd.GradMode;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
import org.jgrad.models.data.DataLoader;
import org.jgrad.models.data.TensorDataset;
import org.jgrad.models.nn.BCEWithLogitsLoss;
import org.jgrad.models.nn.Linear;
import org.jgrad.models.nn.Parameter;
import org.jgrad.models.optim.SGD;

/**
 * Binary logistic regression, {@code a = sigma(x w^T + b)}, trained by full-batch gradient descent on the mean log
 * loss: the model of the tutorials, built from {@link Linear}, {@link BCEWithLogitsLoss}, {@link SGD} and the
 * {@link Trainer}. Starts from zeros, as the tutorials' {@code initialize_params}.
 *
 * <pre>{@code
 * LogisticRegression model = new LogisticRegression(64).fit(x, y, 0.05, 1000);   // x (m, 64), y (m, 1)
 * int[] labels = model.predict(xTest);                                           // probability > 0.5
 * }</pre>
 */
public final class LogisticRegression {
    private final Linear linear;
    private List<Double> costs = List.of();

    /** A model for {@code features} inputs with w = 0 and b = 0. */
    public LogisticRegression(int features) {
        this.linear = Linear.zeros(features, 1);
    }

    /** Trains on {@code x} (m, n) and labels {@code y} (m, 1) in {0, 1}; returns this. */
    public LogisticRegression fit(NDArray x, NDArray y, double lr, int epochs) {
        DataLoader full = new DataLoader(new TensorDataset(x, y), Math.max(1, x.shape().dim(0)), false, 0, false);
        costs = new Trainer(linear, new BCEWithLogitsLoss(), new SGD(linear.parameters(), lr))
                .fit(full, epochs, Trainer.Listener.NONE);
        return this;
    }

    /** {@code P(y = 1 | x)} for each row: shape (m, 1). */
    public NDArray predictProba(NDArray x) {
        try (var noGrad = GradMode.noGrad()) {
            return linear.forward(Tensor.of(x)).sigmoid().data();
        }
    }

    /** 1 where the probability exceeds 0.5, else 0. */
    public int[] predict(NDArray x) {
        NDArray p = predictProba(x);
        int[] out = new int[p.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = p.get(i) > 0.5 ? 1 : 0;
        }
        return out;
    }

    /** The weights, shape (1, n). */
    public Parameter w() {
        return linear.weight();
    }

    /** The bias, shape (1,). */
    public Parameter b() {
        return linear.bias();
    }

    /** The loss before each epoch's step, from the last {@link #fit}. */
    public List<Double> costs() {
        return costs;
    }
}

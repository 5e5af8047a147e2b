package org.jgrad.examples;

import java.nio.file.Path;
import java.util.List;
import org.jgrad.autograd.Tensor;
import org.jgrad.examples.plot.Charts;
import org.knowm.xchart.XYChart;

/**
 * Tutorials 000 and 002: the sigmoid {@code a = 1 / (1 + e^-z)}, which squashes a score into a probability, and the
 * two halves of the log loss, {@code -log(a)} when {@code y = 1} and {@code -log(1 - a)} when {@code y = 0}: each
 * is near 0 when the prediction is right and grows without bound as it becomes confidently wrong.
 */
public final class SigmoidAndLoss implements Example {

    @Override
    public String name() {
        return "SigmoidAndLoss";
    }

    @Override
    public String summary() {
        return "the sigmoid curve and the two log-loss curves -log(a) and -log(1 - a) (tutorials 000 and 002)";
    }

    @Override
    public List<Path> run(ExampleRun run) {
        int n = run.quick() ? 101 : 401;

        // the curves are computed by jgrad's own ops: sigmoid, log
        double[] z = grid(-8, 8, n);
        double[] a = Tensor.of(z).sigmoid().data().doubles();
        XYChart sigmoid = Charts.lines("The sigmoid squashes any score z into a probability a", "z", "a = sigmoid(z)");
        Charts.line(sigmoid, "a = 1 / (1 + exp(-z))", z, a, Charts.CLASS_1);
        sigmoid.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        run.printf("sigmoid(-8) = %.5f, sigmoid(0) = %.5f, sigmoid(8) = %.5f", a[0], a[n / 2], a[n - 1]);

        double[] p = grid(0.005, 0.995, n);
        p[n - 1] -= 1e-3;   // see Charts.steps: evenly spaced x values get ticks at data values, not round ones
        double[] lossIfOne = Tensor.of(p).log().neg().data().doubles();
        double[] lossIfZero = Tensor.of(p).neg().add(1).log().neg().data().doubles();
        XYChart loss = Charts.lines("Log loss: small when right, large when confidently wrong", "a (predicted "
                + "probability of class 1)", "loss");
        Charts.line(loss, "y = 1: -log(a)", p, lossIfOne, Charts.CLASS_1);
        Charts.line(loss, "y = 0: -log(1 - a)", p, lossIfZero, Charts.CLASS_0);
        loss.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideN);
        run.printf("at a = 0.5 both losses are log 2 = %.4f", lossIfOne[n / 2]);

        return List.of(Charts.save(sigmoid, run.picture("sigmoid.png")),
                Charts.save(loss, run.picture("log_loss.png")));
    }

    /** {@code n} evenly spaced values from {@code from} to {@code to}. */
    static double[] grid(double from, double to, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = from + (to - from) * i / (n - 1);
        }
        return v;
    }
}

package org.jgrad.examples;

import static org.jgrad.examples.ExampleRun.num;

import java.nio.file.Path;
import java.util.List;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.DType;

/**
 * Tutorial 003: logistic regression on one example with two features. The forward pass
 * {@code z = w1 x1 + w2 x2 + b}, {@code a = sigmoid(z)}, {@code L = -(y log a + (1 - y) log(1 - a))} is built as a
 * graph; its backward pass is compared with the tutorial's closed forms {@code da = -y/a + (1-y)/(1-a)},
 * {@code dz = a - y}, {@code dw1 = x1 dz}, {@code dw2 = x2 dz}, {@code db = dz}.
 */
public final class SingleExample implements Example {
    // one example and the current parameters (float64, so the two columns agree to ~1e-16)
    static final double X1 = 1.5;
    static final double X2 = -0.8;
    static final double Y = 1;
    static final double W1 = 0.4;
    static final double W2 = 0.9;
    static final double B = -0.2;

    @Override
    public String name() {
        return "SingleExample";
    }

    @Override
    public String summary() {
        return "one example, two features: da, dz = a - y, dw1, dw2, db by autograd and by the closed form "
                + "(tutorial 003)";
    }

    @Override
    public List<Path> run(ExampleRun run) {
        Tensor w1 = leaf(W1).requiresGrad(true);
        Tensor w2 = leaf(W2).requiresGrad(true);
        Tensor b = leaf(B).requiresGrad(true);

        // forward: the three steps of the tutorial's graph
        Tensor z = w1.mul(X1).add(w2.mul(X2)).add(b).retainGrad();
        Tensor a = z.sigmoid().retainGrad();
        Tensor loss = a.log().mul(Y).add(a.neg().add(1).log().mul(1 - Y)).neg();
        loss.backward();

        // the tutorial's closed forms, by hand
        double av = a.item();
        double da = -Y / av + (1 - Y) / (1 - av);
        double dz = av - Y;

        run.printf("x = (%s, %s), y = %s, w = (%s, %s), b = %s", num(X1), num(X2), num(Y), num(W1), num(W2),
                num(B));
        run.printf("z = %.6f, a = sigmoid(z) = %.6f, L = %.6f", z.item(), av, loss.item());
        run.printf("%-5s %14s %14s %10s", "", "autograd", "closed form", "|diff|");
        row(run, "da", a.grad().item(), da);
        row(run, "dz", z.grad().item(), dz);
        row(run, "dw1", w1.grad().item(), X1 * dz);
        row(run, "dw2", w2.grad().item(), X2 * dz);
        row(run, "db", b.grad().item(), dz);
        return List.of();
    }

    private static Tensor leaf(double v) {
        return Tensor.scalar(v, DType.FLOAT64);
    }

    private static void row(ExampleRun run, String name, double autograd, double closedForm) {
        run.printf("%-5s %14.10f %14.10f %10.1e", name, autograd, closedForm, Math.abs(autograd - closedForm));
    }
}

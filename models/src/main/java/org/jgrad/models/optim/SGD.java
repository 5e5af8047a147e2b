package org.jgrad.models.optim;

import java.util.List;
import org.jgrad.autograd.GradMode;
import org.jgrad.models.nn.Parameter;

/**
 * Plain gradient descent: for every parameter, {@code p = p - lr * grad}
 * (the tutorials' {@code w = w - learning_rate * dw}).
 */
public final class SGD extends Optimizer {
    private final double lr;

    public SGD(List<Parameter> parameters, double lr) {
        super(parameters);
        requirePositive("learning rate", lr);
        this.lr = lr;
    }

    @Override
    public void step() {
        try (var noGrad = GradMode.noGrad()) {
            for (Parameter p : parameters) {
                if (p.grad() != null) {
                    p.data().addInPlace(-lr, p.grad().data());
                }
            }
        }
    }

    public double lr() {
        return lr;
    }
}

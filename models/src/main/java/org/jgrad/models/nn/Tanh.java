package org.jgrad.models.nn;

import org.jgrad.autograd.Tensor;

/**
 * {@code tanh(x)} elementwise; no parameters. Built from the sigmoid op through the identity
 * {@code tanh(x) = 2 sigma(2x) - 1}, so its gradient {@code 1 - tanh^2(x)} follows from the chain rule.
 */
public final class Tanh extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input.mul(2).sigmoid().mul(2).sub(1);
    }
}

package org.jgrad.models.nn;

import org.jgrad.autograd.Tensor;

/** {@code 1 / (1 + e^-x)} elementwise; no parameters. */
public final class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input.sigmoid();
    }
}

package org.jgrad.models.nn;

import org.jgrad.autograd.Tensor;

/** {@code max(x, 0)} elementwise; no parameters. */
public final class ReLU extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input.relu();
    }
}

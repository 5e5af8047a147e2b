package org.jgrad.models.nn;

import org.jgrad.autograd.Tensor;

/** A loss function: maps a model's output and the targets to a loss tensor (a scalar unless reduction is none). */
public interface Loss {
    /** The loss of {@code input} (the model's output) against {@code target}. */
    Tensor forward(Tensor input, Tensor target);
}

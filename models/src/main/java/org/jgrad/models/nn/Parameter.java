package org.jgrad.models.nn;

import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;

/** A tensor that a {@link Module} owns and an optimizer updates: a leaf that requires grad. */
public final class Parameter extends Tensor {
    public Parameter(NDArray data) {
        super(data);
        requiresGrad(true);
    }
}

package org.jgrad.models.nn;

import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;

/** A tensor that a {@link Module} owns and an optimizer updates: a leaf that requires grad. */
public final class Parameter extends Tensor {
    public Parameter(NDArray data) {
        super(requireData(data));
        requiresGrad(true);
    }

    private static NDArray requireData(NDArray data) {
        if (data == null) {
            throw new IllegalArgumentException("Parameter: data is null; expected an NDArray");
        }
        return data;
    }
}

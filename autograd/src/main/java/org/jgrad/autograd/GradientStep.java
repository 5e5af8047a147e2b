package org.jgrad.autograd;

import org.jgrad.core.NDArray;

/**
 * One application of the chain rule in the last backward pass: {@code output}'s gradient {@code upstream}, passed
 * through {@code fn}'s rule for input number {@code input}, gave {@code contribution} (already summed back to the
 * input's shape). A tensor used twice receives two steps, whose contributions add up to its gradient.
 */
record GradientStep(Tensor output, Function fn, int input, NDArray upstream, NDArray contribution) {
}

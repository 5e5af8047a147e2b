/**
 * The graph: {@link org.jgrad.autograd.Tensor} (values, {@code requiresGrad}, {@code grad}, the op that made it),
 * {@link org.jgrad.autograd.Function} (one recorded op; subclasses in {@code ops}), the backward engine (one pass
 * object per call, so passes share nothing but the leaves' gradients), grad mode, the functional derivatives
 * ({@link org.jgrad.autograd.Autograd}, {@link org.jgrad.autograd.Functional}), gradcheck and gradgradcheck, and
 * the graph made visible ({@link org.jgrad.autograd.Graph}, {@link org.jgrad.autograd.BackwardTrace}).
 *
 * <p>Holds no layers, losses' options or optimizers (those are {@code org.jgrad.models}), and no kernels: every
 * numeric loop is a call into {@code org.jgrad.core}, which chooses the implementation.
 */
package org.jgrad.autograd;

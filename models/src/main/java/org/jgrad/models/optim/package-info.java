/**
 * Optimizers with PyTorch's algorithms and defaults: first order ({@code SGD}, {@code Adam}, {@code AdamW}), second
 * order ({@code LBFGS} with its strong Wolfe line search, {@code Newton} with an autograd Hessian), and learning-rate
 * schedules. A training loop calls {@code step(loss, again)}, which each optimizer answers in its own way.
 */
package org.jgrad.models.optim;

/**
 * One class per op: its forward computation on arrays ({@code apply}), its backward rule written with
 * {@link org.jgrad.autograd.Tensor} ops (so that the rule can itself be recorded and differentiated), and the rule's
 * formula for {@code Graph.explain}, side by side. Rules that need a kernel of their own are ops too
 * ({@code ReluGrad}, {@code ScatterAdd}, {@code IndexAdd}, {@code Narrow}, {@code SumTo}, {@code Expand}); a fused op
 * whose rule returns sums saved by its forward pass declares itself once differentiable.
 */
package org.jgrad.autograd.ops;

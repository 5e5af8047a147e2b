/**
 * JMH benchmarks of the float32 kernels, each in both implementations ({@code impl=scalar|vector}), and
 * {@link org.jgrad.benchmarks.StepCost}, a plain program that measures bytes allocated and time per training step.
 */
package org.jgrad.benchmarks;

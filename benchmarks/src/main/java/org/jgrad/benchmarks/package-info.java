/** JMH benchmarks of the float32 kernels, each in both implementations ({@code impl=scalar|vector}). */
package org.jgrad.benchmarks;

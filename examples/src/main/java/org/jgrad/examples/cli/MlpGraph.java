package org.jgrad.examples.cli;

import java.io.PrintWriter;
import org.jgrad.autograd.Graph;
import org.jgrad.autograd.Numbers;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.DType;

/**
 * The graph of {@code jgrad graph --mlp}: a 2-3-1 network with a tanh hidden layer on two examples, written with
 * the primitive ops so that every matrix and its gradient is a node of its own:
 * <pre>
 *   Z1 = X @ W1 + b1      (2, 3)     H = tanh(Z1)
 *   Z2 = H @ W2 + b2      (2, 1)     L = mean((Z2 - y)^2)
 * </pre>
 * The backward pass then shows the rules on shapes: {@code dL/dW2 (3, 1) = H^T @ dL/dHW2},
 * {@code dL/dW1 (2, 3) = X^T @ dL/dXW1}, and each bias's gradient summed over the two examples.
 */
final class MlpGraph {
    private MlpGraph() {
    }

    /** Builds the graph, prints its forward values, runs the backward pass; returns the loss. */
    static Tensor build(PrintWriter out) {
        Tensor x = Tensor.of(new double[][] {{1, 2}, {-1, 0.5}}).named("X");
        Tensor y = Tensor.of(new double[][] {{1}, {0}}).named("y");
        Tensor w1 = Tensor.of(new double[][] {{0.5, -0.3, 0.8}, {0.2, 0.4, -0.6}}).requiresGrad(true).named("W1");
        Tensor b1 = Tensor.of(new double[] {0.1, 0, -0.1}, DType.FLOAT64, 3).requiresGrad(true).named("b1");
        Tensor w2 = Tensor.of(new double[][] {{0.7}, {-0.5}, {0.3}}).requiresGrad(true).named("W2");
        Tensor b2 = Tensor.of(new double[] {0.05}, DType.FLOAT64, 1).requiresGrad(true).named("b2");
        Tensor z1 = x.matmul(w1).named("XW1").add(b1).named("Z1");
        Tensor h = z1.tanh().named("H");
        Tensor z2 = h.matmul(w2).named("HW2").add(b2).named("Z2");
        Tensor d = z2.sub(y).named("D");
        Tensor loss = d.mul(d).named("D^2").mean().named("L");
        out.println("a 2-3-1 network, tanh hidden layer, mean squared error on two examples");
        out.println("  X = [[1, 2], [-1, 0.5]], y = [[1], [0]]");
        out.println();
        out.println("forward:");
        out.println("  Z1 = X @ W1 + b1 " + z1.shape() + ", H = tanh(Z1) = " + rows(h));
        out.println("  Z2 = H @ W2 + b2 " + z2.shape() + " = " + rows(z2));
        out.println("  L = mean((Z2 - y)^2) = " + Numbers.format(loss.item()));
        Graph.trace(loss);   // backward, recording each chain-rule step for explain and the page
        return loss;
    }

    private static String rows(Tensor t) {
        StringBuilder sb = new StringBuilder("[");
        int cols = t.shape().dim(t.shape().rank() - 1);
        for (int i = 0; i < t.size(); i++) {
            sb.append(i % cols == 0 ? (i == 0 ? "[" : "], [") : ", ").append(Numbers.format(t.data().get(i)));
        }
        return sb.append("]]").toString();
    }
}

package org.jgrad.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jgrad.core.Elementwise;
import org.jgrad.core.NDArray;
import org.jgrad.core.Reductions;

/**
 * Runs the chain rule backward from one tensor: a topological sort of the graph (iterative, so a 100,000-step chain
 * does not overflow the stack), then one walk in reverse order in which each node's gradient is complete before its
 * backward rule runs. Gradients meeting at a tensor are added ({@code grad +=}), so a tensor used twice receives
 * both contributions; leaves accumulate into {@code grad} across calls until zeroed, as in PyTorch.
 */
final class BackwardEngine {
    private static final AtomicInteger PASS = new AtomicInteger();

    private BackwardEngine() {
    }

    static void run(Tensor root, NDArray seed, boolean retainGraph) {
        List<Tensor> order = topologicalOrder(root);
        root.pending = seed;
        for (int i = order.size() - 1; i >= 0; i--) {
            Tensor t = order.get(i);
            NDArray g = t.pending;
            t.pending = null;
            if (g == null) {
                continue;
            }
            g = t.runHooks(g);
            t.lastGrad = g;
            if (t.isLeaf() || t.retainsGrad()) {
                t.accumulateGrad(g);
            }
            Function fn = t.gradFn();
            if (fn == null) {
                continue;
            }
            NDArray[] grads = fn.runBackward(g);
            List<Tensor> inputs = fn.inputs();
            for (int k = 0; k < inputs.size(); k++) {
                Tensor input = inputs.get(k);
                if (grads[k] == null || !input.requiresGrad()) {
                    continue;
                }
                NDArray gk = Reductions.sumTo(grads[k], input.shape());
                input.pending = input.pending == null ? gk : Elementwise.add(input.pending, gk);
            }
            if (!retainGraph) {
                fn.release();
            }
        }
    }

    /** Tensors that need a gradient, each after all of its inputs (post-order of an iterative depth-first search). */
    static List<Tensor> topologicalOrder(Tensor root) {
        int pass = PASS.incrementAndGet();
        List<Tensor> order = new ArrayList<>();
        ArrayDeque<Tensor> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        root.visitPass = pass;
        stack.push(root);
        next.push(0);
        while (!stack.isEmpty()) {
            Tensor t = stack.peek();
            int k = next.pop();
            Function fn = t.gradFn();
            if (fn != null && k < fn.inputs().size()) {
                next.push(k + 1);
                Tensor child = fn.inputs().get(k);
                if (child.requiresGrad() && child.visitPass != pass) {
                    child.visitPass = pass;
                    stack.push(child);
                    next.push(0);
                }
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }
}

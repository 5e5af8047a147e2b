package org.jgrad.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jgrad.core.Elementwise;
import org.jgrad.core.NDArray;
import org.jgrad.core.Reductions;

/**
 * Runs the chain rule backward from one tensor: a topological sort of the graph (iterative, so a 100,000-step chain
 * does not overflow the stack), then one walk in reverse order in which each node's gradient is complete before its
 * backward rule runs. Gradients meeting at a tensor are added ({@code grad +=}), so a tensor used twice receives
 * both contributions; leaves accumulate into {@code grad} across calls until zeroed, as in PyTorch. A leaf's first
 * gradient becomes its {@code grad} without a copy when the engine owns the array (a sum it made, or the result of a
 * rule that {@linkplain Function#returnsFreshGradients returns fresh gradients}); otherwise it is copied.
 *
 * <p>Every chain-rule step is remembered on the tensor it reaches ({@link GradientStep}), so that
 * {@code Graph.explain} can write the last pass out.
 */
final class BackwardEngine {
    private static final AtomicInteger PASS = new AtomicInteger();

    private BackwardEngine() {
    }

    static void run(Tensor root, NDArray seed, boolean retainGraph) {
        run(List.of(root), List.of(seed), retainGraph, null);
    }

    /**
     * Backward from several roots at once. With {@code capture} null, gradients accumulate into {@code grad} of
     * leaves and of tensors that retain theirs; otherwise nothing's {@code grad} is touched and the complete gradient
     * of each tensor that is a key of {@code capture} is put there instead (the functional {@code grad(...)}).
     */
    static void run(List<Tensor> roots, List<NDArray> seeds, boolean retainGraph, Map<Tensor, NDArray> capture) {
        List<Tensor> order = topologicalOrder(roots);
        // arrays that this pass allocated and that no one else references (by identity)
        Set<NDArray> owned = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor t : order) {
            t.pending = null;
            t.steps = new ArrayList<>(1);
        }
        for (int r = 0; r < roots.size(); r++) {
            Tensor root = roots.get(r);
            if (root.pending == null) {
                root.pending = seeds.get(r);
            } else {
                root.pending = Elementwise.add(root.pending, seeds.get(r));
                owned.add(root.pending);
            }
        }
        for (int i = order.size() - 1; i >= 0; i--) {
            Tensor t = order.get(i);
            NDArray g = t.pending;
            t.pending = null;
            if (g == null) {
                continue;
            }
            g = t.runHooks(g);
            t.lastGrad = g;
            if (capture != null) {
                if (capture.containsKey(t)) {
                    capture.put(t, g);
                }
            } else if (t.isLeaf() || t.retainsGrad()) {
                // a non-leaf's g also goes to its rule, which may pass it on (Add does), so only leaves adopt it
                t.accumulateGrad(g, t.isLeaf() && owned.contains(g));
            }
            Function fn = t.gradFn();
            if (fn == null) {
                continue;
            }
            NDArray[] grads = fn.runBackward(g);
            boolean fresh = fn.returnsFreshGradients();
            List<Tensor> inputs = fn.inputs();
            for (int k = 0; k < inputs.size(); k++) {
                Tensor input = inputs.get(k);
                if (grads[k] == null || !input.requiresGrad()) {
                    continue;
                }
                NDArray gk = Reductions.sumTo(grads[k], input.shape());
                input.steps.add(new GradientStep(t, fn, k, g, gk));
                if (input.pending == null) {
                    input.pending = gk;
                    if (fresh) {
                        owned.add(gk);
                    }
                } else {
                    input.pending = Elementwise.add(input.pending, gk);
                    owned.add(input.pending);
                }
            }
            if (!retainGraph) {
                fn.release();
            }
        }
    }

    /** Tensors that need a gradient, each after all of its inputs (post-order of an iterative depth-first search). */
    static List<Tensor> topologicalOrder(Tensor root) {
        return topologicalOrder(List.of(root));
    }

    static List<Tensor> topologicalOrder(List<Tensor> roots) {
        int pass = PASS.incrementAndGet();
        List<Tensor> order = new ArrayList<>();
        ArrayDeque<Tensor> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        for (Tensor root : roots) {
            if (root.visitPass == pass) {
                continue;
            }
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
        }
        return order;
    }
}

package org.jgrad.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the chain rule backward from one or more tensors: a topological sort of the graph (iterative, so a
 * 100,000-step chain does not overflow the stack), then one walk in reverse order in which each node's gradient is
 * complete before its backward rule runs. Gradients meeting at a tensor are added ({@code grad +=}), so a tensor used
 * twice receives both contributions; leaves accumulate into {@code grad} across calls until zeroed, as in PyTorch.
 *
 * <p>Everything a pass needs (the order, the pending gradients, which arrays it owns, the explain record) lives in
 * that pass's {@link Pass}, PyTorch's {@code GraphTask}: nothing is written on the tensors but the leaves' {@code grad},
 * so two threads may run backward through graphs that share parameters, and a freed graph is not kept alive by its
 * leaves.
 *
 * <p>Rules run with grad mode off, unless {@code createGraph}: then they are recorded, and the gradients they return
 * have graphs of their own.
 */
final class BackwardEngine {
    /** Whether passes on this thread keep a {@link BackwardTrace} (turned on by {@link Graph#recordSteps()}). */
    static final ThreadLocal<boolean[]> RECORDING = ThreadLocal.withInitial(() -> new boolean[1]);

    private BackwardEngine() {
    }

    /**
     * Backward from several roots at once, seeding {@code dRoot_k = seeds[k]}. With {@code capture} null, gradients
     * accumulate into {@code grad} of leaves and of tensors that retain theirs; otherwise nothing's {@code grad} is
     * touched, only the part of the graph that leads to a key of {@code capture} is walked, and each key's complete
     * gradient is put there (the functional {@code grad(...)}).
     */
    static void run(List<Tensor> roots, List<Tensor> seeds, boolean retainGraph, boolean createGraph,
            Map<Tensor, Tensor> capture) {
        try (GradMode.Scope mode = createGraph ? GradMode.enableGrad() : GradMode.noGrad()) {
            new Pass(roots, retainGraph, createGraph, capture).run(seeds);
        }
    }

    /** The state of one backward pass. */
    private static final class Pass {
        private final List<Tensor> roots;
        private final boolean retainGraph;
        private final boolean createGraph;
        private final Map<Tensor, Tensor> capture;
        private final Map<Tensor, Tensor> pending = new IdentityHashMap<>();
        /** gradients this pass allocated and that nothing else references, so a leaf may adopt them uncopied */
        private final Set<Tensor> owned = Collections.newSetFromMap(new IdentityHashMap<>());
        private final BackwardTrace trace;

        Pass(List<Tensor> roots, boolean retainGraph, boolean createGraph, Map<Tensor, Tensor> capture) {
            this.roots = roots;
            this.retainGraph = retainGraph;
            this.createGraph = createGraph;
            this.capture = capture;
            this.trace = RECORDING.get()[0] ? new BackwardTrace(roots.get(0)) : null;
        }

        void run(List<Tensor> seeds) {
            List<Tensor> order = topologicalOrder(roots);
            Set<Tensor> needed = capture == null ? null : leadingTo(order, capture.keySet());
            for (int r = 0; r < roots.size(); r++) {
                add(roots.get(r), seeds.get(r), false);
            }
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = pending.remove(t);
                if (g == null || needed != null && !needed.contains(t)) {
                    continue;
                }
                g = t.runHooks(g);
                if (trace != null) {
                    trace.completed(t, g);
                }
                if (capture != null) {
                    if (capture.containsKey(t)) {
                        capture.put(t, g);
                    }
                } else if (t.isLeaf() || t.retainsGrad()) {
                    // a non-leaf's g also goes to its rule, which may pass it on (Add does), so only leaves adopt it
                    // (not when a trace records g: the trace must keep the values it shows)
                    t.accumulateGrad(g, t.isLeaf() && owned.contains(g) && !createGraph && trace == null);
                }
                Function fn = t.gradFn();
                if (fn != null) {
                    propagate(t, fn, g, needed);
                    if (!retainGraph) {
                        fn.release();
                    }
                }
            }
            if (trace != null) {
                for (Tensor root : roots) {
                    root.trace = trace;
                }
            }
        }

        /** Runs {@code fn}'s rule on {@code t}'s gradient and hands each input its share. */
        private void propagate(Tensor t, Function fn, Tensor g, Set<Tensor> needed) {
            Tensor[] grads;
            if (createGraph && fn.onceDifferentiable()) {
                try (GradMode.Scope off = GradMode.noGrad()) {
                    grads = fn.runBackward(g);
                }
                for (int k = 0; k < grads.length; k++) {
                    grads[k] = grads[k] == null ? null : OnceDifferentiable.guard(grads[k], fn);
                }
            } else {
                grads = fn.runBackward(g);
            }
            boolean fresh = fn.returnsFreshGradients() && !createGraph;
            List<Tensor> inputs = fn.inputs();
            for (int k = 0; k < inputs.size(); k++) {
                Tensor input = inputs.get(k);
                if (grads[k] == null || !input.requiresGrad() || needed != null && !needed.contains(input)) {
                    continue;
                }
                Tensor gk = grads[k];
                boolean reduced = !gk.shape().equals(input.shape());
                if (reduced) {
                    gk = gk.sumTo(input.shape());
                }
                if (gk.dtype() != input.dtype()) {
                    throw new IllegalStateException(fn.name() + " returned a " + gk.dtype() + " gradient for its "
                            + input.dtype() + " input " + k);
                }
                if (trace != null) {
                    trace.step(input, new BackwardTrace.Step(t, fn, k, g, gk));
                }
                add(input, gk, fresh || reduced);
            }
        }

        /** {@code pending[t] += g}; a sum this pass made is its own. */
        private void add(Tensor t, Tensor g, boolean ownedByPass) {
            Tensor before = pending.get(t);
            if (before == null) {
                pending.put(t, g);
                if (ownedByPass) {
                    owned.add(g);
                }
            } else {
                Tensor sum = before.add(g);
                pending.put(t, sum);
                owned.add(sum);
            }
        }
    }

    /** The tensors of {@code order} from which some tensor of {@code targets} can be reached (targets included). */
    private static Set<Tensor> leadingTo(List<Tensor> order, Set<Tensor> targets) {
        Set<Tensor> needed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor t : order) {   // inputs come before the tensors computed from them
            boolean need = targets.contains(t);
            Function fn = t.gradFn();
            if (!need && fn != null) {
                for (Tensor in : fn.inputs()) {
                    if (needed.contains(in)) {
                        need = true;
                        break;
                    }
                }
            }
            if (need) {
                needed.add(t);
            }
        }
        return needed;
    }

    /** Tensors that need a gradient, each after all of its inputs (post-order of an iterative depth-first search). */
    static List<Tensor> topologicalOrder(Tensor root) {
        return topologicalOrder(List.of(root));
    }

    static List<Tensor> topologicalOrder(List<Tensor> roots) {
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Tensor> order = new ArrayList<>();
        ArrayDeque<Tensor> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        for (Tensor root : roots) {
            if (!visited.add(root)) {
                continue;
            }
            stack.push(root);
            next.push(0);
            while (!stack.isEmpty()) {
                Tensor t = stack.peek();
                int k = next.pop();
                Function fn = t.gradFn();
                if (fn != null && k < fn.inputs().size()) {
                    next.push(k + 1);
                    Tensor child = fn.inputs().get(k);
                    if (child.requiresGrad() && visited.add(child)) {
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

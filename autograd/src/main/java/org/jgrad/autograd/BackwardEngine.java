package org.jgrad.autograd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrad.core.ArrayPool;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;

/**
 * Runs the chain rule backward from one or more tensors: a topological sort of the graph ({@link TopologicalOrder}),
 * then one walk in reverse order in which each node's gradient is complete before its backward rule runs. Gradients
 * meeting at a tensor are added ({@code grad +=}), so a tensor used twice receives both contributions; leaves
 * accumulate into {@code grad} across calls until zeroed, as in PyTorch.
 *
 * <p>Everything a pass needs (the order, the pending gradients, which arrays it owns, the explain record) lives in
 * that pass's {@link Pass}, PyTorch's {@code GraphTask}: nothing is written on the tensors but the leaves'
 * {@code grad}, so two threads may run backward through graphs that share parameters, and a freed graph is not kept
 * alive by its leaves. The pass keeps its state in arrays indexed by the order's ids: the three IdentityHashMaps
 * they replaced were 1.5 KB of the 2 KB that a backward pass through logistic regression's fused loss allocated.
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

    /** The state of one backward pass: arrays indexed by the ids of {@link TopologicalOrder}, no maps. */
    private static final class Pass {
        private final List<Tensor> roots;
        private final boolean retainGraph;
        private final boolean createGraph;
        private final Map<Tensor, Tensor> capture;
        private final BackwardTrace trace;
        private TopologicalOrder graph;
        /** the gradient gathered so far for each tensor, by id; cleared once its rule has run */
        private Tensor[] pending;
        /** whether pending[id] is an array this pass allocated and nothing else references, so a leaf may adopt it */
        private boolean[] owned;

        Pass(List<Tensor> roots, boolean retainGraph, boolean createGraph, Map<Tensor, Tensor> capture) {
            this.roots = roots;
            this.retainGraph = retainGraph;
            this.createGraph = createGraph;
            this.capture = capture;
            this.trace = RECORDING.get()[0] ? new BackwardTrace(roots.get(0)) : null;
        }

        void run(List<Tensor> seeds) {
            graph = TopologicalOrder.of(roots);
            pending = new Tensor[graph.size()];
            owned = new boolean[graph.size()];
            boolean[] needed = capture == null ? null : leadingTo(graph, capture.keySet());
            for (int r = 0; r < roots.size(); r++) {
                add(graph.idOf(roots.get(r)), seeds.get(r), false);
            }
            for (int position = graph.size() - 1; position >= 0; position--) {
                int id = graph.idAt(position);
                Tensor t = graph.tensor(id);
                Tensor gathered = pending[id];
                pending[id] = null;
                if (gathered == null || needed != null && !needed[id]) {
                    continue;
                }
                // whether g stays the pass's own: no hook (one that removes itself included) sees it
                boolean mine = owned[id] && !t.hasHooks();
                Tensor g = t.runHooks(gathered);
                if (trace != null) {
                    trace.completed(t, g);
                }
                if (capture != null) {
                    if (capture.containsKey(t)) {
                        capture.put(t, g);
                    }
                } else if (t.isLeaf() || t.retainsGrad()) {
                    // a non-leaf's g also goes to its rule, which may pass it on (Add does), so only leaves adopt it
                    // (not when a trace records g: the trace must keep the values it shows); with no hook, g is gathered
                    boolean adopt = t.isLeaf() && mine && !createGraph && trace == null;
                    t.accumulateGrad(g, adopt);
                }
                Function fn = t.gradFn();
                if (fn != null) {
                    propagate(t, fn, g, needed);
                    if (mine && dead(t, fn)) {
                        ArrayPool.recycle(g.data());
                    }
                    if (!retainGraph) {
                        fn.release();
                        releaseValues(t);
                    }
                }
            }
            if (trace != null) {
                for (Tensor root : roots) {
                    root.trace = trace;
                }
            }
        }

        /**
         * Once the rule that made {@code t} has run and the graph's part of it is freed: gives back {@code t}'s array
         * if {@code t} was marked for it ({@link Tensor#releaseAfterBackward()}) and nothing this pass knows of still
         * reads it. Every tensor of the graph that shares the array (a reshape's view, say) must be marked and done
         * with too; the last of them gives it back, once, and all of them are marked released.
         */
        private void releaseValues(Tensor t) {
            if (!t.releasable() || trace != null || createGraph || capture != null || t.retainsGrad() || t.hasHooks()
                    || roots.stream().anyMatch(r -> r == t) || !ArrayPool.keeps(t.dataEvenIfReleased())) {
                return;
            }
            if (sharing == null) {
                sharing = new IdentityHashMap<>();
                done = Collections.newSetFromMap(new IdentityHashMap<>());
                for (int id = 0; id < graph.size(); id++) {
                    Tensor u = graph.tensor(id);
                    sharing.computeIfAbsent(array(u), a -> new ArrayList<>()).add(u);
                }
            }
            List<Tensor> sharers = sharing.get(array(t));
            done.add(t);
            for (Tensor u : sharers) {
                if (!u.releasable() || !done.contains(u)) {
                    return;
                }
            }
            for (Tensor u : sharers) {
                u.markReleased();
            }
            ArrayPool.recycle(t.dataEvenIfReleased());
        }

        /** The tensors of the graph by the array they hold (views share one), made at the first release. */
        private Map<Object, List<Tensor>> sharing;
        /** The marked tensors whose rules have run, made with {@link #sharing}. */
        private Set<Tensor> done;

        private static Object array(Tensor t) {
            NDArray a = t.dataEvenIfReleased();
            return a.dtype() == DType.FLOAT32 ? a.floats() : a.doubles();
        }

        /**
         * Whether the gradient of the intermediate tensor {@code t}, an array this pass allocated and no hook saw, is
         * one nothing can reach once {@code t}'s rule {@code fn} has run ({@link ArrayPool}): no trace, capture or
         * retained grad keeps it, no graph was recorded, and the rule's gradients are arrays of their own, so that
         * none of them is that array or a view of it. (A leaf has no rule, so it never gets here.)
         */
        private boolean dead(Tensor t, Function fn) {
            return capture == null && trace == null && !createGraph && !t.retainsGrad()
                    && (fn.returnsFreshGradients() || fn.returnsSavedGradients());
        }

        /** Runs {@code fn}'s rule on {@code t}'s gradient and hands each input its share. */
        private void propagate(Tensor t, Function fn, Tensor g, boolean[] needed) {
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
            // saved gradients are the pass's own once it frees the graph (a retained graph keeps them)
            boolean fresh = !createGraph
                    && (fn.returnsFreshGradients() || !retainGraph && fn.returnsSavedGradients());
            for (int k = 0; k < fn.inputCount(); k++) {
                Tensor input = fn.input(k);
                if (grads[k] == null || !input.requiresGrad()) {
                    continue;
                }
                int id = graph.idOf(input);
                // -1: a leaf whose requiresGrad a hook turned on after the sort; nothing of this pass reaches it
                if (id < 0 || needed != null && !needed[id]) {
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
                add(id, gk, fresh || reduced);
            }
        }

        /** {@code pending[id] += g}; a sum this pass made is its own. */
        private void add(int id, Tensor g, boolean ownedByPass) {
            Tensor before = pending[id];
            if (before == null) {
                pending[id] = g;
                owned[id] = ownedByPass;
            } else {
                pending[id] = before.add(g);
                owned[id] = true;
            }
        }
    }

    /** By id: whether some tensor of {@code targets} can be reached from that tensor of the graph (targets included). */
    private static boolean[] leadingTo(TopologicalOrder graph, Set<Tensor> targets) {
        boolean[] needed = new boolean[graph.size()];
        for (int position = 0; position < graph.size(); position++) {   // inputs before what is computed from them
            int id = graph.idAt(position);
            Tensor t = graph.tensor(id);
            boolean need = targets.contains(t);
            Function fn = t.gradFn();
            for (int k = 0; !need && fn != null && k < fn.inputCount(); k++) {
                int in = graph.idOf(fn.input(k));
                need = in >= 0 && needed[in];
            }
            needed[id] = need;
        }
        return needed;
    }
}

package org.jgrad.autograd;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tensors a backward pass visits: those that need a gradient and lead to a root, each numbered by when the search
 * first met it (its id, which indexes the pass's arrays), and listed so that every tensor comes after all of its
 * inputs (the post-order of an iterative depth-first search: a 100,000-step chain does not overflow the stack).
 *
 * <p>Tensors are found by identity. While the graph is small, by a scan of the ids' array: a training step's graph
 * has a handful of tensors (the fused logistic loss three: the loss, W and b), and a scan then costs less than
 * hashing and allocates no map. Past {@link #SCAN} tensors an {@link IdentityHashMap} takes over, so that a long
 * chain is not quadratic.
 */
final class TopologicalOrder {
    /** Up to this many tensors a lookup scans the array. */
    static final int SCAN = 16;

    private Tensor[] tensors = new Tensor[8];
    private int count;
    /** ids of the tensors, inputs before the tensors computed from them */
    private int[] order = new int[8];
    private int ordered;
    /** id of each tensor, once there are more than {@link #SCAN} */
    private Map<Tensor, Integer> ids;

    private TopologicalOrder() {
    }

    /** The tensors that need a gradient and from which some root is reached, roots included. */
    static TopologicalOrder of(List<Tensor> roots) {
        TopologicalOrder graph = new TopologicalOrder();
        int[] stack = new int[8];    // ids on the search path
        int[] next = new int[8];     // for each, the input to look at next
        for (Tensor root : roots) {
            if (graph.idOf(root) >= 0) {
                continue;
            }
            int depth = 0;
            stack[0] = graph.add(root);
            next[0] = 0;
            while (depth >= 0) {
                int id = stack[depth];
                Function fn = graph.tensors[id].gradFn();
                int k = next[depth];
                if (fn != null && k < fn.inputCount()) {
                    next[depth] = k + 1;
                    Tensor child = fn.input(k);
                    if (child.requiresGrad() && graph.idOf(child) < 0) {
                        if (++depth == stack.length) {
                            stack = Arrays.copyOf(stack, 2 * depth);
                            next = Arrays.copyOf(next, 2 * depth);
                        }
                        stack[depth] = graph.add(child);
                        next[depth] = 0;
                    }
                } else {
                    depth--;
                    if (graph.ordered == graph.order.length) {
                        graph.order = Arrays.copyOf(graph.order, 2 * graph.ordered);
                    }
                    graph.order[graph.ordered++] = id;
                }
            }
        }
        return graph;
    }

    /** How many tensors the pass visits (ids run from 0 to size - 1). */
    int size() {
        return count;
    }

    /** The id of the tensor at {@code position} of the order (position 0 needs no other tensor's gradient first). */
    int idAt(int position) {
        return order[position];
    }

    Tensor tensor(int id) {
        return tensors[id];
    }

    /** {@code t}'s id, or -1 when the pass does not visit it. */
    int idOf(Tensor t) {
        if (ids != null) {
            Integer id = ids.get(t);
            return id == null ? -1 : id;
        }
        for (int id = 0; id < count; id++) {
            if (tensors[id] == t) {
                return id;
            }
        }
        return -1;
    }

    private int add(Tensor t) {
        if (count == tensors.length) {
            tensors = Arrays.copyOf(tensors, 2 * count);
        }
        tensors[count] = t;
        if (ids != null) {
            ids.put(t, count);
        } else if (count == SCAN) {
            ids = new IdentityHashMap<>();
            for (int id = 0; id <= count; id++) {
                ids.put(tensors[id], id);
            }
        }
        return count++;
    }
}

package org.jgrad.autograd;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record of one backward pass, kept only when asked ({@link Graph#trace} or {@link Graph#recordSteps}): every
 * application of the chain rule, in the order the pass made them, and each tensor's complete gradient. This is what
 * {@link Graph#explain} writes out and what the graph explorer steps through.
 *
 * <pre>{@code
 * BackwardTrace trace = Graph.trace(j);     // runs j.backward() and records it
 * trace.gradient(b).item();                 // dJ/db
 * trace.stepsInto(x).size();                // 2 for a tensor used twice
 * }</pre>
 */
public final class BackwardTrace {
    /**
     * One chain-rule step: {@code output}'s gradient {@code upstream}, passed through {@code fn}'s rule for input
     * number {@code input}, gave {@code contribution} (already summed back to the input's shape). A tensor used twice
     * receives two steps, whose contributions add up to its gradient.
     */
    public record Step(Tensor output, Function fn, int input, Tensor upstream, Tensor contribution) {
    }

    private final Tensor root;
    private final List<Tensor> order = new ArrayList<>();
    private final Map<Tensor, List<Step>> steps = new IdentityHashMap<>();
    private final Map<Tensor, Tensor> gradients = new IdentityHashMap<>();

    BackwardTrace(Tensor root) {
        this.root = root;
    }

    void completed(Tensor t, Tensor gradient) {
        order.add(t);
        gradients.put(t, gradient);
    }

    void step(Tensor input, Step step) {
        steps.computeIfAbsent(input, k -> new ArrayList<>(1)).add(step);
    }

    /** The tensor the pass started from. */
    public Tensor root() {
        return root;
    }

    /** The tensors whose gradient the pass completed, in that order: the root first, leaves last. */
    public List<Tensor> order() {
        return List.copyOf(order);
    }

    /** The chain-rule steps that reached {@code t}, in the order they were made; empty for the root. */
    public List<Step> stepsInto(Tensor t) {
        return List.copyOf(steps.getOrDefault(t, List.of()));
    }

    /** {@code t}'s complete gradient in this pass ({@code dRoot/dt}), or null if none reached it. */
    public Tensor gradient(Tensor t) {
        return gradients.get(t);
    }
}

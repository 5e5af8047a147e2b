package org.jgrad.autograd;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Set;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jgrad.core.NDArray;

/**
 * The computation graph made visible: {@link #toDot} draws it (Graphviz), {@link #explain} writes out the chain rule
 * of a recorded backward pass.
 *
 * <pre>{@code
 * Tensor j = a.add(b.mul(c).named("u")).named("v").mul(3).named("J");
 * Graph.trace(j);      // j.backward(), recording each chain-rule step
 * Graph.explain(j);    // dJ/dv = 3
 *                      // dJ/du = dJ/dv * dv/du = 3 * 1 = 3 ...
 * Graph.toDot(j);      // digraph { ... }  render with: dot -Tsvg graph.dot -o graph.svg
 * }</pre>
 *
 * Steps are recorded only when asked ({@link #trace}, or a {@link #recordSteps()} scope around any backward call):
 * an ordinary backward pass keeps nothing.
 */
public final class Graph {
    /** Tensors with more elements than this show their shape and the first few values only. */
    static final int FULL_VALUES = 6;

    private Graph() {
    }

    /** One line of {@link #explain}: the tensor whose gradient it states, the text, and the steps it sums. */
    public record Line(Tensor tensor, String text, List<BackwardTrace.Step> steps) {
    }

    /**
     * Records the chain-rule steps of every backward pass on this thread until the scope is closed; each pass's
     * {@link BackwardTrace} is then kept by the tensor it started from ({@link #lastTrace}). Scopes nest.
     */
    public static GradMode.Scope recordSteps() {
        boolean[] flag = BackwardEngine.RECORDING.get();
        boolean previous = flag[0];
        flag[0] = true;
        return () -> flag[0] = previous;
    }

    /** Runs {@code root.backward()} with its steps recorded and returns the record. */
    public static BackwardTrace trace(Tensor root) {
        try (GradMode.Scope s = recordSteps()) {
            root.backward();
        }
        return root.trace;
    }

    /** The last recorded backward pass that started from {@code root}, or null. */
    public static BackwardTrace lastTrace(Tensor root) {
        return root.trace;
    }

    /**
     * Graphviz DOT for the graph that produced {@code root}, drawn left to right in the forward direction, as
     * micrograd's {@code draw_dot}: one record node per tensor ({@code name | shape | data | grad}) and one ellipse
     * per op, with edges input -> op -> output. The grad shown is {@link Tensor#grad()} when set, else the gradient
     * that reached the tensor in the last recorded backward pass from {@code root}. The data of an intermediate a
     * backward pass has released ({@link Tensor#releaseAfterBackward()}) shows as {@code released}.
     */
    public static String toDot(Tensor root) {
        Map<Tensor, String> ids = new IdentityHashMap<>();
        BackwardTrace trace = root.trace;
        StringBuilder sb = new StringBuilder("digraph jgrad {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
        List<Tensor> tensors = allTensors(root);
        for (Tensor t : tensors) {
            String id = "t" + ids.size();
            ids.put(t, id);
            Tensor g = t.grad() != null ? t.grad() : trace == null ? null : trace.gradient(t);
            NDArray grad = g == null ? null : g.data();
            String data = t.isReleased() ? "released" : escape(values(t.data()));
            String label = "{ " + escape(displayName(t)) + " | " + escape(t.shape().toString()) + " | data " + data
                    + " | grad " + (grad == null ? "-" : escape(values(grad))) + " }";
            sb.append("  ").append(id).append(" [shape=record, label=\"").append(label).append("\"];\n");
        }
        int op = 0;
        for (Tensor t : tensors) {
            Function fn = t.gradFn();
            if (fn == null) {
                continue;
            }
            String opId = "op" + op++;
            sb.append("  ").append(opId).append(" [shape=ellipse, label=\"").append(escape(fn.opName()))
                    .append("\"];\n");
            for (Tensor in : fn.inputs()) {
                sb.append("  ").append(ids.get(in)).append(" -> ").append(opId).append(";\n");
            }
            sb.append("  ").append(opId).append(" -> ").append(ids.get(t)).append(";\n");
        }
        return sb.append("}\n").toString();
    }

    /** The explorer page of the last recorded backward pass from {@code root}: see {@link GraphPage}. */
    public static String toHtml(Tensor root) {
        return GraphPage.html(root);
    }

    /** Writes {@link #toHtml(Tensor)} to {@code file} (whole, never half) and returns its absolute path. */
    public static java.nio.file.Path toHtml(Tensor root, java.nio.file.Path file) {
        return GraphPage.write(root, file);
    }

    /**
     * The last recorded backward pass from {@code root} ({@link #trace} or {@link #recordSteps}), one line per
     * tensor that received a gradient, in the order the pass computed them, written as the chain rule. For
     * one-element tensors every number is shown: {@code dJ/db = dJ/du * du/db = 3 * c = 3 * 2 = 6}; for larger
     * ones, the shape and the rule: {@code dL/dW (2, 3) = X^T @ dL/dZ}.
     *
     * @throws IllegalStateException when no recorded backward pass has run from {@code root}
     */
    public static String explain(Tensor root) {
        if (root.trace == null) {
            throw new IllegalStateException("explain: no recorded backward pass has run from " + displayName(root)
                    + "; call Graph.trace(" + displayName(root) + ") (it runs backward() and records each step), or "
                    + "call backward() first inside try (var s = Graph.recordSteps()) { ... }");
        }
        return explain(root.trace);
    }

    /** {@link #explainLines} joined, one per line. */
    public static String explain(BackwardTrace trace) {
        StringBuilder sb = new StringBuilder();
        for (Line line : explainLines(trace)) {
            sb.append(line.text()).append('\n');
        }
        return sb.toString();
    }

    /** The lines of {@link #explain}, each with the tensor it is about and the chain-rule steps it adds up. */
    public static List<Line> explainLines(BackwardTrace trace) {
        Tensor root = trace.root();
        String r = displayName(root);
        List<Line> lines = new ArrayList<>();
        for (Tensor t : trace.order()) {
            List<BackwardTrace.Step> steps = trace.stepsInto(t);
            if (t == root || steps.isEmpty()) {
                continue;
            }
            // numbers only when every factor is one number (a bias of shape (1,) broadcast over a batch gets the rule)
            boolean scalar = t.size() == 1 && steps.stream().allMatch(st -> st.upstream().size() == 1);
            String text = scalar ? scalarLine(r, root, t, steps, trace.gradient(t)) : ruleLine(r, t, steps);
            lines.add(new Line(t, text, steps));
        }
        return lines;
    }

    private static String scalarLine(String r, Tensor root, Tensor t, List<BackwardTrace.Step> steps,
            Tensor gradient) {
        String lhs = "d" + r + "/" + d(t);
        List<String> chain = new ArrayList<>();
        List<String> symbolic = new ArrayList<>();
        List<String> numeric = new ArrayList<>();
        for (BackwardTrace.Step s : steps) {
            String local = s.fn().localDerivative(s.input());
            String localValue = s.fn().localDerivativeValues(s.input());
            if (localValue == null) {
                double up = s.upstream().item();
                localValue = up == 0 ? local : Numbers.format(s.contribution().item() / up);
            }
            String up = Numbers.format(s.upstream().item());
            if (s.output() == root) {
                symbolic.add(local);
                numeric.add(localValue);
            } else {
                chain.add("d" + r + "/" + d(s.output()) + " * " + d(s.output()) + "/" + d(t));
                symbolic.add(up + " * " + local);
                numeric.add(up + " * " + localValue);
            }
        }
        List<String> parts = new ArrayList<>();
        parts.add(lhs);
        if (!chain.isEmpty()) {
            parts.add(String.join(" + ", chain));
        }
        parts.add(String.join(" + ", symbolic));
        parts.add(String.join(" + ", numeric));
        parts.add(Numbers.format(gradient.item()));
        StringBuilder line = new StringBuilder();
        String previous = null;
        for (String p : parts) {
            if (!p.equals(previous)) {
                line.append(previous == null ? "" : " = ").append(p);
            }
            previous = p;
        }
        return line.toString();
    }

    private static String ruleLine(String r, Tensor t, List<BackwardTrace.Step> steps) {
        List<String> terms = new ArrayList<>();
        for (BackwardTrace.Step s : steps) {
            String up = "d" + r + "/" + d(s.output());
            terms.add(s.fn().gradientRule(s.input(), up));
        }
        return "d" + r + "/" + d(t) + " " + t.shape() + " = " + String.join(" + ", terms);
    }

    /** {@code "dx"} for a name that is one word, {@code "d(1-a)"} for one that is not. */
    private static String d(Tensor t) {
        String n = displayName(t);
        return n.matches("[A-Za-z_][A-Za-z0-9_]*") ? "d" + n : "d(" + n + ")";
    }

    /** The tensor's name, or its op's name, or "leaf" with its shape for an unnamed leaf. */
    static String displayName(Tensor t) {
        if (t.name() != null) {
            return t.name();
        }
        return t.size() == 1 ? Numbers.format(t.item()) : "leaf" + t.shape();
    }

    /**
     * Every tensor in the graph of {@code root}, also those that need no gradient (constants, data), each after the
     * tensors it was computed from (the forward order).
     */
    public static List<Tensor> allTensors(Tensor root) {
        // iterative post-order depth-first search: a tensor is added once all of its inputs are
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Tensor> order = new ArrayList<>();
        ArrayDeque<Tensor> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        seen.add(root);
        stack.push(root);
        next.push(0);
        while (!stack.isEmpty()) {
            Tensor t = stack.peek();
            int k = next.pop();
            Function fn = t.gradFn();
            if (fn != null && k < fn.inputs().size()) {
                next.push(k + 1);
                Tensor in = fn.inputs().get(k);
                if (seen.add(in)) {
                    stack.push(in);
                    next.push(0);
                }
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }

    /** All values of a small array, or the first few and the count for a large one. */
    static String values(NDArray a) {
        if (a.size() == 1) {
            return Numbers.format(a.get(0));
        }
        StringBuilder sb = new StringBuilder("[");
        int shown = Math.min(a.size(), FULL_VALUES);
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(Numbers.format(a.get(i)));
        }
        return sb.append(a.size() > shown ? ", ... (" + a.size() + " values)]" : "]").toString();
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if ("{}|<>\"\\".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}

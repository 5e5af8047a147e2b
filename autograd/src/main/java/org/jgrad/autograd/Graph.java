package org.jgrad.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jgrad.core.NDArray;

/**
 * The computation graph made visible: {@link #toDot} draws it (Graphviz), {@link #explain} writes out the chain rule
 * of the last backward pass.
 *
 * <pre>{@code
 * Tensor j = a.add(b.mul(c).named("u")).named("v").mul(3).named("J");
 * j.backward();
 * Graph.toDot(j);      // digraph { ... }  render with: dot -Tsvg graph.dot -o graph.svg
 * Graph.explain(j);    // dJ/dv = 3
 *                      // dJ/du = dJ/dv * dv/du = 3 * 1 = 3 ...
 * }</pre>
 */
public final class Graph {
    /** Tensors with more elements than this show their shape and the first few values only. */
    static final int FULL_VALUES = 6;

    private Graph() {
    }

    /**
     * Graphviz DOT for the graph that produced {@code root}, drawn left to right in the forward direction, as
     * micrograd's {@code draw_dot}: one record node per tensor ({@code name | shape | data | grad}) and one ellipse
     * per op, with edges input -> op -> output. The grad shown is {@link Tensor#grad()} when set, else the gradient
     * that reached the tensor in the last backward pass.
     */
    public static String toDot(Tensor root) {
        Map<Tensor, String> ids = new IdentityHashMap<>();
        StringBuilder sb = new StringBuilder("digraph jgrad {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
        List<Tensor> tensors = allTensors(root);
        for (Tensor t : tensors) {
            String id = "t" + ids.size();
            ids.put(t, id);
            NDArray grad = t.grad() != null ? t.grad().data() : t.lastGradient();
            String label = "{ " + escape(displayName(t)) + " | " + escape(t.shape().toString()) + " | data "
                    + escape(values(t.data())) + " | grad " + (grad == null ? "-" : escape(values(grad))) + " }";
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

    /**
     * The last backward pass from {@code root}, one line per tensor that received a gradient, in the order the
     * pass computed them, written as the chain rule. For one-element tensors every number is shown:
     * {@code dJ/db = dJ/du * du/db = 3 * c = 3 * 2 = 6}; for larger ones, the shape and the rule:
     * {@code dL/dW (2, 3) = X^T @ dL/dZ}.
     *
     * @throws IllegalStateException when no backward pass has run from {@code root}
     */
    public static String explain(Tensor root) {
        if (root.lastGradient() == null) {
            throw new IllegalStateException("explain: no backward pass has run from " + displayName(root)
                    + "; call backward() first");
        }
        String r = displayName(root);
        List<Tensor> order = BackwardEngine.topologicalOrder(root);
        StringBuilder sb = new StringBuilder();
        for (int i = order.size() - 1; i >= 0; i--) {
            Tensor t = order.get(i);
            if (t == root || t.steps.isEmpty()) {
                continue;
            }
            sb.append(t.size() == 1 ? scalarLine(r, root, t) : ruleLine(r, t)).append('\n');
        }
        return sb.toString();
    }

    private static String scalarLine(String r, Tensor root, Tensor t) {
        String lhs = "d" + r + "/" + d(t);
        List<String> chain = new ArrayList<>();
        List<String> symbolic = new ArrayList<>();
        List<String> numeric = new ArrayList<>();
        for (GradientStep s : t.steps) {
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
        parts.add(Numbers.format(t.lastGradient().item()));
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

    private static String ruleLine(String r, Tensor t) {
        List<String> terms = new ArrayList<>();
        for (GradientStep s : t.steps) {
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

    /** Every tensor in the graph of {@code root}, also those that need no gradient (constants, data). */
    static List<Tensor> allTensors(Tensor root) {
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        List<Tensor> order = new ArrayList<>();
        ArrayDeque<Tensor> stack = new ArrayDeque<>();
        stack.push(root);
        seen.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Tensor t = stack.pop();
            order.add(t);
            if (t.gradFn() != null) {
                for (Tensor in : t.gradFn().inputs()) {
                    if (seen.put(in, Boolean.TRUE) == null) {
                        stack.push(in);
                    }
                }
            }
        }
        return order.reversed();
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

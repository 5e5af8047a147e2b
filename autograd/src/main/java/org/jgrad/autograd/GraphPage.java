package org.jgrad.autograd;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jgrad.core.NDArray;

/**
 * The backward pass as a page to step through in a browser: one self-contained HTML file (its script, style and data
 * inline; no font, no library, no network at view time) that draws the graph of {@code root} left to right and steps
 * through the forward pass, then the backward pass one explain line at a time. At each backward step the edges the
 * gradient travels are highlighted, the tensor receiving it shows it (a heat map too, for tensors with more than one
 * element), and the panel with id {@code explain} shows the line exactly as {@link Graph#explain} writes it. Step 0
 * is the graph before the forward pass, steps 1..F the forward steps, F+1..F+B the backward steps; {@code #step=N}
 * in the URL opens the page at step N.
 *
 * <pre>{@code
 * Tensor j = a.add(b.mul(c).named("u")).named("v").mul(3).named("J");
 * Graph.trace(j);                               // backward, recording each chain-rule step
 * GraphPage.write(j, Path.of("graph.html"));    // open it in a browser; the arrow keys step
 * }</pre>
 */
public final class GraphPage {
    private static final String RESOURCES = "/org/jgrad/autograd/";
    private static final Pattern PLACEHOLDER = Pattern.compile("/\\*\\{\\{([A-Z]+)}}\\*/|\\{\\{([A-Z]+)}}");

    private GraphPage() {
    }

    /**
     * The page for the last recorded backward pass from {@code root} ({@link Graph#trace}), titled by the root's
     * name.
     *
     * @throws IllegalStateException when no recorded backward pass has run from {@code root}
     */
    public static String html(Tensor root) {
        return html(root, "Backward pass from " + Graph.displayName(root));
    }

    /** As {@link #html(Tensor)}, with a title of your own (shown as the page's heading). */
    public static String html(Tensor root, String title) {
        return render(model(root, title));
    }

    /**
     * Writes {@link #html(Tensor)} to {@code file} (a temporary file beside it, then moved over it, so that a reader
     * never sees half a page) and returns the file's absolute path.
     */
    public static Path write(Tensor root, Path file) {
        return write(html(root), file);
    }

    /** Writes a page from {@link #html} atomically to {@code file}; returns its absolute path. */
    public static Path write(String html, Path file) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        try {
            Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try {
                Files.writeString(temp, html, StandardCharsets.UTF_8);
                readableByAll(temp);
                try {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("graph page: cannot write " + target + ": " + e.getMessage(), e);
        }
        return target;
    }

    /** A temporary file is private (rw-------); a page is for anyone to open, as a file written directly would be. */
    private static void readableByAll(Path file) throws IOException {
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** The graph and the last recorded backward pass from {@code root} as the page's model. */
    static PageModel model(Tensor root, String title) {
        BackwardTrace trace = Graph.lastTrace(root);
        if (trace == null) {
            String r = Graph.displayName(root);
            throw new IllegalStateException("graph page: no recorded backward pass has run from " + r + "; call "
                    + "Graph.trace(" + r + ") first (it runs backward() and records each chain-rule step)");
        }
        PageModel page = new PageModel(title);
        Map<Tensor, Integer> valueId = new IdentityHashMap<>();
        Map<Function, Integer> outEdge = new IdentityHashMap<>();
        Map<Function, int[]> inEdges = new IdentityHashMap<>();
        List<Tensor> tensors = Graph.allTensors(root);
        for (Tensor t : tensors) {
            valueId.put(t, page.add(valueNode(t)));
        }
        for (Tensor t : tensors) {
            Function fn = t.gradFn();
            if (fn == null) {
                continue;
            }
            int op = page.add(new PageModel.Node(true, opLabel(fn), "", "", new double[0], 0, 0,
                    PageModel.Role.VALUE));
            List<Tensor> inputs = fn.inputs();
            int[] in = new int[inputs.size()];
            for (int k = 0; k < in.length; k++) {
                in[k] = page.add(new PageModel.Edge(valueId.get(inputs.get(k)), op));
            }
            inEdges.put(fn, in);
            outEdge.put(fn, page.add(new PageModel.Edge(op, valueId.get(t))));
            page.forward.add(new PageModel.Forward(op, valueId.get(t), forwardText(t)));
        }
        page.root = valueId.get(root);
        page.rootGradient = head(trace.gradient(root));
        // one backward step per line of Graph.explain, in the order the pass completed the gradients
        for (Graph.Line line : Graph.explainLines(trace)) {
            List<PageModel.Arrival> arrivals = new ArrayList<>();
            for (BackwardTrace.Step s : line.steps()) {
                double[] c = head(s.contribution());
                arrivals.add(new PageModel.Arrival(valueId.get(s.output()), outEdge.get(s.fn()),
                        inEdges.get(s.fn())[s.input()], PageModel.brief(c, s.contribution().size()), c));
            }
            page.backward.add(new PageModel.Backward(valueId.get(line.tensor()), line.text(), arrivals,
                    head(trace.gradient(line.tensor()))));
        }
        return page;
    }

    private static PageModel.Node valueNode(Tensor t) {
        int[] dims = t.shape().dims();
        int[] rc = PageModel.matrix(dims);
        PageModel.Role role = !t.requiresGrad() ? PageModel.Role.CONSTANT
                : t.isLeaf() ? PageModel.Role.PARAMETER : PageModel.Role.VALUE;
        double[] values = head(t.data());
        return new PageModel.Node(false, Graph.displayName(t), t.size() == 1 ? "" : t.shape().toString(),
                PageModel.brief(values, t.size()), values, rc[0], rc[1], role);
    }

    private static double[] head(Tensor t) {
        return t == null ? new double[0] : head(t.data());
    }

    /** The first {@link PageModel#MAX_VALUES} values, in row-major order. */
    private static double[] head(NDArray a) {
        double[] v = new double[Math.min(a.size(), PageModel.MAX_VALUES)];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i);
        }
        return v;
    }

    private static String opLabel(Function fn) {
        return switch (fn.opName()) {
            case "add" -> "+";
            case "sub" -> "-";
            case "mul" -> "*";
            case "div" -> "/";
            case "matmul" -> "@";
            default -> fn.opName();
        };
    }

    /** {@code u = b * c = 6}; {@code Z (2, 3) = X @ W} for tensors with more than one element. */
    static String forwardText(Tensor t) {
        Function fn = t.gradFn();
        List<String> in = fn.inputs().stream().map(GraphPage::operand).toList();
        String op = opLabel(fn);
        String rhs = in.size() == 2 && op.length() == 1 ? in.get(0) + " " + op + " " + in.get(1)
                : op + "(" + String.join(", ", in) + ")";
        String lhs = Graph.displayName(t);
        return t.size() == 1 ? lhs + " = " + rhs + " = " + Numbers.format(t.item()) : lhs + " " + t.shape() + " = " + rhs;
    }

    private static String operand(Tensor t) {
        String n = Graph.displayName(t);
        return n.matches(".*[-+*/ ].*") && !n.matches("-?[0-9.e]+") ? "(" + n + ")" : n;
    }

    static String render(PageModel model) {
        Map<String, String> parts = Map.of(
                "TITLE", escapeHtml(model.title),
                "STYLE", resource("graph-page.css"),
                "SCRIPT", resource("graph-page.js"),
                "DATA", JsonText.of(model.json()));
        // one pass over the template, so that a placeholder inside the data (a tensor's name) stays as it is
        Matcher m = PLACEHOLDER.matcher(resource("graph-page.html"));
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(parts.get(m.group(1) != null ? m.group(1) : m.group(2))));
        }
        return m.appendTail(sb).toString();
    }

    private static String resource(String name) {
        try (InputStream in = GraphPage.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("graph page: resource " + RESOURCES + name + " is missing from the"
                        + " class path (a broken build of jgrad-autograd?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("graph page: cannot read resource " + name, e);
        }
    }

    static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

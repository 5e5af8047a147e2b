package org.jgrad.autograd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the explorer page shows, independent of how it was recorded: the graph (value nodes and op nodes, edges
 * value -> op -> value), the forward steps in forward order and the backward steps, one per explain line. It sizes
 * the nodes, lays them out ({@link LayeredLayout}) and becomes the page's JSON ({@link #json()}).
 *
 * <p>Steps are numbered as the page numbers them: 0 is the graph before the forward pass (leaves hold their values),
 * 1..F the forward steps, F+1..F+B the backward steps.
 */
final class PageModel {
    /** Average advance of a 12 px monospace glyph (DejaVu Sans Mono, Menlo, Consolas are all within 5%). */
    static final double CHAR_WIDTH = 7.3;
    static final double LINE_HEIGHT = 16;
    /** Heat maps show at most this many rows and columns of a gradient. */
    static final int HEAT_CELLS = 10;
    static final double CELL = 13;

    enum Role { PARAMETER, CONSTANT, VALUE }

    /**
     * A node. For a value node: its name, shape ({@code ""} for one element), a short form of its data, its full data
     * (the first {@link #MAX_VALUES}), its {@code rows x cols} as a matrix, and its role. For an op node: its label
     * ({@code *}, {@code tanh}); the other fields are empty.
     */
    record Node(boolean op, String label, String shape, String data, double[] values, int rows, int cols, Role role) {
    }

    /** An edge {@code from -> to}: a value into an op, or an op to the value it made. */
    record Edge(int from, int to) {
    }

    /** Forward step: {@code op} computes {@code output}; {@code text} such as {@code u = b * c = 6}. */
    record Forward(int op, int output, String text) {
    }

    /**
     * One chain-rule product reaching a tensor: the gradient of value node {@code from} went back through op edge
     * {@code edgeOut} (op -> from) and edge {@code edgeIn} (tensor -> op), contributing {@code values}.
     */
    record Arrival(int from, int edgeOut, int edgeIn, String text, double[] values) {
    }

    /** Backward step: value node {@code node} receives its complete gradient; {@code text} is its explain line. */
    record Backward(int node, String text, List<Arrival> arrivals, double[] gradient) {
    }

    static final int MAX_VALUES = 100;

    final String title;
    final List<Node> nodes = new ArrayList<>();
    final List<Edge> edges = new ArrayList<>();
    final List<Forward> forward = new ArrayList<>();
    final List<Backward> backward = new ArrayList<>();
    int root = -1;
    /** The seed of the backward pass, shown on the root: {@code 1} for a scalar loss. */
    double[] rootGradient = {1};

    PageModel(String title) {
        this.title = title;
    }

    int add(Node n) {
        nodes.add(n);
        return nodes.size() - 1;
    }

    int add(Edge e) {
        edges.add(e);
        return edges.size() - 1;
    }

    /** Rows and columns of a tensor drawn as a matrix: the last dimension across, the rest down. */
    static int[] matrix(int[] dims) {
        if (dims.length == 0) {
            return new int[] {1, 1};
        }
        int rows = 1;
        for (int i = 0; i < dims.length - 1; i++) {
            rows *= dims[i];
        }
        return new int[] {rows, dims[dims.length - 1]};
    }

    /** {@code 5}, or {@code [0.5, -0.25, …]}: at most two values, so that a node stays narrow (the heat map and
     * the tooltips show the rest). */
    static String brief(double[] values, int size) {
        if (size == 1) {
            return Numbers.format(values[0]);
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < Math.min(2, values.length); i++) {
            sb.append(i == 0 ? "" : ", ").append(Numbers.format(values[i]));
        }
        return sb.append(size > 2 ? ", …]" : "]").toString();
    }

    private boolean hasHeat(Node n) {
        return !n.op() && n.rows() * n.cols() > 1;
    }

    private Backward backwardInto(int node) {
        for (Backward b : backward) {
            if (b.node() == node) {
                return b;
            }
        }
        return null;
    }

    /** Width and height of each node as the page draws it (see graph-page.js, which uses the same constants). */
    double[][] sizes() {
        double[] w = new double[nodes.size()];
        double[] h = new double[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (n.op()) {
                w[i] = Math.max(40, n.label().length() * CHAR_WIDTH + 22);
                h[i] = 28;
                continue;
            }
            Backward b = backwardInto(i);
            int count = n.rows() * n.cols();
            String grad = "grad " + (b != null ? brief(b.gradient(), count) : i == root ? brief(rootGradient, count) : "");
            int chars = Math.max(n.label().length() + n.shape().length() + 1, ("data " + n.data()).length());
            chars = Math.max(chars, grad.length());
            if (b != null) {
                chars = Math.max(chars, sumText(b, count).length());
            }
            int lines = 3 + (b != null && b.arrivals().size() > 1 ? 1 : 0);
            boolean heatMap = b != null && hasHeat(n);
            double heat = heatMap ? Math.min(n.rows(), HEAT_CELLS) * CELL + 6 : 0;
            double heatWidth = heatMap ? Math.min(n.cols(), HEAT_CELLS) * CELL + 20 : 0;
            w[i] = Math.max(Math.max(96, chars * CHAR_WIDTH + 20), heatWidth);
            h[i] = 10 + lines * LINE_HEIGHT + heat;
        }
        return new double[][] {w, h};
    }

    /** The page's data: nodes with their boxes, edges with their paths, the steps. */
    Map<String, Object> json() {
        double[][] size = sizes();
        List<int[]> pairs = edges.stream().map(e -> new int[] {e.from(), e.to()}).toList();
        LayeredLayout layout = new LayeredLayout(size[0], size[1], pairs);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("title", title);
        page.put("width", Math.ceil(layout.width));
        page.put("height", Math.ceil(layout.height));
        page.put("charWidth", CHAR_WIDTH);
        page.put("lineHeight", LINE_HEIGHT);
        page.put("cell", CELL);
        page.put("heatCells", HEAT_CELLS);
        page.put("root", root);
        page.put("rootGradient", rootGradient);
        page.put("rootGradText", root < 0 ? "" : brief(rootGradient, nodes.get(root).rows() * nodes.get(root).cols()));
        List<Object> ns = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("op", n.op());
            m.put("label", n.label());
            m.put("x", round(layout.x[i]));
            m.put("y", round(layout.y[i]));
            m.put("w", round(size[0][i]));
            m.put("h", round(size[1][i]));
            m.put("layer", layout.layer[i]);
            if (!n.op()) {
                m.put("shape", n.shape());
                m.put("data", n.data());
                m.put("values", n.values());
                m.put("rows", n.rows());
                m.put("cols", n.cols());
                m.put("role", n.role().name().toLowerCase(java.util.Locale.ROOT));
            }
            ns.add(m);
        }
        page.put("nodes", ns);
        List<Object> es = new ArrayList<>();
        for (int i = 0; i < edges.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", edges.get(i).from());
            m.put("to", edges.get(i).to());
            List<Object> pts = new ArrayList<>();
            for (double[] p : layout.paths.get(i)) {
                pts.add(new double[] {round(p[0]), round(p[1])});
            }
            m.put("points", pts);
            es.add(m);
        }
        page.put("edges", es);
        List<Object> fs = new ArrayList<>();
        for (Forward f : forward) {
            fs.add(Map.of("op", f.op(), "output", f.output(), "text", f.text()));
        }
        page.put("forward", fs);
        List<Object> bs = new ArrayList<>();
        for (Backward b : backward) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("node", b.node());
            m.put("text", b.text());
            Node n = nodes.get(b.node());
            int count = n.rows() * n.cols();
            m.put("gradient", b.gradient());
            m.put("gradText", brief(b.gradient(), count));
            m.put("sumText", sumText(b, count));
            List<Object> as = new ArrayList<>();
            for (Arrival a : b.arrivals()) {
                Map<String, Object> am = new LinkedHashMap<>();
                am.put("from", a.from());
                am.put("edgeOut", a.edgeOut());
                am.put("edgeIn", a.edgeIn());
                am.put("text", a.text());
                am.put("values", a.values());
                as.add(am);
            }
            m.put("arrivals", as);
            bs.add(m);
        }
        page.put("backward", bs);
        page.put("crossings", layout.crossings);
        return page;
    }

    /** How contributions add up on a tensor used more than once: {@code = 3 + 6}; empty for one. */
    static String sumText(Backward b, int size) {
        if (b.arrivals().size() < 2) {
            return "";
        }
        if (size > 1) {
            return "= sum of " + b.arrivals().size() + " contributions";
        }
        return "= " + String.join(" + ", b.arrivals().stream().map(Arrival::text).toList());
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}

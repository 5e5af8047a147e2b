package org.jgrad.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A left-to-right layered drawing of a directed acyclic graph (the Sugiyama scheme, kept small), for the explorer
 * page ({@link GraphPage}):
 * <ol>
 * <li><b>Layers</b> by the longest path from the sources: a node sits one layer right of its furthest input. A source
 * (a leaf tensor) is then moved right to the layer just before its first consumer, so a constant such as the
 * {@code 3} of {@code J = 3v} is drawn next to the op that uses it, not in the first column.</li>
 * <li><b>Dummy nodes</b> split every edge that still spans more than one layer, so each segment joins neighbouring
 * layers and long edges bend around the nodes between.</li>
 * <li><b>Order within a layer</b> by the barycentre heuristic: sweeping right, each node moves to the mean position
 * of its inputs in the layer before; sweeping left, of its consumers in the layer after. Twelve sweeps, and the order
 * with the fewest edge crossings (counted pairwise between neighbouring layers) is kept.</li>
 * <li><b>Coordinates</b>: a column per layer as wide as its widest node; within a column nodes are stacked in order
 * and pulled towards the mean height of their neighbours (a few sweeps), never overlapping.</li>
 * </ol>
 * Sizes are in CSS pixels; {@link #x}/{@link #y} are a node's top-left corner.
 */
final class LayeredLayout {
    static final double COLUMN_GAP = 44;
    static final double ROW_GAP = 22;
    static final double MARGIN = 16;
    private static final double DUMMY_HEIGHT = 8;
    private static final int ORDER_SWEEPS = 12;
    private static final int PLACE_SWEEPS = 6;

    final double[] x;
    final double[] y;
    final int[] layer;
    /** Per edge, in the order given: the points of its path, source's right side to target's left side. */
    final List<double[][]> paths;
    final double width;
    final double height;
    /** Edge crossings left between neighbouring layers (straight segments through the dummy nodes). */
    final int crossings;

    /**
     * @param widths node widths
     * @param heights node heights
     * @param edges {@code {from, to}} pairs; the graph must be acyclic
     */
    LayeredLayout(double[] widths, double[] heights, List<int[]> edges) {
        int n = widths.length;
        int[] layers = layers(n, edges);
        // nodes of the drawing: the real ones, then the dummies of long edges
        List<Integer> nodeLayer = new ArrayList<>();
        List<Double> w = new ArrayList<>();
        List<Double> h = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodeLayer.add(layers[i]);
            w.add(widths[i]);
            h.add(heights[i]);
        }
        List<int[]> chains = new ArrayList<>();
        for (int[] e : edges) {
            int span = layers[e[1]] - layers[e[0]];
            int[] chain = new int[span + 1];
            chain[0] = e[0];
            chain[span] = e[1];
            for (int k = 1; k < span; k++) {
                chain[k] = nodeLayer.size();
                nodeLayer.add(layers[e[0]] + k);
                w.add(0.0);
                h.add(DUMMY_HEIGHT);
            }
            chains.add(chain);
        }
        int total = nodeLayer.size();
        int depth = 1 + nodeLayer.stream().mapToInt(Integer::intValue).max().orElse(0);
        List<List<Integer>> pred = new ArrayList<>();
        List<List<Integer>> succ = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            pred.add(new ArrayList<>());
            succ.add(new ArrayList<>());
        }
        for (int[] chain : chains) {
            for (int k = 0; k + 1 < chain.length; k++) {
                succ.get(chain[k]).add(chain[k + 1]);
                pred.get(chain[k + 1]).add(chain[k]);
            }
        }
        List<List<Integer>> rows = new ArrayList<>();
        for (int l = 0; l < depth; l++) {
            rows.add(new ArrayList<>());
        }
        for (int i = 0; i < total; i++) {
            rows.get(nodeLayer.get(i)).add(i);
        }
        int[] pos = new int[total];
        rows = order(rows, pred, succ, pos);
        this.crossings = crossings(rows, succ, pos);

        // columns
        double[] colX = new double[depth];
        double[] colW = new double[depth];
        for (int i = 0; i < total; i++) {
            colW[nodeLayer.get(i)] = Math.max(colW[nodeLayer.get(i)], w.get(i));
        }
        double cx = MARGIN;
        for (int l = 0; l < depth; l++) {
            colX[l] = cx;
            cx += colW[l] + COLUMN_GAP;
        }
        double[] top = place(rows, pred, succ, h);
        double[] left = new double[total];
        for (int i = 0; i < total; i++) {
            int l = nodeLayer.get(i);
            left[i] = colX[l] + (colW[l] - w.get(i)) / 2;
        }
        double bottom = 0;
        for (int i = 0; i < total; i++) {
            bottom = Math.max(bottom, top[i] + h.get(i));
        }
        this.x = Arrays.copyOf(left, n);
        this.y = Arrays.copyOf(top, n);
        this.layer = layers;
        this.width = cx - COLUMN_GAP + MARGIN;
        this.height = bottom + MARGIN;
        this.paths = new ArrayList<>();
        for (int[] chain : chains) {
            double[][] pts = new double[chain.length][];
            for (int k = 0; k < chain.length; k++) {
                int v = chain[k];
                double px = k == 0 ? left[v] + w.get(v) : k == chain.length - 1 ? left[v] : left[v] + w.get(v) / 2;
                pts[k] = new double[] {px, top[v] + h.get(v) / 2};
            }
            paths.add(pts);
        }
    }

    /** Longest path from the sources, then each source moved right to just before its nearest consumer. */
    static int[] layers(int n, List<int[]> edges) {
        int[] indegree = new int[n];
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ArrayList<>());
        }
        for (int[] e : edges) {
            out.get(e[0]).add(e[1]);
            indegree[e[1]]++;
        }
        int[] layer = new int[n];
        int[] remaining = indegree.clone();
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        for (int i = 0; i < n; i++) {
            if (remaining[i] == 0) {
                queue[tail++] = i;
            }
        }
        while (head < tail) {
            int u = queue[head++];
            for (int v : out.get(u)) {
                layer[v] = Math.max(layer[v], layer[u] + 1);
                if (--remaining[v] == 0) {
                    queue[tail++] = v;
                }
            }
        }
        if (tail != n) {
            throw new IllegalArgumentException("layout: the graph has a cycle (" + (n - tail) + " of " + n
                    + " nodes on or after it)");
        }
        for (int i = 0; i < n; i++) {
            if (indegree[i] == 0 && !out.get(i).isEmpty()) {
                int nearest = Integer.MAX_VALUE;
                for (int v : out.get(i)) {
                    nearest = Math.min(nearest, layer[v]);
                }
                layer[i] = nearest - 1;
            }
        }
        return layer;
    }

    /** Barycentre sweeps; returns the best order found and leaves each node's index in {@code pos}. */
    private static List<List<Integer>> order(List<List<Integer>> rows, List<List<Integer>> pred,
            List<List<Integer>> succ, int[] pos) {
        index(rows, pos);
        List<List<Integer>> best = copy(rows);
        int bestCrossings = crossings(rows, succ, pos);
        for (int sweep = 0; sweep < ORDER_SWEEPS && bestCrossings > 0; sweep++) {
            boolean right = sweep % 2 == 0;
            for (int k = 1; k < rows.size(); k++) {
                int l = right ? k : rows.size() - 1 - k;
                List<List<Integer>> neighbours = right ? pred : succ;
                List<Integer> row = rows.get(l);
                double[] key = new double[pos.length];
                for (int v : row) {
                    List<Integer> nb = neighbours.get(v);
                    key[v] = nb.isEmpty() ? pos[v] : nb.stream().mapToInt(u -> pos[u]).average().orElse(0);
                }
                row.sort(Comparator.comparingDouble(v -> key[v]));
                index(rows, pos);
            }
            int c = crossings(rows, succ, pos);
            if (c < bestCrossings) {
                bestCrossings = c;
                best = copy(rows);
            }
        }
        index(best, pos);
        return best;
    }

    private static void index(List<List<Integer>> rows, int[] pos) {
        for (List<Integer> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                pos[row.get(i)] = i;
            }
        }
    }

    private static List<List<Integer>> copy(List<List<Integer>> rows) {
        List<List<Integer>> c = new ArrayList<>();
        rows.forEach(r -> c.add(new ArrayList<>(r)));
        return c;
    }

    /** Pairs of segments between neighbouring layers whose ends are in opposite orders. */
    static int crossings(List<List<Integer>> rows, List<List<Integer>> succ, int[] pos) {
        int count = 0;
        for (List<Integer> row : rows) {
            List<int[]> segments = new ArrayList<>();
            for (int u : row) {
                for (int v : succ.get(u)) {
                    segments.add(new int[] {pos[u], pos[v]});
                }
            }
            for (int i = 0; i < segments.size(); i++) {
                for (int j = i + 1; j < segments.size(); j++) {
                    int[] a = segments.get(i);
                    int[] b = segments.get(j);
                    if ((long) (a[0] - b[0]) * (a[1] - b[1]) < 0) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    /**
     * Tops of the nodes: stacked in order, then sweeps that pull each layer towards the mean centre of its
     * neighbours (inputs when sweeping right, consumers when sweeping left) without letting two nodes overlap.
     */
    private static double[] place(List<List<Integer>> rows, List<List<Integer>> pred, List<List<Integer>> succ,
            List<Double> h) {
        double[] top = new double[h.size()];
        double tallest = 0;
        for (List<Integer> row : rows) {
            double t = 0;
            for (int v : row) {
                top[v] = t;
                t += h.get(v) + ROW_GAP;
            }
            tallest = Math.max(tallest, t - ROW_GAP);
        }
        for (List<Integer> row : rows) {
            double used = row.isEmpty() ? 0 : top[row.getLast()] + h.get(row.getLast());
            for (int v : row) {
                top[v] += (tallest - used) / 2;
            }
        }
        for (int sweep = 0; sweep < PLACE_SWEEPS; sweep++) {
            boolean right = sweep % 2 == 0;
            for (int k = 0; k < rows.size(); k++) {
                List<Integer> row = rows.get(right ? k : rows.size() - 1 - k);
                List<List<Integer>> neighbours = right ? pred : succ;
                double[] want = new double[row.size()];
                double shift = 0;
                int counted = 0;
                double floor = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < row.size(); i++) {
                    int v = row.get(i);
                    List<Integer> nb = neighbours.get(v);
                    double desired = nb.isEmpty() ? top[v]
                            : nb.stream().mapToDouble(u -> top[u] + h.get(u) / 2).average().orElse(0) - h.get(v) / 2;
                    want[i] = Math.max(desired, floor);
                    floor = want[i] + h.get(v) + ROW_GAP;
                    if (!nb.isEmpty()) {
                        shift += want[i] - desired;
                        counted++;
                    }
                }
                // pushing apart only moves nodes down; move the layer back up by the mean push
                double back = counted == 0 ? 0 : shift / counted;
                for (int i = 0; i < row.size(); i++) {
                    top[row.get(i)] = want[i] - back;
                }
            }
        }
        double min = Double.POSITIVE_INFINITY;
        for (double t : top) {
            min = Math.min(min, t);
        }
        for (int i = 0; i < top.length; i++) {
            top[i] += MARGIN - min;
        }
        return top;
    }
}

package org.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jgrad.core.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The explorer page's model follows the passes of tutorial 000 (numbers by hand), and the page is self-contained. */
class GraphPageTest {

    private static Tensor leaf(String name, double v) {
        return Tensor.scalar(v, DType.FLOAT64).requiresGrad(true).named(name);
    }

    /** J = 3(a + bc) at a = 5, b = 3, c = 2, after its backward pass. */
    private static Tensor tutorial000() {
        Tensor j = leaf("a", 5).add(leaf("b", 3).mul(leaf("c", 2)).named("u")).named("v").mul(3).named("J");
        Graph.trace(j);
        return j;
    }

    private static PageModel.Node node(PageModel m, int i) {
        return m.nodes.get(i);
    }

    @Test
    void tutorial000HasThreeForwardStepsThenOneBackwardStepPerExplainLine() {
        PageModel m = GraphPage.model(tutorial000(), "t");
        // u = bc = 6, v = a + u = 11, J = 3v = 33, in forward order
        assertThat(m.forward).extracting(PageModel.Forward::text)
                .containsExactly("u = b * c = 6", "v = a + u = 11", "J = v * 3 = 33");
        // the lines of Graph.explain for J = 3v, v = a + u, u = bc, derived by hand
        assertThat(m.backward).extracting(PageModel.Backward::text).containsExactly(
                "dJ/dv = 3",
                "dJ/du = dJ/dv * dv/du = 3 * 1 = 3",
                "dJ/dc = dJ/du * du/dc = 3 * b = 3 * 3 = 9",
                "dJ/db = dJ/du * du/db = 3 * c = 3 * 2 = 6",
                "dJ/da = dJ/dv * dv/da = 3 * 1 = 3");
        // each step names the tensor that receives the gradient, and the gradient: 3, 3, 3b = 9, 3c = 6, 3
        assertThat(m.backward).extracting(b -> node(m, b.node()).label()).containsExactly("v", "u", "c", "b", "a");
        assertThat(m.backward).extracting(b -> b.gradient()[0]).containsExactly(3.0, 3.0, 9.0, 6.0, 3.0);
        // dJ/dc arrives from u through the mul op, along the edges c -> mul and mul -> u
        PageModel.Backward dc = m.backward.get(2);
        assertThat(dc.arrivals()).hasSize(1);
        PageModel.Arrival arrival = dc.arrivals().getFirst();
        assertThat(node(m, arrival.from()).label()).isEqualTo("u");
        PageModel.Edge in = m.edges.get(arrival.edgeIn());
        PageModel.Edge out = m.edges.get(arrival.edgeOut());
        assertThat(node(m, in.from()).label()).isEqualTo("c");
        assertThat(node(m, in.to()).label()).isEqualTo("*");
        assertThat(in.to()).isEqualTo(out.from());
        assertThat(node(m, out.to()).label()).isEqualTo("u");
        assertThat(node(m, m.root).label()).isEqualTo("J");
        assertThat(m.rootGradient).containsExactly(1.0);
    }

    @Test
    void aTensorUsedTwiceReceivesTwoContributionsThatAddUp() {
        // y = xw + x at x = 2, w = 4: dy/dx = w (through xw) + 1 (through the add) = 5
        Tensor x = leaf("x", 2);
        Tensor y = x.mul(leaf("w", 4)).named("xw").add(x).named("y");
        Graph.trace(y);
        PageModel m = GraphPage.model(y, "t");
        PageModel.Backward dx = m.backward.stream().filter(b -> node(m, b.node()).label().equals("x")).findFirst()
                .orElseThrow();
        assertThat(dx.arrivals()).extracting(PageModel.Arrival::text).containsExactlyInAnyOrder("4", "1");
        assertThat(dx.gradient()).containsExactly(5.0);
        assertThat(PageModel.sumText(dx, 1)).isIn("= 4 + 1", "= 1 + 4");
        // the two arrivals come along different edges
        assertThat(dx.arrivals().get(0).edgeIn()).isNotEqualTo(dx.arrivals().get(1).edgeIn());
    }

    @Test
    void matricesShowTheirShapeInTheForwardStep() {
        Tensor x = Tensor.ones(DType.FLOAT64, 4, 3).named("X");
        Tensor w = Tensor.ones(DType.FLOAT64, 3, 2).requiresGrad(true).named("W");
        Tensor loss = x.matmul(w).named("Z").sum().named("L");
        Graph.trace(loss);
        PageModel m = GraphPage.model(loss, "t");
        assertThat(m.forward.getFirst().text()).isEqualTo("Z (4, 2) = X @ W");
        // dL/dW = X^T @ ones(4, 2): every entry is 4 (the sum over the four rows of X)
        PageModel.Backward dw = m.backward.getLast();
        assertThat(dw.text()).isEqualTo("dL/dW (3, 2) = X^T @ dL/dZ");
        assertThat(dw.gradient()).containsExactly(4, 4, 4, 4, 4, 4);
        PageModel.Node wNode = node(m, dw.node());
        assertThat(new int[] {wNode.rows(), wNode.cols()}).containsExactly(3, 2);
        assertThat(wNode.shape()).isEqualTo("(3, 2)");
    }

    @Test
    void thePageIsOneFileThatFetchesNothing() {
        String html = GraphPage.html(tutorial000());
        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("{{", "http://", "https://", " src=",
                "@import", "url(http", "url(//");
        // the one link is the page's empty icon, inline
        assertThat(count(html, "<link")).isEqualTo(1);
        assertThat(html).contains("<link rel=\"icon\" href=\"data:,\">");
        // exactly the two inline scripts: the data and the program
        assertThat(count(html, "<script")).isEqualTo(2);
        assertThat(html).contains("\"text\":\"dJ/dc = dJ/du * du/dc = 3 * b = 3 * 3 = 9\"");
    }

    @Test
    void aNameThatLooksLikeMarkupCannotBreakOutOfTheDataScript() {
        Tensor x = leaf("</script><script>alert(1)</script>", 2);
        Tensor y = x.mul(3).named("{{SCRIPT}}");
        Graph.trace(y);
        String html = GraphPage.html(y, "<b>title</b>");
        assertThat(count(html, "</script>")).isEqualTo(2);
        assertThat(html).doesNotContain("<b>title").contains("&lt;b&gt;title&lt;/b&gt;");
        assertThat(html).contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)");
        // a placeholder inside the data is data, not a place to put the script: the script is there once
        assertThat(html).contains("\"label\":\"{{SCRIPT}}\"");
        assertThat(count(html, "jgrad graph explorer: draws the graph")).isEqualTo(1);
    }

    @Test
    void writeReplacesTheFileWholeAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("graph.html");
        Files.writeString(file, "old");
        Path written = GraphPage.write(tutorial000(), file);
        assertThat(written).isEqualTo(file.toAbsolutePath());
        assertThat(Files.readString(file)).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).containsExactly(file);
        }
    }

    @Test
    void writeIntoAMissingDirectoryNamesTheFile(@TempDir Path dir) {
        Path file = dir.resolve("no/such/dir/graph.html");
        assertThatThrownBy(() -> GraphPage.write(tutorial000(), file)).hasMessageContaining(file.toString());
    }

    @Test
    void aPageBeforeAnyRecordedBackwardPassIsAnError() {
        Tensor j = leaf("a", 1).mul(2).named("J");
        assertThatThrownBy(() -> GraphPage.html(j)).hasMessageContaining("Graph.trace(J)");
        // an ordinary backward pass records nothing to show
        j.backward();
        assertThatThrownBy(() -> Graph.toHtml(j)).hasMessageContaining("no recorded backward pass");
    }

    @Test
    void graphToHtmlWritesTheSamePage(@TempDir Path dir) throws Exception {
        Tensor j = tutorial000();
        Path file = Graph.toHtml(j, dir.resolve("g.html"));
        assertThat(Files.readString(file)).isEqualTo(Graph.toHtml(j)).contains("dJ/db = dJ/du * du/db = 3 * c = 3 * 2 = 6");
    }

    @Test
    void everyEdgeOfTheLayoutLeavesItsSourceAndReachesItsTarget() {
        PageModel m = GraphPage.model(tutorial000(), "t");
        @SuppressWarnings("unchecked")
        List<java.util.Map<String, Object>> nodes = (List<java.util.Map<String, Object>>) m.json().get("nodes");
        @SuppressWarnings("unchecked")
        List<java.util.Map<String, Object>> edges = (List<java.util.Map<String, Object>>) m.json().get("edges");
        for (var e : edges) {
            var from = nodes.get((Integer) e.get("from"));
            var to = nodes.get((Integer) e.get("to"));
            @SuppressWarnings("unchecked")
            List<double[]> pts = (List<double[]>) e.get("points");
            // starts on the source's right side, ends on the target's left side
            assertThat(pts.getFirst()[0]).isCloseTo((double) from.get("x") + (double) from.get("w"),
                    org.assertj.core.data.Offset.offset(0.11));
            assertThat(pts.getLast()[0]).isCloseTo((double) to.get("x"), org.assertj.core.data.Offset.offset(0.11));
        }
    }

    private static int count(String s, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}

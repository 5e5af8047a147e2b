package org.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.jgrad.core.DType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Graph.explain writes the chain rule as the tutorials do; Graph.toDot gives DOT that Graphviz accepts. */
class GraphTest {

    private static Tensor tutorial000() {
        Tensor a = Tensor.scalar(5).requiresGrad(true).named("a");
        Tensor b = Tensor.scalar(3).requiresGrad(true).named("b");
        Tensor c = Tensor.scalar(2).requiresGrad(true).named("c");
        Tensor u = b.mul(c).named("u");
        Tensor v = a.add(u).named("v");
        return v.mul(3).named("J");
    }

    @Test
    void explainSpellsOutEachChainRuleStepOfTutorial000() {
        Tensor j = tutorial000();
        Graph.trace(j);
        // expected lines derived by hand from J = 3v, v = a + u, u = bc at a = 5, b = 3, c = 2
        assertThat(Graph.explain(j).lines()).containsExactly(
                "dJ/dv = 3",
                "dJ/du = dJ/dv * dv/du = 3 * 1 = 3",
                "dJ/dc = dJ/du * du/dc = 3 * b = 3 * 3 = 9",
                "dJ/db = dJ/du * du/db = 3 * c = 3 * 2 = 6",
                "dJ/da = dJ/dv * dv/da = 3 * 1 = 3");
    }

    @Test
    void aTensorUsedTwiceShowsBothTerms() {
        Tensor x = Tensor.scalar(3).requiresGrad(true).named("x");
        Tensor y = x.mul(x).named("y");   // dy/dx = x + x = 6
        try (var recording = Graph.recordSteps()) {
            y.backward();
        }
        assertThat(Graph.explain(y)).isEqualTo("dy/dx = x + x = 3 + 3 = 6\n");
    }

    @Test
    void explainShowsShapesAndRulesForMatrices() {
        Tensor x = Tensor.ones(DType.FLOAT64, 4, 3).named("X");
        Tensor w = Tensor.ones(DType.FLOAT64, 3, 2).requiresGrad(true).named("W");
        Tensor z = x.matmul(w).named("Z");
        Tensor loss = z.sum().named("L");
        Graph.trace(loss);
        assertThat(Graph.explain(loss).lines()).containsExactly(
                "dL/dZ (4, 2) = dL/dL * 1",
                "dL/dW (3, 2) = X^T @ dL/dZ");
    }

    @Test
    void aOneElementTensorBroadcastOverABatchGetsItsRule() {
        // z = x w + b over two rows: b (1,) is broadcast, dL/db = sum of dL/dz, written as a rule, not a number
        Tensor x = Tensor.ones(DType.FLOAT64, 2, 1).named("x");
        Tensor w = Tensor.ones(DType.FLOAT64, 1, 1).requiresGrad(true).named("w");
        Tensor b = Tensor.ones(DType.FLOAT64, 1).requiresGrad(true).named("b");
        Tensor loss = x.matmul(w).named("xw").add(b).named("z").sum().named("L");
        Graph.trace(loss);
        assertThat(Graph.explain(loss).lines()).contains("dL/db (1,) = dL/dz * 1");
    }

    @Test
    void explainBeforeBackwardIsAnError() {
        // an ordinary backward pass records nothing either
        Tensor j = tutorial000();
        j.backward();
        assertThatThrownBy(() -> Graph.explain(j)).hasMessageContaining("no recorded backward pass");
        assertThatThrownBy(() -> Graph.explain(tutorial000())).hasMessageContaining("no recorded backward pass")
                .hasMessageContaining("Graph.trace(J)");
    }

    @Test
    void dotHasOneRecordPerTensorAndOneNodePerOp() {
        Tensor j = tutorial000();
        Graph.trace(j);
        String dot = Graph.toDot(j);
        // tensors: a, b, c, u, v, J and the constant 3; ops: mul, add, mul
        assertThat(dot.lines().filter(l -> l.contains("shape=record"))).hasSize(7);
        assertThat(dot.lines().filter(l -> l.contains("shape=ellipse"))).hasSize(3);
        assertThat(dot).contains("{ b | () | data 3 | grad 6 }").contains("{ J | () | data 33 | grad 1 }");
        assertThat(dot.lines().filter(l -> l.contains("->"))).hasSize(3 * 2 + 3);
    }

    @Test
    void dotIsAcceptedByGraphviz() throws Exception {
        File dotExe = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, "dot");
            if (f.canExecute()) {
                dotExe = f;
                break;
            }
        }
        Assumptions.assumeTrue(dotExe != null, "Graphviz dot is not on the PATH");
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, DType.FLOAT64, 2, 4).requiresGrad(true).named("x");
        Tensor loss = x.softmax(1).mul(x).sum().named("loss \"quoted\" {braces}");
        loss.backward();
        Process p = new ProcessBuilder(dotExe.getPath(), "-Tsvg").redirectErrorStream(true).start();
        p.getOutputStream().write(Graph.toDot(loss).getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String svg = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(svg).isZero();
        assertThat(svg).contains("<svg").contains("softmax");
    }
}

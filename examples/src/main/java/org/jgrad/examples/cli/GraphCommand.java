package org.jgrad.examples.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jgrad.autograd.BackwardTrace;
import org.jgrad.autograd.Graph;
import org.jgrad.autograd.GraphPage;
import org.jgrad.autograd.Numbers;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jgrad graph}: builds a tutorial's computation graph, runs it forward and backward, and prints the forward
 * values and the chain rule step by step ({@link Graph#explain}); writes Graphviz DOT and SVG on request.
 */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = {"Study backpropagation on a small graph: forward values, then each chain-rule step.",
            "Default: tutorial 000, J = 3(a + b*c) with a = 5, b = 3, c = 2.",
            "--logreg: tutorial 003, one example of two-feature logistic regression.",
            "--mlp: a 2-3-1 tanh network on two examples, with matrices.",
            "--html FILE: a page that steps through the forward and backward pass in a browser."})
public final class GraphCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--logreg", description = "Tutorial 003's logistic regression (x1, x2, w1, w2, b, z, a, L).")
    boolean logreg;

    @Option(names = "--mlp", description = "A 2-3-1 network, tanh hidden layer, mean squared error on two examples.")
    boolean mlp;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Write a self-contained page that steps through the passes (open it in a browser).")
    Path htmlFile;

    @Option(names = "--dot", paramLabel = "FILE", description = "Write the graph as Graphviz DOT.")
    Path dotFile;

    @Option(names = "--svg", paramLabel = "FILE", description = "Render the graph to SVG with Graphviz's dot.")
    Path svgFile;

    private Tensor logregZ;
    private Tensor logregA;

    @Override
    public Integer call() throws IOException, InterruptedException {
        new OutputFiles(spec.commandLine()).output("--dot", dotFile).output("--svg", svgFile).check();
        PrintWriter out = spec.commandLine().getOut();
        if (logreg && mlp) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--logreg and --mlp choose different graphs; give one of them");
        }
        Tensor root = logreg ? logisticRegression(out) : mlp ? MlpGraph.build(out) : tutorial000(out);
        out.println();
        out.println("backward, one chain-rule step per line, in the order the pass ran:");
        Graph.explain(root).lines().forEach(l -> out.println("  " + l));
        if (logreg) {
            logregShortcut(out, Graph.lastTrace(root));
        }
        String dot = Graph.toDot(root);
        if (dotFile != null) {
            Files.writeString(dotFile, dot, StandardCharsets.UTF_8);
            out.println();
            out.println("wrote " + dotFile);
        }
        if (svgFile != null) {
            render(dot, svgFile);
            out.println("wrote " + svgFile);
        }
        if (htmlFile != null) {
            String title = logreg ? "Tutorial 003: logistic regression on one example"
                    : mlp ? "A 2-3-1 tanh network on two examples" : "Tutorial 000: J = 3(a + b*c)";
            Path written = GraphPage.write(GraphPage.html(root, title), htmlFile);
            if (dotFile == null && svgFile == null) {
                out.println();
            }
            out.println("wrote " + written);
        }
        out.flush();
        return 0;
    }

    /** Tutorial 000: u = bc, v = a + u, J = 3v. */
    private static Tensor tutorial000(PrintWriter out) {
        Tensor a = leaf("a", 5);
        Tensor b = leaf("b", 3);
        Tensor c = leaf("c", 2);
        Tensor u = b.mul(c).named("u");
        Tensor v = a.add(u).named("v");
        Tensor j = v.mul(3).named("J");
        out.println("J = 3(a + b*c) with a = 5, b = 3, c = 2 (tutorial 000)");
        out.println();
        out.println("forward:");
        out.println("  u = b * c = " + f(u));
        out.println("  v = a + u = " + f(v));
        out.println("  J = 3 * v = " + f(j));
        Graph.trace(j);   // backward, recording each chain-rule step for explain
        return j;
    }

    /** Tutorial 003: z = w1 x1 + w2 x2 + b, a = sigma(z), L = -(y log a + (1 - y) log(1 - a)). */
    private Tensor logisticRegression(PrintWriter out) {
        Tensor x1 = constant("x1", 1);
        Tensor x2 = constant("x2", 2);
        Tensor y = constant("y", 1);
        Tensor w1 = leaf("w1", 0.5);
        Tensor w2 = leaf("w2", -0.25);
        Tensor b = leaf("b", 0.1);
        Tensor w1x1 = w1.mul(x1).named("w1x1");
        Tensor w2x2 = w2.mul(x2).named("w2x2");
        Tensor z = w1x1.add(w2x2).named("w1x1+w2x2").add(b).named("z");
        Tensor a = z.sigmoid().named("a");
        logregZ = z;
        logregA = a;
        Tensor p = y.mul(a.log().named("log(a)")).named("p");
        Tensor oneMinusA = Tensor.scalar(1, DType.FLOAT64).sub(a).named("1-a");
        Tensor q = constant("1-y", 1 - y.item()).mul(oneMinusA.log().named("log(1-a)")).named("q");
        Tensor loss = p.add(q).named("p+q").neg().named("L");
        out.println("logistic regression on one example with two features (tutorial 003)");
        out.println("  x1 = 1, x2 = 2, y = 1; w1 = 0.5, w2 = -0.25, b = 0.1");
        out.println();
        out.println("forward:");
        out.println("  z = w1*x1 + w2*x2 + b = " + f(z));
        out.println("  a = sigma(z) = " + f(a));
        out.println("  L = -(y log(a) + (1 - y) log(1 - a)) = " + f(loss));
        Graph.trace(loss);
        return loss;
    }

    /** The tutorial's closed forms, checked against the gradient the pass computed for z. */
    private void logregShortcut(PrintWriter out, BackwardTrace trace) {
        double dz = logregA.item() - 1;
        out.println();
        out.println("the tutorial's shortcut: dz = a - y = " + f(logregA) + " - 1 = " + Numbers.format(dz)
                + "  (the chain rule above gave dL/dz = " + Numbers.format(trace.gradient(logregZ).item()) + ")");
        out.println("  dw1 = x1 * dz = " + Numbers.format(dz) + ", dw2 = x2 * dz = " + Numbers.format(2 * dz)
                + ", db = dz = " + Numbers.format(dz));
    }

    private static Tensor leaf(String name, double value) {
        return Tensor.scalar(value, DType.FLOAT64).requiresGrad(true).named(name);
    }

    private static Tensor constant(String name, double value) {
        return Tensor.scalar(value, DType.FLOAT64).named(name);
    }

    private static String f(Tensor t) {
        return Numbers.format(t.item());
    }

    /** Runs Graphviz's {@code dot -Tsvg}; a clear error when it is not installed. */
    private static void render(String dot, Path svg) throws IOException, InterruptedException {
        String exe = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, "dot").canExecute()) {
                exe = new File(dir, "dot").getPath();
                break;
            }
        }
        if (exe == null) {
            throw new IllegalStateException("--svg needs Graphviz's dot on the PATH (Debian: apt-get install "
                    + "graphviz); --dot FILE writes the DOT text without it");
        }
        Process p = new ProcessBuilder(exe, "-Tsvg", "-o", svg.toString()).redirectErrorStream(true).start();
        p.getOutputStream().write(dot.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String messages = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("dot -Tsvg failed: " + messages.strip());
        }
    }
}

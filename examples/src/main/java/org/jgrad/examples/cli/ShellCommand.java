package org.jgrad.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import jdk.jshell.tool.JavaShellToolBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jgrad shell}: JDK 25's jshell with jgrad on the class path and imported (Tensor, Graph, nn, optim, data),
 * and two helpers, {@code explain(root)} and {@code html(root)}. jshell runs in this JVM; the snippets run in the
 * JVM jshell starts for them, which reads the Vector API too ({@code -R--add-modules}), while
 * {@code --add-modules} lets jshell's compiler see it.
 */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"An interactive Java shell (jshell) with jgrad imported.",
            "explain(j) prints the chain rule of j's last backward pass; html(j) writes the explorer page.",
            "Piped input works too: echo 'Tensor.scalar(2).mul(3).item()' | jgrad shell"})
public final class ShellCommand implements Callable<Integer> {
    static final String GREETING = """
            jgrad shell: jshell with Tensor, Graph, nn, optim and data imported; /exit leaves, /help helps.
            Try: var j = Tensor.scalar(2).requiresGrad(true).named("x").mul(3).named("J"); Graph.trace(j); explain(j)""";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path startup = startupScript();
        try {
            PrintWriter out = spec.commandLine().getOut();
            out.println(GREETING);
            out.flush();
            return JavaShellToolBuilder.builder().start(arguments(System.getProperty("java.class.path"), startup)
                    .toArray(String[]::new));
        } finally {
            Files.deleteIfExists(startup);
        }
    }

    /** jshell's command line: the class path, the Vector API for the compiler and for the snippets' JVM. */
    static List<String> arguments(String classPath, Path startup) {
        return List.of("--class-path", classPath,
                "--add-modules", "jdk.incubator.vector",
                "-R--add-modules=jdk.incubator.vector",
                "-R--enable-native-access=ALL-UNNAMED",
                "-R-Djava.awt.headless=true",
                "--startup", "DEFAULT", "--startup", startup.toString());
    }

    /** The start-up snippets (a resource) in a temporary file, which is where jshell reads them from. */
    private static Path startupScript() throws IOException {
        Path file = Files.createTempFile("jgrad-shell", ".jsh");
        try (InputStream in = ShellCommand.class.getResourceAsStream("jgrad-shell.jsh")) {
            if (in == null) {
                throw new IllegalStateException("shell: jgrad-shell.jsh is missing from the class path");
            }
            Files.write(file, in.readAllBytes());
        }
        return file;
    }
}

package org.jgrad.examples.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jgrad} command line. With no command it runs {@code train} on the bundled digits, as the tutorial
 * does. Exit codes: 0 success, 1 bad data or state, 2 bad usage.
 */
@Command(name = "jgrad", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A small, fast, readable autograd framework: train and study models from the command line.",
        subcommands = {TrainCommand.class, GraphCommand.class, ExampleCommand.class, PredictCommand.class,
            BenchCommand.class, ShellCommand.class, CommandLine.HelpCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print the stack trace of an error.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        // no command: the tutorial's default run, through this command line's streams and error handlers
        return spec.commandLine().getSubcommands().get("train").execute();
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** The one line an out-of-memory error ends in (no stack trace: it would say nothing more to a user). */
    static final String OUT_OF_MEMORY = "jgrad: out of memory (Java heap %s); try a smaller model (--hidden, "
            + "--batch-size) or give Java more memory, e.g. JGRAD_JAVA_OPTS=-Xmx8g ./jgrad ...";

    /** Runs the command line with the given streams and returns the exit code (for tests). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        try {
            org.jgrad.core.kernels.Parallel.threads(); // reads -Djgrad.threads: a bad value is a usage error
        } catch (ExceptionInInitializerError e) {
            err.println("jgrad: " + e.getCause().getMessage());
            err.flush();
            return 2;
        }
        try {
            return run(args, out, err);
        } catch (OutOfMemoryError e) {
            err.println(String.format(java.util.Locale.ROOT, OUT_OF_MEMORY,
                    Runtime.getRuntime().maxMemory() / (1 << 20) + " MB"));
            err.flush();
            return 1;
        }
    }

    private static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            boolean showTrace = line.getCommandSpec().root().userObject() instanceof Main m && m.debug;
            line.getErr().println("jgrad: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if (showTrace) {
                e.printStackTrace(line.getErr());
            }
            line.getErr().flush();
            return 1;
        });
        cl.setParameterExceptionHandler((e, params) -> {
            PrintWriter w = e.getCommandLine().getErr();
            w.println("jgrad: " + e.getMessage() + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help')");
            w.flush();
            return 2;
        });
        return cl.execute(args);
    }

    /** Reads the version from the jar manifest when packaged. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"jgrad " + (v == null ? "0.1.0-SNAPSHOT" : v) + " (Java "
                    + Runtime.version() + ", kernels: " + org.jgrad.core.kernels.Kernels.get().name() + ")"};
        }
    }
}

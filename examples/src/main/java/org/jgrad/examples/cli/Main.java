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

    /** Runs the command line with the given streams and returns the exit code (for tests). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
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

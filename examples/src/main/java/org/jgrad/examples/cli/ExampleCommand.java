package org.jgrad.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jgrad.examples.Example;
import org.jgrad.examples.ExampleCatalog;
import org.jgrad.examples.ExampleRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jgrad example NAME}: runs one of the tutorial examples; {@code --list} lists them. */
@Command(name = "example", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Run one of the tutorials as a program: it prints what it computes and writes its pictures "
            + "(PNG) into --out.", "See them all with --list."})
public final class ExampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "The example to run (see --list); any case.")
    String name;

    @Option(names = "--list", description = "List the examples, one line each.")
    boolean list;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out", description = "Directory for the pictures.")
    Path out;

    @Option(names = "--quick", description = "A reduced run: less data and fewer iterations.")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getOut();
        if (list) {
            for (Example e : ExampleCatalog.all()) {
                log.println(String.format(Locale.ROOT, "%-26s %s", e.name(), e.summary()));
            }
            log.flush();
            return 0;
        }
        if (name == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "missing the example NAME; one of: " + ExampleCatalog.names());
        }
        Example example = ExampleCatalog.find(name).orElseThrow(() -> new CommandLine.ParameterException(
                spec.commandLine(), "no example named '" + name + "'; one of: " + ExampleCatalog.names()));
        List<Path> pictures = example.run(new ExampleRun(log, out, quick));
        for (Path p : pictures) {
            log.println("wrote " + p);
        }
        log.flush();
        return 0;
    }
}

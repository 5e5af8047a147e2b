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

/**
 * {@code jgrad example NAME}: runs one of the tutorial examples; {@code --list} lists them. {@code --help} ends with
 * what NAME does when a known NAME is given, and with the list of examples otherwise.
 */
@Command(name = "example", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Run one of the tutorials as a program: it prints what it computes and writes its pictures "
            + "(PNG) into --out.", "See them all with --list."})
public final class ExampleCommand implements Callable<Integer> {
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "The example to run (see --list); any case.")
    String name;

    @Option(names = "--list", description = "List the examples, one line each.")
    boolean list;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out", description = "Directory for the pictures.")
    Path out;

    @Option(names = "--quick", description = "A reduced run: less data and fewer iterations.")
    boolean quick;

    /** Picocli's model of this command; the help's footer is computed when the help is printed, after parsing. */
    @Spec
    void spec(CommandSpec value) {
        this.spec = value;
        value.usageMessage().sectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, help -> footer());
    }

    /** The named example's summary, or every example's, for the end of {@code --help}. */
    private String footer() {
        var example = name == null ? java.util.Optional.<Example>empty() : ExampleCatalog.find(name);
        if (example.isPresent()) {
            return String.format(Locale.ROOT, "%n%s%n", wrap(example.get().name() + ": " + example.get().summary()));
        }
        StringBuilder all = new StringBuilder(String.format(Locale.ROOT, "%nExamples:%n"));
        for (Example e : ExampleCatalog.all()) {
            all.append(String.format(Locale.ROOT, "  %s%n", e.name()));
        }
        return all.toString();
    }

    /** {@code text} broken between words into lines of at most 80 characters, as picocli wraps the rest. */
    private static String wrap(String text) {
        StringBuilder out = new StringBuilder();
        int lineStart = 0;
        for (String word : text.split(" ")) {
            if (out.length() > lineStart && out.length() - lineStart + 1 + word.length() > 80) {
                out.append(System.lineSeparator());
                lineStart = out.length();
            } else if (out.length() > lineStart) {
                out.append(' ');
            }
            out.append(word);
        }
        return out.toString();
    }

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

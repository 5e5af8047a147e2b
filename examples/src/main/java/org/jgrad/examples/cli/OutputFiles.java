package org.jgrad.examples.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * Checks, before any work, that every file a command will write can be written: a run of many minutes should not
 * end by failing to save. Each output must not be an input of the same run, must not be a directory, and its
 * directory (or, when that does not exist yet, the nearest existing one above it, since the writers create missing
 * directories) must be a directory this process can create files in, which is tried for real with a temporary file,
 * so read-only file systems and permissions (including root's) count as the writes would.
 *
 * <pre>{@code
 * new OutputFiles(commandLine).input("--train", trainFile).output("--save", saveFile).check();
 * }</pre>
 */
final class OutputFiles {
    private final CommandLine commandLine;
    private final Map<String, Path> inputs = new LinkedHashMap<>();
    private final Map<String, Path> outputs = new LinkedHashMap<>();
    private final java.util.Set<String> replacing = new java.util.HashSet<>();

    OutputFiles(CommandLine commandLine) {
        this.commandLine = commandLine;
    }

    /** A file the run reads (ignored when null). */
    OutputFiles input(String option, Path file) {
        if (file != null) {
            inputs.put(option, file);
        }
        return this;
    }

    /** A file the run writes (ignored when null). */
    OutputFiles output(String option, Path file) {
        if (file != null) {
            outputs.put(option, file);
        }
        return this;
    }

    /** Lets output {@code output} be the same file as input {@code input} (a checkpoint that replaces itself). */
    OutputFiles mayReplace(String output, String input) {
        replacing.add(output + " " + input);
        return this;
    }

    /**
     * Checks every output.
     *
     * @throws CommandLine.ParameterException (a usage error) when an output is one of the inputs
     * @throws IllegalStateException naming the option, the path and the reason when an output cannot be written
     */
    void check() {
        for (Map.Entry<String, Path> out : outputs.entrySet()) {
            for (Map.Entry<String, Path> in : inputs.entrySet()) {
                if (!replacing.contains(out.getKey() + " " + in.getKey()) && sameFile(out.getValue(), in.getValue())) {
                    throw new CommandLine.ParameterException(commandLine, out.getKey() + " " + out.getValue()
                            + " is the input file of " + in.getKey() + "; refusing to overwrite it");
                }
            }
            writable(out.getKey(), out.getValue());
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // fall back to comparing the names
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    private static void writable(String option, Path file) {
        Path target = file.toAbsolutePath().normalize();
        String where = option + " " + file + ": cannot write there: ";
        if (Files.isDirectory(target)) {
            throw new IllegalStateException(where + "it is a directory");
        }
        Path dir = target.getParent();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(where + "no directory above it exists");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(where + dir + " is a file, not a directory");
        }
        if (Files.exists(target) && !Files.isWritable(target)) {
            throw new IllegalStateException(where + "the file exists and is not writable (permission denied)");
        }
        try {
            Files.delete(Files.createTempFile(dir, ".jgrad-write-check-", ".tmp"));
        } catch (AccessDeniedException e) {
            throw new IllegalStateException(where + dir + " is not writable (permission denied)");
        } catch (FileSystemException e) {
            throw new IllegalStateException(where + dir + " is not writable ("
                    + (e.getReason() == null ? "files cannot be created there" : e.getReason()) + ")");
        } catch (IOException e) {
            throw new IllegalStateException(where + dir + " is not writable (" + e.getMessage() + ")");
        }
    }
}

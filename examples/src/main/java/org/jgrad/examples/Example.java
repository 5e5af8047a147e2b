package org.jgrad.examples;

import java.nio.file.Path;
import java.util.List;

/**
 * One tutorial idea as a runnable program: {@code ./jgrad example NAME} runs it, printing to the run's log and
 * writing its pictures into the run's output directory.
 */
public interface Example {

    /** The name on the command line, e.g. {@code ComputationGraph}. */
    String name();

    /** One line saying what the example shows and which tutorial it follows. */
    String summary();

    /** Runs the example; returns the pictures it wrote (possibly none). */
    List<Path> run(ExampleRun run) throws Exception;
}

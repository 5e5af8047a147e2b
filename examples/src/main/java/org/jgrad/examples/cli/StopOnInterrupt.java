package org.jgrad.examples.cli;

import org.jgrad.models.Trainer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C during training: the first SIGINT asks the {@link Trainer} to stop after the batch it is on (so the
 * command can write its checkpoint and exit with {@link #EXIT_CODE}); a second one ends the process at once, as a
 * user pressing Ctrl-C twice expects. {@link #close()} puts the previous handler back.
 *
 * <p>{@code sun.misc.Signal} (module {@code jdk.unsupported}) is the JDK's only way to catch SIGINT without ending the
 * process: a shutdown hook runs only once the JVM is already exiting. Where it is not available, Ctrl-C ends the
 * process as before.
 */
final class StopOnInterrupt implements AutoCloseable {
    /** The exit code of a run stopped by Ctrl-C: 128 + SIGINT (2), as shells report it. */
    static final int EXIT_CODE = 130;

    private final SignalHandler previous;

    private StopOnInterrupt(SignalHandler previous) {
        this.previous = previous;
    }

    /** Installs the handler for the duration of a training run. */
    static StopOnInterrupt install(Trainer trainer) {
        SignalHandler previous;
        try {
            boolean[] once = new boolean[1];
            previous = Signal.handle(new Signal("INT"), signal -> {
                if (once[0]) {
                    Runtime.getRuntime().halt(EXIT_CODE);
                }
                once[0] = true;
                trainer.requestStop();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            previous = null; // no SIGINT on this platform, or it is reserved: Ctrl-C keeps its default
        }
        return new StopOnInterrupt(previous);
    }

    @Override
    public void close() {
        if (previous != null) {
            Signal.handle(new Signal("INT"), previous);
        }
    }
}

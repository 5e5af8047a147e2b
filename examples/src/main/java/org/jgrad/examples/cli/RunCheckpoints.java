package org.jgrad.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.jgrad.models.Checkpoint;
import org.jgrad.models.Trainer;

/**
 * The checkpoints of one {@code jgrad train} run: written every {@code every} epochs, at the end and on Ctrl-C to
 * {@code file} (none when it is null), each carrying the run's {@code options}, which a {@code --resume} must share.
 */
final class RunCheckpoints {
    private final Path file;
    private final int every;
    private final Map<String, String> options;

    RunCheckpoints(Path file, int every, Map<String, String> options) {
        this.file = file;
        this.every = every;
        this.options = Map.copyOf(options);
    }

    /** Restores {@code trainer} from {@code from} after checking that it was written by a run with these options. */
    void resume(Path from, Trainer trainer) throws IOException {
        Map<String, String> meta = Checkpoint.restore(from, trainer);
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(options).entrySet()) {
            String theirs = meta.get(e.getKey());
            if (!e.getValue().equals(theirs)) {
                throw new IllegalStateException(from + " was written by a run with " + e.getKey().substring(4) + " "
                        + theirs + ", this run has " + e.getValue() + "; resume with the same options");
            }
        }
    }

    /** After epoch {@code epoch} (0-based) of {@code epochs}: a checkpoint every {@code every}, but the last. */
    void afterEpoch(Trainer trainer, int epoch, int epochs) {
        if (file != null && (epoch + 1) % every == 0 && epoch + 1 < epochs) {
            write(trainer);
        }
    }

    /** At the end of the run. */
    void atEnd(Trainer trainer) {
        if (file != null) {
            write(trainer);
        }
    }

    /** Ctrl-C: the checkpoint if one was asked for, one line on {@code err}, and the shell's code for SIGINT. */
    int interrupted(Trainer trainer, int batches, String unit, PrintWriter err) {
        Trainer.Position p = trainer.position();
        String where = p.batch() == 0 ? "after " + unit + " " + (p.epoch() - 1)
                : "in epoch " + p.epoch() + " after " + p.batch() + " of its " + batches + " batches";
        if (file != null) {
            write(trainer);
            err.println("jgrad: stopped by Ctrl-C " + where + "; the checkpoint is in " + file + " (go on with "
                    + "--resume " + file + ")");
        } else {
            err.println("jgrad: stopped by Ctrl-C " + where + "; nothing saved (--checkpoint FILE would let you "
                    + "resume)");
        }
        err.flush();
        return StopOnInterrupt.EXIT_CODE;
    }

    private void write(Trainer trainer) {
        try {
            Checkpoint.write(file, trainer, options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + file + ": " + e.getMessage(), e);
        }
    }
}

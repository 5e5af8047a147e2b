package org.jgrad.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.models.io.ModelFileException;
import org.jgrad.models.io.Safetensors;

/**
 * A training run's whole state in one safetensors file, written atomically: the model's parameters
 * ({@code model.NAME}), the optimizer's state ({@code optimizer.KEY}, see
 * {@link org.jgrad.models.optim.Optimizer#stateDict()}), the schedule's ({@code scheduler.KEY}), the mean loss of
 * every finished epoch ({@code trainer.history}, float64), and in {@code __metadata__} the {@link Trainer.Position}
 * (epoch, batch, running sums written with {@link Double#toString}, which reads back to the same bits) and the
 * shuffling generator's state, plus whatever the caller adds (its options, to check a resume against).
 *
 * <pre>{@code
 * Checkpoint.write(Path.of("run.ckpt"), trainer, Map.of());
 * ...
 * Trainer again = new Trainer(model, loss, optimizer);        // built as the first was
 * Checkpoint.restore(Path.of("run.ckpt"), again);
 * again.fitUntil(loader, epochs, listener);                   // the same bits as an uninterrupted run
 * }</pre>
 */
public final class Checkpoint {
    /** The {@code format} metadata value of a checkpoint file. */
    public static final String FORMAT = "jgrad-checkpoint-1";
    private static final String[] POSITION_KEYS = {"epoch", "batch", "total", "rows", "last", "first_loss",
        "generator_state"};

    private Checkpoint() {
    }

    /** Writes {@code trainer}'s model, optimizer, schedule and position, and {@code extra} metadata, to {@code file}. */
    public static void write(Path file, Trainer trainer, Map<String, String> extra) throws IOException {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        trainer.model().stateDict().forEach((k, v) -> tensors.put("model." + k, v));
        trainer.optimizer().stateDict().forEach((k, v) -> tensors.put("optimizer." + k, v));
        if (trainer.scheduler() != null) {
            trainer.scheduler().stateDict().forEach((k, v) -> tensors.put("scheduler." + k, v));
        }
        Trainer.Position p = trainer.position();
        double[] history = p.history();
        tensors.put("trainer.history", NDArray.of(history, Shape.of(history.length)));
        Map<String, String> meta = new LinkedHashMap<>(extra);
        meta.put("format", FORMAT);
        meta.put("trainer.epoch", Integer.toString(p.epoch()));
        meta.put("trainer.batch", Integer.toString(p.batch()));
        meta.put("trainer.total", Double.toString(p.total()));
        meta.put("trainer.rows", Long.toString(p.rows()));
        meta.put("trainer.last", Double.toString(p.last()));
        meta.put("trainer.first_loss", Double.toString(p.firstLoss()));
        meta.put("trainer.generator_state", Long.toString(p.generatorState()));
        Safetensors.write(file, tensors, meta);
    }

    /**
     * Restores {@code trainer} (built with the same model, optimizer and schedule types as the run that wrote
     * {@code file}) and returns the file's metadata.
     *
     * @throws ModelFileException naming the file when it is not a checkpoint or its state does not fit the trainer
     */
    public static Map<String, String> restore(Path file, Trainer trainer) throws IOException {
        Safetensors.Contents contents = Safetensors.read(file);
        Map<String, String> meta = contents.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new ModelFileException(file + ": not a jgrad checkpoint (expected __metadata__ format=" + FORMAT
                    + ", found " + meta.get("format") + ")");
        }
        Map<String, NDArray> model = new LinkedHashMap<>();
        Map<String, NDArray> optimizer = new LinkedHashMap<>();
        Map<String, NDArray> scheduler = new LinkedHashMap<>();
        NDArray history = null;
        for (Map.Entry<String, NDArray> e : contents.tensors().entrySet()) {
            String k = e.getKey();
            if (k.startsWith("model.")) {
                model.put(k.substring(6), e.getValue());
            } else if (k.startsWith("optimizer.")) {
                optimizer.put(k.substring(10), e.getValue());
            } else if (k.startsWith("scheduler.")) {
                scheduler.put(k.substring(10), e.getValue());
            } else if (k.equals("trainer.history")) {
                history = e.getValue();
            } else {
                throw new ModelFileException(file + ": unexpected tensor '" + k + "' in a checkpoint");
            }
        }
        if (scheduler.isEmpty() != (trainer.scheduler() == null)) {
            throw new ModelFileException(file + ": the checkpoint " + (scheduler.isEmpty() ? "has no" : "has a")
                    + " learning-rate schedule, this run " + (trainer.scheduler() == null ? "has none" : "has one"));
        }
        Trainer.Position position = position(file, meta, history);
        try {
            // each checks all of its entries before it changes anything
            trainer.model().loadStateDict(model);
            trainer.optimizer().loadStateDict(optimizer);
            if (trainer.scheduler() != null) {
                trainer.scheduler().loadStateDict(scheduler);
            }
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file + ": the checkpoint does not fit this run: " + e.getMessage());
        }
        trainer.restore(position);
        return meta;
    }

    private static Trainer.Position position(Path file, Map<String, String> meta, NDArray history) {
        for (String k : POSITION_KEYS) {
            if (!meta.containsKey("trainer." + k)) {
                throw new ModelFileException(file + ": the checkpoint's __metadata__ lacks 'trainer." + k + "'");
            }
        }
        if (history == null) {
            throw new ModelFileException(file + ": the checkpoint lacks the tensor 'trainer.history'");
        }
        try {
            double[] h = new double[history.size()];
            for (int i = 0; i < h.length; i++) {
                h[i] = history.get(i);
            }
            return new Trainer.Position(Integer.parseInt(meta.get("trainer.epoch")),
                    Integer.parseInt(meta.get("trainer.batch")), Double.parseDouble(meta.get("trainer.total")),
                    Long.parseLong(meta.get("trainer.rows")), Double.parseDouble(meta.get("trainer.last")),
                    Double.parseDouble(meta.get("trainer.first_loss")),
                    Long.parseLong(meta.get("trainer.generator_state")), h);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file + ": the checkpoint's trainer position is invalid: " + e.getMessage());
        }
    }
}

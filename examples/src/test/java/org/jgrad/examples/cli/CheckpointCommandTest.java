package org.jgrad.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --checkpoint} and {@code --resume}: a run in two parts writes the same model file as a run in one. */
class CheckpointCommandTest {
    @TempDir
    Path dir;

    private static final String[] RUN = {"train", "--dataset", "digits", "--model", "mlp", "--hidden", "16",
        "--optimizer", "adam", "--lr", "0.01", "--batch-size", "64", "--print-every", "1", "--quiet"};

    private static TrainCommandTest.Result run(String[] base, String... more) {
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return TrainCommandTest.run(args);
    }

    @Test
    void stoppedAndResumedEndsWithTheBitsOfOneRun() throws IOException {
        Path whole = dir.resolve("whole.safetensors");
        TrainCommandTest.Result one = run(RUN, "--epochs", "5", "--save", whole.toString());
        assertThat(one.code()).as(one.err()).isZero();

        Path ckpt = dir.resolve("run.ckpt");
        TrainCommandTest.Result part1 = run(RUN, "--epochs", "2", "--checkpoint", ckpt.toString());
        assertThat(part1.code()).as(part1.err()).isZero();
        Path parts = dir.resolve("parts.safetensors");
        TrainCommandTest.Result part2 = run(RUN, "--epochs", "5", "--resume", ckpt.toString(), "--save",
                parts.toString(), "--checkpoint", ckpt.toString());
        assertThat(part2.code()).as(part2.err()).isZero();
        // the resumed run prints epochs 2..4 only, with the costs of the one-part run
        assertThat(part2.out().lines().filter(l -> l.startsWith("Cost")).toList())
                .isEqualTo(one.out().lines().filter(l -> l.startsWith("Cost")).skip(2).toList());
        assertThat(Files.readAllBytes(parts)).isEqualTo(Files.readAllBytes(whole));
    }

    @Test
    void checkpointsAreWrittenEveryNEpochsAndAResumeWithOtherOptionsIsRefused() throws IOException {
        Path ckpt = dir.resolve("every.ckpt");
        String[] sgd = {"train", "--dataset", "digits01", "--lr", "0.05", "--momentum", "0.9", "--epochs", "7",
            "--checkpoint-every", "3", "--checkpoint", ckpt.toString(), "--print-every", "1000"};
        assertThat(run(sgd).code()).isZero();
        // the last checkpoint is the one written at the end: 7 epochs done
        assertThat(org.jgrad.models.io.Safetensors.read(ckpt).metadata()).containsEntry("trainer.epoch", "7");
        TrainCommandTest.Result other = run(new String[] {"train", "--dataset", "digits01", "--lr", "0.1",
            "--momentum", "0.9", "--epochs", "9", "--resume", ckpt.toString()});
        assertThat(other.code()).isEqualTo(1);
        assertThat(other.err().strip()).isEqualTo("jgrad: " + ckpt + " was written by a run with --lr 0.05, this "
                + "run has 0.1; resume with the same options");
        Path model = dir.resolve("m.safetensors");
        assertThat(run(new String[] {"train", "--save", model.toString(), "--epochs", "1"}).code()).isZero();
        TrainCommandTest.Result notCkpt = run(new String[] {"train", "--resume", model.toString()});
        assertThat(notCkpt.err().strip()).isEqualTo("jgrad: " + model + ": not a jgrad checkpoint (expected "
                + "__metadata__ format=jgrad-checkpoint-1, found jgrad-classifier-1)");
    }
}

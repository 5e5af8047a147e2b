package org.jgrad.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.models.data.DataLoader;
import org.jgrad.models.data.TensorDataset;
import org.jgrad.models.data.TorchGenerator;
import org.jgrad.models.io.ModelFileException;
import org.jgrad.models.nn.BCEWithLogitsLoss;
import org.jgrad.models.nn.Linear;
import org.jgrad.models.nn.Parameter;
import org.jgrad.models.nn.ReLU;
import org.jgrad.models.nn.Sequential;
import org.jgrad.models.optim.Adam;
import org.jgrad.models.optim.SGD;
import org.jgrad.models.optim.StepLR;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped anywhere (mid-epoch or between epochs), saved, restored into new objects and finished ends with the
 * bits of a run that was never stopped: the parameters, and every epoch's mean loss.
 */
class TrainerResumeTest {
    private static final int EPOCHS = 5;
    @TempDir
    Path dir;

    private static TensorDataset data() {
        Random r = new Random(21);
        int m = 50;
        float[] x = new float[m * 4];
        float[] y = new float[m];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < m; i++) {
            y[i] = x[i * 4] - x[i * 4 + 2] > 0 ? 1 : 0;
        }
        return new TensorDataset(NDArray.of(x, Shape.of(m, 4)), NDArray.of(y, Shape.of(m, 1)));
    }

    /** A fresh run: an MLP (weights from {@code initSeed}), Adam, a StepLR schedule, a shuffling loader. */
    private record Run(Trainer trainer, DataLoader loader) {
        static Run create(long initSeed) {
            Random init = new Random(initSeed);
            Sequential net = new Sequential(new Linear(4, 6, init), new ReLU(), new Linear(6, 1, init));
            Adam adam = new Adam(net.parameters(), 0.05);
            Trainer t = new Trainer(net, new BCEWithLogitsLoss(), adam).scheduler(new StepLR(adam, 2, 0.5));
            return new Run(t, new DataLoader(data(), 8, true, 3, false)); // 7 batches, the last of 2
        }

        /**
         * As PyTorch's {@code torch.manual_seed(seed)}: one {@link TorchGenerator} initialises the net and then draws
         * each epoch's {@code randperm}, so the loader's state counts the initialisation's draws too.
         */
        static Run createTorch(long seed) {
            TorchGenerator g = new TorchGenerator(seed);
            Sequential net = new Sequential(new Linear(4, 6, g), new ReLU(), new Linear(6, 1, g));
            Adam adam = new Adam(net.parameters(), 0.05);
            Trainer t = new Trainer(net, new BCEWithLogitsLoss(), adam).scheduler(new StepLR(adam, 2, 0.5));
            return new Run(t, new DataLoader(data(), 8, true, g, false));
        }

        List<float[]> parameters() {
            List<float[]> out = new ArrayList<>();
            for (Parameter p : trainer.model().parameters()) {
                out.add(p.data().floats().clone());
            }
            return out;
        }
    }

    /** A listener that calls {@code stopWhen} on every batch (epoch, batch) with the trainer. */
    private static Trainer.Listener stopper(Trainer t, BiConsumer<Trainer, int[]> stopWhen) {
        return new Trainer.Listener() {
            @Override
            public void onBatch(int epoch, int batch, int batches, double loss) {
                stopWhen.accept(t, new int[] {epoch, batch});
            }
        };
    }

    private static void assertSameBits(Run a, Run b) {
        List<float[]> pa = a.parameters();
        List<float[]> pb = b.parameters();
        for (int i = 0; i < pa.size(); i++) {
            assertThat(pb.get(i)).as("parameter " + i).containsExactly(pa.get(i));
        }
        assertThat(b.trainer().position().history()).containsExactly(a.trainer().position().history());
    }

    @Test
    void stoppedMidEpochSavedAndRestoredEndsWithTheSameBits() throws IOException {
        Run straight = Run.create(1);
        List<Double> means = straight.trainer().fit(straight.loader(), EPOCHS, Trainer.Listener.NONE);
        assertThat(means).hasSize(EPOCHS);

        Run first = Run.create(1);
        first.trainer().fit(first.loader(), EPOCHS, stopper(first.trainer(), (t, at) -> {
            if (at[0] == 2 && at[1] == 3) {
                t.requestStop();
            }
        }));
        assertThat(first.trainer().stopped()).isTrue();
        Trainer.Position p = first.trainer().position();
        assertThat(p.epoch()).isEqualTo(2);
        assertThat(p.batch()).isEqualTo(4); // batches 0..3 of epoch 2 done
        Path file = dir.resolve("run.ckpt");
        Checkpoint.write(file, first.trainer(), Map.of("note", "kept"));

        Run second = Run.create(99); // other initial weights: all must come from the file
        Map<String, String> meta = Checkpoint.restore(file, second.trainer());
        assertThat(meta).containsEntry("note", "kept");
        List<Double> rest = second.trainer().fitUntil(second.loader(), EPOCHS, Trainer.Listener.NONE);
        assertThat(rest).hasSize(3); // epochs 2, 3, 4
        assertThat(second.trainer().stopped()).isFalse();
        assertSameBits(straight, second);

        // the stopped trainer itself, in the same process, goes on from the batch it stopped after
        first.trainer().fit(first.loader(), 3, Trainer.Listener.NONE);
        assertSameBits(straight, first);
    }

    @Test
    void aTorchSeededRunStoppedMidEpochEndsWithTheSameBits() throws IOException {
        Run straight = Run.createTorch(42);
        straight.trainer().fit(straight.loader(), EPOCHS, Trainer.Listener.NONE);
        Run first = Run.createTorch(42);
        first.trainer().fit(first.loader(), EPOCHS, stopper(first.trainer(), (t, at) -> {
            if (at[0] == 3 && at[1] == 1) {
                t.requestStop();
            }
        }));
        // 4 x 6 + 6 + 6 + 1 = 37 draws of initialisation, then 49 for each randperm(50) of epochs 0 to 3
        assertThat(first.trainer().position().generatorState()).isEqualTo(37 + 3 * 49);
        Path file = dir.resolve("torch.ckpt");
        Checkpoint.write(file, first.trainer(), Map.of());
        // a new process: the same seed (the command line checks it), the weights and the place from the file
        Run second = Run.createTorch(42);
        second.loader().iterator(); // draws an epoch's order that the restored state must undo
        Checkpoint.restore(file, second.trainer());
        second.trainer().fitUntil(second.loader(), EPOCHS, Trainer.Listener.NONE);
        assertSameBits(straight, second);
    }

    @Test
    void stoppedBetweenEpochsEndsWithTheSameBits() throws IOException {
        Run straight = Run.create(1);
        straight.trainer().fit(straight.loader(), EPOCHS, Trainer.Listener.NONE);
        Run first = Run.create(1);
        first.trainer().fit(first.loader(), EPOCHS, new Trainer.Listener() {
            @Override
            public void onEpoch(int epoch, double meanLoss) {
                if (epoch == 1) {
                    first.trainer().requestStop();
                }
            }
        });
        assertThat(first.trainer().position().epoch()).isEqualTo(2);
        assertThat(first.trainer().position().batch()).isZero();
        Path file = dir.resolve("epoch.ckpt");
        Checkpoint.write(file, first.trainer(), Map.of());
        Run second = Run.create(7);
        Checkpoint.restore(file, second.trainer());
        second.trainer().fitUntil(second.loader(), EPOCHS, Trainer.Listener.NONE);
        assertSameBits(straight, second);
    }

    @Test
    void aCheckpointThatDoesNotFitTheRunIsRefused() throws IOException {
        Run first = Run.create(1);
        first.trainer().fit(first.loader(), 1, Trainer.Listener.NONE);
        Path file = dir.resolve("a.ckpt");
        Checkpoint.write(file, first.trainer(), Map.of());
        Linear other = new Linear(4, 1, new Random(0));
        Trainer wrong = new Trainer(other, new BCEWithLogitsLoss(), new SGD(other.parameters(), 0.1));
        assertThatThrownBy(() -> Checkpoint.restore(file, wrong)).isInstanceOf(ModelFileException.class)
                .hasMessage(file + ": the checkpoint has a learning-rate schedule, this run has none");
        Path model = dir.resolve("model.safetensors");
        org.jgrad.models.io.Safetensors.write(model, other.stateDict(), Map.of());
        assertThatThrownBy(() -> Checkpoint.restore(model, wrong)).hasMessage(model + ": not a jgrad checkpoint "
                + "(expected __metadata__ format=jgrad-checkpoint-1, found null)");
    }

    @Test
    void aLoaderWithNoBatchesIsAnError() {
        TensorDataset three = new TensorDataset(NDArray.zeros(DType.FLOAT32, Shape.of(3, 2)),
                NDArray.zeros(DType.FLOAT32, Shape.of(3, 1)));
        Linear model = Linear.zeros(2, 1);
        Trainer t = new Trainer(model, new BCEWithLogitsLoss(), new SGD(model.parameters(), 0.1));
        assertThatThrownBy(() -> t.fit(new DataLoader(three, 4, false, 0, true), 2, Trainer.Listener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Trainer.fit: the loader has no batches (batch size 4 with dropLast, and fewer examples "
                        + "than that); nothing to train on");
    }

    @Test
    void aLossThatExplodesWithoutOverflowingIsDivergence() {
        // zeros start: the first loss is ln 2; three equal rows labelled 1, 0, 0 cannot all be right, and a step of
        // 1e30 along dw = (1/2 - 1/3)(1, 1) makes the logits about -3e29: row 0's loss is about 3e29, finite
        float[] x = {1, 1, 1, 1, 1, 1};
        float[] y = {1, 0, 0};
        TensorDataset d = new TensorDataset(NDArray.of(x, Shape.of(3, 2)), NDArray.of(y, Shape.of(3, 1)));
        Linear model = Linear.zeros(2, 1);
        Trainer t = new Trainer(model, new BCEWithLogitsLoss(), new SGD(model.parameters(), 1e30));
        assertThatThrownBy(() -> t.fit(new DataLoader(d, 3, false, 0, false), 10, Trainer.Listener.NONE))
                .isInstanceOfSatisfying(TrainingDivergedException.class, e -> {
                    assertThat(e.loss()).isFinite().isGreaterThan(Trainer.DIVERGENCE_FACTOR * Math.log(2));
                    assertThat(e.firstLoss()).isCloseTo(Math.log(2), within(1e-7));
                    assertThat(e.step()).isEqualTo(1);
                    assertThat(e.getMessage()).startsWith("training diverged in epoch 1, batch 0 (step 1): the loss is ")
                            .endsWith(", more than 1e6 times the first loss (" + e.firstLoss()
                                    + "); try a smaller learning rate (now 1.0E30)");
                });
    }
}

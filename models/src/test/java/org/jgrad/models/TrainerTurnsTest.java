package org.jgrad.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.models.data.DataLoader;
import org.jgrad.models.data.TensorDataset;
import org.jgrad.models.nn.BCEWithLogitsLoss;
import org.jgrad.models.nn.Linear;
import org.jgrad.models.nn.Module;
import org.jgrad.models.nn.Parameter;
import org.jgrad.models.nn.ReLU;
import org.jgrad.models.nn.Sequential;
import org.jgrad.models.optim.Adam;
import org.jgrad.models.optim.SGD;
import org.jgrad.models.optim.StepLR;
import org.junit.jupiter.api.Test;

/**
 * A {@link Trainer} whose epochs run on threads that take turns trains the model of the one-thread trainer, bit for
 * bit (parameters and every epoch's mean loss), also when stopped mid-epoch and continued, and sees its batches in
 * order.
 */
class TrainerTurnsTest {
    private static TensorDataset data() {
        Random r = new Random(8);
        int m = 203;
        int k = 12;
        float[] x = new float[m * k];
        float[] y = new float[m];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < m; i++) {
            y[i] = x[i * k] + 0.7f * x[i * k + 3] - x[i * k + 5] > 0 ? 1 : 0;
        }
        return new TensorDataset(NDArray.of(x, Shape.of(m, k)), NDArray.of(y, Shape.of(m, 1)));
    }

    /** Logistic regression (the fused op's path) with SGD, or an MLP with Adam and a schedule. */
    private static Trainer trainer(boolean mlp) {
        Random init = new Random(5);
        if (!mlp) {
            Linear model = new Linear(12, 1, init);
            return new Trainer(model, new BCEWithLogitsLoss(), new SGD(model.parameters(), 0.2));
        }
        Sequential net = new Sequential(new Linear(12, 8, init), new ReLU(), new Linear(8, 1, init));
        Adam adam = new Adam(net.parameters(), 0.02);
        return new Trainer(net, new BCEWithLogitsLoss(), adam).scheduler(new StepLR(adam, 2, 0.5));
    }

    private static DataLoader loader() {
        return new DataLoader(data(), 16, true, 4, false); // 13 batches, the last of 11
    }

    private static List<int[]> bits(Module model) {
        List<int[]> out = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            float[] v = p.data().floats();
            int[] b = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                b[i] = Float.floatToRawIntBits(v[i]);
            }
            out.add(b);
        }
        return out;
    }

    @Test
    void turnsTrainTheOneThreadModelBitForBit() {
        for (boolean mlp : new boolean[] {false, true}) {
            Trainer one = trainer(mlp);
            List<Double> oneLosses = one.fit(loader(), 4, Trainer.Listener.NONE);
            for (int threads : new int[] {2, 3}) {
                Trainer turns = trainer(mlp).threads(threads);
                List<String> seen = Collections.synchronizedList(new ArrayList<>());
                List<Double> losses = turns.fit(loader(), 4, new Trainer.Listener() {
                    @Override
                    public void onBatch(int epoch, int batch, int batches, double loss) {
                        seen.add(epoch + ":" + batch);
                    }
                });
                assertThat(losses).as("mlp %s, %d threads", mlp, threads).containsExactlyElementsOf(oneLosses);
                assertThat(bits(turns.model())).as("mlp %s, %d threads", mlp, threads)
                        .containsExactlyElementsOf(bits(one.model()));
                List<String> expected = new ArrayList<>();
                for (int e = 0; e < 4; e++) {
                    for (int b = 0; b < 13; b++) {
                        expected.add(e + ":" + b);
                    }
                }
                assertThat(seen).as("the listener's batches, in order").isEqualTo(expected);
            }
            assertThat(oneLosses.get(3)).as("it learned").isLessThan(oneLosses.get(0));
        }
    }

    /** Stopped after batch 5 of epoch 1 by its listener, then fitted on: the bits of a run never stopped. */
    @Test
    void stoppedMidEpochAndContinuedEndsWithTheSameBits() {
        Trainer plain = trainer(true);
        plain.fit(loader(), 3, Trainer.Listener.NONE);
        Trainer turns = trainer(true).threads(2);
        DataLoader loader = loader();
        List<Double> first = turns.fit(loader, 3, new Trainer.Listener() {
            @Override
            public void onBatch(int epoch, int batch, int batches, double loss) {
                if (epoch == 1 && batch == 5) {
                    turns.requestStop();
                }
            }
        });
        assertThat(first).as("epochs finished before the stop").hasSize(1);
        assertThat(turns.stopped()).isTrue();
        assertThat(turns.position().epoch()).isEqualTo(1);
        assertThat(turns.position().batch()).as("batches done in the stopped epoch").isEqualTo(6);
        turns.fit(loader, 2, Trainer.Listener.NONE);
        assertThat(bits(turns.model())).containsExactlyElementsOf(bits(plain.model()));
        assertThat(turns.position().history()).containsExactly(plain.position().history());
    }

    @Test
    void aDivergingStepOnAnotherThreadReachesTheCaller() {
        Linear model = new Linear(12, 1, new Random(5));
        Trainer t = new Trainer(model, new BCEWithLogitsLoss(), new SGD(model.parameters(), 1e30)).threads(2);
        assertThatThrownBy(() -> t.fit(loader(), 3, Trainer.Listener.NONE))
                .isInstanceOf(TrainingDivergedException.class);
    }

    @Test
    void fewerThanOneThreadIsAClearError() {
        assertThatThrownBy(() -> trainer(false).threads(0)).hasMessage("Trainer: expected threads >= 1, got 0");
    }
}

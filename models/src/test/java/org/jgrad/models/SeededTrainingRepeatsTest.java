package org.jgrad.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.core.kernels.Kernels;
import org.jgrad.models.data.DataLoader;
import org.jgrad.models.data.TensorDataset;
import org.jgrad.models.nn.BCEWithLogitsLoss;
import org.jgrad.models.nn.Linear;
import org.jgrad.models.nn.Parameter;
import org.jgrad.models.nn.Sequential;
import org.jgrad.models.nn.Sigmoid;
import org.jgrad.models.optim.SGD;
import org.junit.jupiter.api.Test;

/**
 * A seeded training run gives the same bits whether the kernels run interpreted or compiled by C2: the run is
 * repeated after the kernels have been called enough times to be compiled. (The Vector API's {@code lanewise(EXP)}
 * and {@code reduceLanes(ADD)} round differently before and after compilation, which once made two runs of the
 * same seeded training differ in the last digits.)
 */
class SeededTrainingRepeatsTest {

    /** Parameters after a short seeded run: sigmoid (exp), matrix-vector products (dot), sums, all float32. */
    private static List<float[]> train() {
        Random r = new Random(11);
        int m = 96;
        float[] x = new float[m * 9];
        float[] y = new float[m];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < m; i++) {
            y[i] = x[i * 9] + x[i * 9 + 1] > 0 ? 1 : 0;
        }
        Sequential model = new Sequential(new Linear(9, 17, new Random(12)), new Sigmoid(),
                new Linear(17, 1, new Random(13)));
        DataLoader loader = new DataLoader(new TensorDataset(NDArray.of(x, Shape.of(m, 9)),
                NDArray.of(y, Shape.of(m, 1))), 32, true, 14, false);
        new Trainer(model, new BCEWithLogitsLoss(), new SGD(model.parameters(), 0.3)).fit(loader, 5,
                Trainer.Listener.NONE);
        List<float[]> values = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            values.add(p.data().floats().clone());
        }
        return values;
    }

    /** Calls every kernel the run uses often enough for C2 to compile it. */
    private static void warmUpKernels() {
        Kernels k = Kernels.get();
        float[] a = new float[67];
        float[] b = new float[67];
        java.util.Arrays.fill(a, 0.5f);
        float sink = 0;
        for (int i = 0; i < 60_000; i++) {
            k.exp(a, 0, b, 0, a.length);
            k.sigmoid(a, 0, b, 0, a.length);
            sink += k.sum(b, 0, b.length) + k.dot(a, 0, b, 0, a.length);
            k.axpy(1e-9f, a, 0, b, 0, a.length);
        }
        assertThat(sink).isFinite();
    }

    @Test
    void parametersAreBitIdenticalBeforeAndAfterTheJitCompilesTheKernels() {
        List<float[]> cold = train();
        warmUpKernels();
        List<float[]> warm = train();
        assertThat(warm).hasSameSizeAs(cold);
        for (int p = 0; p < cold.size(); p++) {
            // containsExactly compares floats by value, which is bit equality here (no NaN, no -0 vs 0 issue
            // that a real difference could hide behind)
            assertThat(warm.get(p)).as("parameter %d", p).containsExactly(cold.get(p));
        }
        // and the run trained: not all-equal to the start, which a broken test setup could give
        assertThat(cold.get(0)).isNotEqualTo(new Linear(9, 17, new Random(12)).weight().data().floats());
    }
}

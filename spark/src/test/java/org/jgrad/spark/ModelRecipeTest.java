package org.jgrad.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import java.util.Random;
import org.jgrad.autograd.Tensor;
import org.jgrad.autograd.ops.Reduction;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.models.nn.BCEWithLogitsLoss;
import org.jgrad.models.nn.Dropout;
import org.jgrad.models.nn.Linear;
import org.jgrad.models.nn.Loss;
import org.jgrad.models.nn.Module;
import org.jgrad.models.nn.ReLU;
import org.jgrad.models.nn.Sequential;
import org.jgrad.models.nn.Tanh;
import org.junit.jupiter.api.Test;

class ModelRecipeTest {
    /** What Spark does with a task's closure: Java serialization there and back. */
    private static ModelRecipe roundTrip(ModelRecipe recipe) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(recipe);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (ModelRecipe) in.readObject();
        }
    }

    @Test
    void aSerializedBlueprintBuildsTheSameStructureThatComputesTheSameOutputOnceLoaded() throws Exception {
        Module net = new Sequential(new Linear(3, 4, new Random(1)), new Tanh(),
                new Sequential(new Dropout(0.25, new Random(2)), new Linear(4, 2, new Random(3)), new ReLU()));
        ModelRecipe recipe = roundTrip(ModelRecipe.of(net, new BCEWithLogitsLoss()));
        Module copy = recipe.model(new Random(99));
        assertThat(copy.toString()).isEqualTo(net.toString());
        ParameterVector.requireSameLayout(net, copy);
        ParameterVector.load(copy.parameters(), ParameterVector.flatten(net.parameters()));
        net.eval();
        copy.eval();
        Tensor x = Tensor.of(NDArray.of(new float[] {0.5f, -1, 2, 0, 0.25f, -0.75f}, Shape.of(2, 3)));
        assertThat(copy.forward(x).data().floats()).containsExactly(net.forward(x).data().floats());
        assertThat(recipe.loss()).isInstanceOf(BCEWithLogitsLoss.class);
    }

    @Test
    void unknownModulesAndLossesWithOptionsNeedFactories() {
        Module custom = new Module() {
            @Override
            public Tensor forward(Tensor input) {
                return input;
            }
        };
        assertThatThrownBy(() -> ModelRecipe.of(custom, new BCEWithLogitsLoss()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot copy a")
                .hasMessageContaining("give a ModelFactory");
        Loss summed = new BCEWithLogitsLoss(null, null, Reduction.SUM);
        assertThatThrownBy(() -> ModelRecipe.of(new Linear(2, 1, new Random(0)), summed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ModelRecipe: BCEWithLogitsLoss(reduction=sum) has options other than the defaults "
                        + "(BCEWithLogitsLoss(reduction=mean)); give a LossFactory (ModelRecipe.of(modelFactory, "
                        + "lossFactory))");
    }

    @Test
    void aRecipeWhoseModelDiffersFromTheDriversIsRefusedNamingTheParameter() {
        Linear model = new Linear(3, 1, new Random(0));
        ModelRecipe other = ModelRecipe.of(r -> new Linear(4, 1, r), BCEWithLogitsLoss::new);
        assertThatThrownBy(() -> ParameterVector.requireSameLayout(model, other.model(new Random(0))))
                .hasMessage("parameter 'weight': the recipe builds float32 (1, 4), the model to train has float32 "
                        + "(1, 3)");
    }

    @Test
    void flattenAndLoadKeepParameterOrder() {
        Linear a = new Linear(2, 2, new Random(0));
        float[] flat = ParameterVector.flatten(a.parameters());
        Map<String, NDArray> state = a.stateDict();
        // weight (2x2) row-major, then bias (2)
        float[] w = state.get("weight").floats();
        float[] b = state.get("bias").floats();
        assertThat(flat).containsExactly(w[0], w[1], w[2], w[3], b[0], b[1]);
        Linear c = new Linear(2, 2, new Random(5));
        ParameterVector.load(c.parameters(), flat);
        assertThat(c.weight().data().floats()).containsExactly(w);
        assertThat(c.bias().data().floats()).containsExactly(b);
    }

    @Test
    void aSampleKeepsTheRowsWhoseDrawIsBelowTheFraction() {
        float[] x = {0, 1, 10, 11, 20, 21, 30, 31, 40, 41};
        float[] y = {0, 1, 0, 1, 1};
        RowBlock block = new RowBlock(7, x, y, 2);
        // replay the draws: one nextDouble per row, in order
        Random replay = new Random(123);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            if (replay.nextDouble() < 0.5) {
                expected.append(i);
            }
        }
        RowBlock s = block.sample(0.5, new Random(123));
        StringBuilder kept = new StringBuilder();
        for (int k = 0; k < s.rows(); k++) {
            int row = (int) (s.x()[2 * k] / 10);
            assertThat(s.x()[2 * k + 1]).isEqualTo(row * 10 + 1);
            assertThat(s.y()[k]).isEqualTo(y[row]);
            kept.append(row);
        }
        assertThat(kept.toString()).isEqualTo(expected.toString());
        assertThat(s.id()).isEqualTo(7);
    }
}

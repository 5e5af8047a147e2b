package org.jgrad.models.nn;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.jgrad.models.Trainer;
import org.jgrad.models.optim.SGD;
import org.junit.jupiter.api.Test;

/** A missing (null) argument is named by the constructor, not left to a NullPointerException later. */
class ConstructorArgumentsTest {
    @Test
    void layersNameTheMissingArgument() {
        assertThatThrownBy(() -> new Linear(2, 3, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Linear(2, 3): random is null; pass a java.util.Random (new Random(seed)) or use "
                        + "Linear.zeros(2, 3)");
        assertThatThrownBy(() -> new Dropout(0.5, null))
                .hasMessage("Dropout(0.5): random is null; pass a java.util.Random for the masks (new Random(seed))");
        assertThatThrownBy(() -> new Sequential(new ReLU(), null))
                .hasMessage("Sequential: module 1 of 2 is null");
        assertThatThrownBy(() -> Mlp.of(new int[] {2, 1}, "relu", null))
                .hasMessage("Mlp.of: random is null; expected layer sizes, an activation name (one of "
                        + Mlp.ACTIVATIONS + ") and a java.util.Random");
        assertThatThrownBy(() -> new Parameter(null)).hasMessage("Parameter: data is null; expected an NDArray");
    }

    @Test
    void lossesOptimizersAndTheTrainerNameTheMissingArgument() {
        assertThatThrownBy(() -> new BCEWithLogitsLoss(null, null, null))
                .hasMessage("BCEWithLogitsLoss: reduction is null; pass Reduction.MEAN, SUM or NONE");
        assertThatThrownBy(() -> new CrossEntropyLoss(null, null))
                .hasMessage("CrossEntropyLoss: reduction is null; pass Reduction.MEAN, SUM or NONE");
        assertThatThrownBy(() -> new BCELoss(null, null))
                .hasMessage("BCELoss: reduction is null; pass Reduction.MEAN, SUM or NONE");
        assertThatThrownBy(() -> new MSELoss(null))
                .hasMessage("MSELoss: reduction is null; pass Reduction.MEAN, SUM or NONE");
        assertThatThrownBy(() -> new SGD(null, 0.1))
                .hasMessage("SGD: the parameter list is null; pass model.parameters()");
        Linear l = new Linear(2, 1, new Random(0));
        assertThatThrownBy(() -> new Trainer(l, null, new SGD(l.parameters(), 0.1)))
                .hasMessage("Trainer: loss is null");
    }
}

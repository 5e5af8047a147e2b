package org.jgrad.models.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.Test;

class ModuleTest {
    @Test
    void sequentialNamesParametersInRegistrationOrder() {
        Sequential net = Mlp.of(new int[] {4, 3, 2}, "tanh", new Random(0));
        assertThat(net.namedParameters().keySet()).containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
        assertThat(net.parameters()).hasSize(4);
        assertThat(net.toString()).isEqualTo("""
                Sequential(
                  (0): Linear(in_features=4, out_features=3, bias=true)
                  (1): Tanh()
                  (2): Linear(in_features=3, out_features=2, bias=true)
                )""");
    }

    @Test
    void loadStateDictNamesTheMismatchedParameterAndChangesNothing() {
        Sequential net = Mlp.of(new int[] {4, 3, 2}, "relu", new Random(0));
        Map<String, NDArray> state = net.stateDict();
        Map<String, NDArray> before = net.stateDict();
        state.put("2.bias", NDArray.zeros(org.jgrad.core.DType.FLOAT32, Shape.of(5)));
        state.put("0.weight", NDArray.zeros(org.jgrad.core.DType.FLOAT32, Shape.of(3, 4)));
        assertThatThrownBy(() -> net.loadStateDict(state)).hasMessageContaining("'2.bias'")
                .hasMessageContaining("(5,)").hasMessageContaining("(2,)");
        assertThat(net.stateDict().get("0.weight").floats()).containsExactly(before.get("0.weight").floats());
        state.remove("2.bias");
        assertThatThrownBy(() -> net.loadStateDict(state)).hasMessageContaining("missing parameter '2.bias'");
    }

    @Test
    void trainAndEvalReachSubModulesAndDropoutOnlyActsInTraining() {
        Dropout drop = new Dropout(0.5, new Random(1));
        Sequential net = new Sequential(new Linear(2, 2, new Random(0)), drop);
        Tensor x = Tensor.ones(1000, 2);
        net.eval();
        assertThat(drop.isTraining()).isFalse();
        assertThat(drop.forward(x)).isSameAs(x);
        net.train();
        NDArray y = drop.forward(x).data();
        int zeros = 0;
        for (int i = 0; i < y.size(); i++) {
            assertThat(y.get(i)).isIn(0.0, 2.0); // kept values scaled by 1 / (1 - p)
            zeros += y.get(i) == 0 ? 1 : 0;
        }
        assertThat(zeros).isBetween(900, 1100); // 2000 draws at p = 0.5: mean 1000, sd about 22
    }

    @Test
    void tanhModuleMatchesMathTanhAndItsDerivative() {
        Tensor x = Tensor.of(NDArray.of(new double[] {-2, -0.5, 0, 0.7, 3}, Shape.of(5))).requiresGrad(true);
        Tensor y = new Tanh().forward(x);
        y.sum().backward();
        for (int i = 0; i < 5; i++) {
            double v = x.data().get(i);
            assertThat(y.data().get(i)).isCloseTo(Math.tanh(v), within(1e-12));
            assertThat(x.grad().data().get(i)).isCloseTo(1 - Math.tanh(v) * Math.tanh(v), within(1e-12));
        }
    }

    @Test
    void initialisersRespectTheirBoundsAndAreReproducible() {
        Linear a = new Linear(50, 20, new Random(0));
        Init.xavierUniform(a.weight(), 1.0, new Random(9));
        double bound = Math.sqrt(6.0 / 70);
        for (int i = 0; i < a.weight().size(); i++) {
            assertThat(Math.abs(a.weight().data().get(i))).isLessThanOrEqualTo(bound);
        }
        Linear b = new Linear(50, 20, new Random(0));
        Init.xavierUniform(b.weight(), 1.0, new Random(9));
        assertThat(b.weight().data().floats()).containsExactly(a.weight().data().floats());

        Init.kaimingNormal(a.weight(), new Random(3));
        double sumSq = 0;
        for (int i = 0; i < a.weight().size(); i++) {
            sumSq += a.weight().data().get(i) * a.weight().data().get(i);
        }
        // 1000 draws of N(0, 2/50): the sample variance is within 15% of 0.04
        assertThat(sumSq / a.weight().size()).isCloseTo(2.0 / 50, within(0.006));
        // PyTorch's Linear default: uniform in +-1/sqrt(in)
        Linear c = new Linear(16, 4, new Random(5));
        for (int i = 0; i < c.weight().size(); i++) {
            assertThat(Math.abs(c.weight().data().get(i))).isLessThan(0.25);
        }
    }

    @Test
    void unknownActivationIsAClearError() {
        assertThatThrownBy(() -> Mlp.of(new int[] {2, 3, 2}, "gelu", new Random(0))).hasMessageContaining("gelu")
                .hasMessageContaining("relu");
    }
}

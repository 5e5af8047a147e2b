package org.jgrad.models.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.models.nn.Linear;
import org.jgrad.models.nn.MSELoss;
import org.jgrad.models.nn.Parameter;
import org.junit.jupiter.api.Test;

/** stateDict / loadStateDict: an optimizer restored mid-run steps exactly as the one that was never stopped. */
class OptimizerStateTest {
    private static final Tensor X = Tensor.of(new float[][] {{1, 2, -1}, {0.5f, -0.3f, 2}, {-1, 0, 1}, {2, 1, 0}});
    private static final Tensor Y = Tensor.of(new float[][] {{1, 0}, {0, 1}, {1, 1}, {0, 0}});

    private static void step(Linear model, Optimizer optimizer) {
        Tensor loss = new MSELoss().forward(model.forward(X), Y);
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step();
    }

    /** Seven steps straight, against three, a save, a restore into new objects, and four more: the same bits. */
    private static void resumesExactly(Function<List<Parameter>, Optimizer> make) {
        Linear straight = new Linear(3, 2, new Random(5));
        Optimizer a = make.apply(straight.parameters());
        for (int i = 0; i < 7; i++) {
            step(straight, a);
        }
        Linear first = new Linear(3, 2, new Random(5));
        Optimizer b = make.apply(first.parameters());
        for (int i = 0; i < 3; i++) {
            step(first, b);
        }
        Map<String, NDArray> saved = b.stateDict();
        Linear second = new Linear(3, 2, new Random(77)); // other weights, replaced by the saved ones
        second.loadStateDict(first.stateDict());
        Optimizer c = make.apply(second.parameters());
        c.loadStateDict(saved);
        for (int i = 0; i < 4; i++) {
            step(second, c);
        }
        assertThat(second.weight().data().floats()).containsExactly(straight.weight().data().floats());
        assertThat(second.bias().data().floats()).containsExactly(straight.bias().data().floats());
        // and without the optimizer's state, momentum or moments start over: different numbers
        Linear fresh = new Linear(3, 2, new Random(77));
        fresh.loadStateDict(first.stateDict());
        Optimizer d = make.apply(fresh.parameters());
        for (int i = 0; i < 4; i++) {
            step(fresh, d);
        }
        assertThat(fresh.weight().data().floats()).isNotEqualTo(straight.weight().data().floats());
    }

    @Test
    void sgdWithMomentumResumesExactly() {
        resumesExactly(p -> new SGD(p, 0.1, 0.9, 0, 1e-3, false));
        resumesExactly(p -> new SGD(p, 0.1, 0.9, 0, 0, true));
    }

    @Test
    void adamAndAdamWResumeExactly() {
        resumesExactly(p -> new Adam(p, 0.05, 0.9, 0.999, 1e-8, 1e-2));
        resumesExactly(p -> new AdamW(p, 0.05, 0.9, 0.999, 1e-8, 1e-2));
    }

    @Test
    void theStateHoldsPyTorchsEntries() {
        Linear model = new Linear(3, 2, new Random(5));
        SGD sgd = new SGD(model.parameters(), 0.1, 0.9, 0, 0, false);
        assertThat(sgd.stateDict().keySet()).containsExactly("lr"); // nothing stepped yet
        Tensor loss = new MSELoss().forward(model.forward(X), Y);
        loss.backward();
        float[] firstGrad = model.weight().grad().data().floats().clone();
        sgd.step();
        Map<String, NDArray> s = sgd.stateDict();
        assertThat(s.keySet()).containsExactly("lr", "0.momentum_buffer", "1.momentum_buffer");
        // sgd.py: at the first step the buffer is the gradient itself
        assertThat(s.get("0.momentum_buffer").floats()).containsExactly(firstGrad);
        assertThat(s.get("lr").get(0)).isEqualTo(0.1);

        Linear m2 = new Linear(3, 2, new Random(5));
        Adam adam = new Adam(m2.parameters(), 0.01);
        for (int i = 0; i < 3; i++) {
            Tensor l = new MSELoss().forward(m2.forward(X), Y);
            adam.zeroGrad();
            l.backward();
            if (i == 0) {
                firstGrad = m2.weight().grad().data().floats().clone();
            }
            adam.step();
            if (i == 0) {
                // exp_avg after one step: (1 - beta1) g; exp_avg_sq: (1 - beta2) g^2
                NDArray avg = adam.stateDict().get("0.exp_avg");
                NDArray sq = adam.stateDict().get("0.exp_avg_sq");
                for (int j = 0; j < firstGrad.length; j++) {
                    assertThat(avg.get(j)).isCloseTo(0.1 * firstGrad[j], org.assertj.core.api.Assertions.within(1e-7));
                    assertThat(sq.get(j)).isCloseTo(0.001 * firstGrad[j] * firstGrad[j],
                            org.assertj.core.api.Assertions.within(1e-9));
                }
            }
        }
        assertThat(adam.stateDict().get("1.step").get(0)).isEqualTo(3.0);
    }

    @Test
    void aStateThatDoesNotFitIsRefusedAndChangesNothing() {
        Linear model = new Linear(3, 2, new Random(5));
        SGD sgd = new SGD(model.parameters(), 0.1, 0.9, 0, 0, false);
        Map<String, NDArray> bad = new LinkedHashMap<>();
        bad.put("lr", NDArray.of(new double[] {0.5}, Shape.of(1)));
        bad.put("0.momentum_buffer", NDArray.zeros(DType.FLOAT32, Shape.of(2, 4)));
        assertThatThrownBy(() -> sgd.loadStateDict(bad)).hasMessage("SGD.loadStateDict: '0.momentum_buffer' has "
                + "float32 (2, 4), expected float32 (2, 3) like parameter 0");
        assertThat(sgd.lr()).isEqualTo(0.1);
        bad.remove("0.momentum_buffer");
        bad.put("2.momentum_buffer", NDArray.zeros(DType.FLOAT32, Shape.of(2)));
        assertThatThrownBy(() -> sgd.loadStateDict(bad)).hasMessage("SGD.loadStateDict: unexpected entry "
                + "'2.momentum_buffer' (expected lr and k.momentum_buffer for parameters k = 0..1)");
        assertThatThrownBy(() -> sgd.loadStateDict(Map.of())).hasMessage("SGD.loadStateDict: expected 'lr' of shape "
                + "(1,), got none");
        Adam adam = new Adam(model.parameters(), 0.1);
        Map<String, NDArray> partial = new LinkedHashMap<>();
        partial.put("lr", NDArray.of(new double[] {0.1}, Shape.of(1)));
        partial.put("0.exp_avg", NDArray.zeros(DType.FLOAT32, Shape.of(2, 3)));
        assertThatThrownBy(() -> adam.loadStateDict(partial)).hasMessage("Adam.loadStateDict: parameter 0 needs "
                + "exp_avg, exp_avg_sq and a whole step >= 1 together, got only some of them");
    }

    /** An optimizer that does not save its state says so by name (a new optimizer compiles without it). */
    @Test
    void anOptimizerWithoutStateSaysSo() {
        final class Lion extends Optimizer {
            Lion(List<Parameter> p) {
                super(p, 0.1);
            }

            @Override
            public void step() {
            }
        }
        Lion lion = new Lion(new Linear(2, 1, new Random(0)).parameters());
        assertThatThrownBy(lion::stateDict).isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("Lion does not implement stateDict()");
        assertThatThrownBy(() -> lion.loadStateDict(Map.of())).isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("Lion does not implement loadStateDict()");
    }

    @Test
    void aScheduleResumesItsEpoch() {
        SGD sgd = new SGD(new Linear(2, 1, new Random(0)).parameters(), 0.8);
        StepLR schedule = new StepLR(sgd, 2, 0.5);
        for (int i = 0; i < 3; i++) {
            schedule.step();
        }
        SGD other = new SGD(new Linear(2, 1, new Random(0)).parameters(), 0.8);
        StepLR resumed = new StepLR(other, 2, 0.5);
        resumed.loadStateDict(schedule.stateDict());
        other.loadStateDict(sgd.stateDict());
        schedule.step();
        resumed.step();
        // epoch 4: 0.8 * 0.5^2
        assertThat(resumed.epoch()).isEqualTo(4);
        assertThat(other.lr()).isEqualTo(0.2).isEqualTo(sgd.lr());
    }
}

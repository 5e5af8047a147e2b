package org.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.jgrad.core.DType;
import org.junit.jupiter.api.Test;

/** The autograd rules as PyTorch defines them: retainGrad, hooks, freed graphs, accumulation, functional grad. */
class AutogradSemanticsTest {

    /** Tutorial 000: u = bc, v = a + u, J = 3v with a = 5, b = 3, c = 2. */
    private record Tutorial(Tensor a, Tensor b, Tensor c, Tensor u, Tensor v, Tensor j) {
        static Tutorial build() {
            Tensor a = Tensor.scalar(5).requiresGrad(true).named("a");
            Tensor b = Tensor.scalar(3).requiresGrad(true).named("b");
            Tensor c = Tensor.scalar(2).requiresGrad(true).named("c");
            Tensor u = b.mul(c).named("u");
            Tensor v = a.add(u).named("v");
            return new Tutorial(a, b, c, u, v, v.mul(3).named("J"));
        }
    }

    @Test
    void retainGradKeepsTheGradientsOfIntermediates() {
        Tutorial t = Tutorial.build();
        t.u().retainGrad();
        t.v().retainGrad();
        t.j().backward();
        // dJ/dv = 3; dJ/du = dJ/dv * dv/du = 3 * 1
        assertThat(t.v().grad().item()).isEqualTo(3.0);
        assertThat(t.u().grad().item()).isEqualTo(3.0);
        // leaves: dJ/da = 3, dJ/db = 3c = 6, dJ/dc = 3b = 9
        assertThat(t.a().grad().item()).isEqualTo(3.0);
        assertThat(t.b().grad().item()).isEqualTo(6.0);
        assertThat(t.c().grad().item()).isEqualTo(9.0);
        assertThat(t.j().grad()).as("a non-leaf that did not ask keeps no grad").isNull();
    }

    @Test
    void retainGradOnATensorThatNeedsNoGradientIsAnError() {
        assertThatThrownBy(() -> Tensor.scalar(1).retainGrad())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not require grad");
    }

    @Test
    void hooksSeeAndReplaceGradients() {
        // y = 2x, z = y^2 at x = 3: dz/dy = 2y = 12, dz/dx = 12 * 2 = 24
        Tensor x = Tensor.scalar(3, DType.FLOAT64).requiresGrad(true);
        Tensor y = x.mul(2);
        List<Double> seen = new ArrayList<>();
        Tensor.HookHandle observe = y.registerHook(g -> {
            seen.add(g.item());
            return null;
        });
        Tensor.HookHandle doubling = y.registerHook(g -> g.mul(2));
        y.mul(y).backward();
        assertThat(seen).containsExactly(12.0);
        assertThat(x.grad().item()).as("the replaced gradient 24 flows on: 24 * 2").isEqualTo(48.0);

        doubling.remove();
        observe.remove();
        x.zeroGrad();
        x.mul(2).mul(x.mul(2)).backward();
        assertThat(x.grad().item()).isEqualTo(24.0);
        assertThat(seen).hasSize(1);
    }

    @Test
    void aHookOnALeafChangesWhatAccumulates() {
        Tensor w = Tensor.of(1.0, 2.0).requiresGrad(true);
        w.registerHook(g -> g.mul(0.5));
        w.mul(w).sum().backward();   // d/dw sum(w^2) = 2w = [2, 4], halved
        assertThat(w.grad().data().get(0)).isEqualTo(1.0);
        assertThat(w.grad().data().get(1)).isEqualTo(2.0);
    }

    @Test
    void aSecondBackwardThroughAFreedGraphSaysHowToAvoidIt() {
        Tensor x = Tensor.scalar(2).requiresGrad(true);
        Tensor y = x.mul(x);
        y.backward();
        assertThatThrownBy(y::backward).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("backward through the graph a second time")
                .hasMessageContaining("backward(null, true, false)");
    }

    @Test
    void retainGraphAllowsASecondBackwardAndGradientsAccumulate() {
        Tensor x = Tensor.scalar(2).requiresGrad(true);
        Tensor y = x.mul(x);                       // dy/dx = 2x = 4
        y.backward(null, true, false);
        y.backward();
        assertThat(x.grad().item()).isEqualTo(8.0);
    }

    @Test
    void gradientsAccumulateAcrossTwoBackwardCallsUntilZeroed() {
        Tensor w = Tensor.of(1.0, -3.0).requiresGrad(true);
        w.mul(w).sum().backward();                 // 2w = [2, -6]
        w.mul(3).sum().backward();                 // 3   -> [5, -3]
        assertThat(w.grad().data().get(0)).isEqualTo(5.0);
        assertThat(w.grad().data().get(1)).isEqualTo(-3.0);
        w.zeroGrad();
        assertThat(w.grad()).isNull();
    }

    @Test
    void functionalGradReturnsGradientsAndLeavesGradUntouched() {
        Tutorial t = Tutorial.build();
        t.b().setGrad(org.jgrad.core.NDArray.scalar(DType.FLOAT32, 100));
        List<Tensor> g = Autograd.grad(t.j(), t.a(), t.b(), t.c(), t.u());
        assertThat(g.stream().map(Tensor::item)).containsExactly(3.0, 6.0, 9.0, 3.0);
        assertThat(t.a().grad()).isNull();
        assertThat(t.b().grad().item()).isEqualTo(100.0);
        assertThat(t.c().grad()).isNull();
    }

    @Test
    void functionalGradOfAnUnusedInputIsZero() {
        Tensor x = Tensor.scalar(2, DType.FLOAT64).requiresGrad(true);
        Tensor unused = Tensor.of(1.0, 2.0).requiresGrad(true);
        List<Tensor> g = Autograd.grad(x.exp(), x, unused);
        assertThat(g.get(0).item()).isCloseTo(Math.exp(2), within(1e-12));
        assertThat(g.get(1).data().get(1)).isZero();
    }

    @Test
    void backwardFromANonScalarTakesTheGradient() {
        Tensor x = Tensor.of(1f, 2f, 3f).requiresGrad(true);
        Tensor y = x.mul(x);
        assertThatThrownBy(y::backward).hasMessageContaining("backward(gradient)").hasMessageContaining("(3,)");
        y.backward(Tensor.of(1f, 10f, 100f));      // grad = weights * 2x
        assertThat(x.grad().data().get(0)).isEqualTo(2.0);
        assertThat(x.grad().data().get(1)).isEqualTo(40.0);
        assertThat(x.grad().data().get(2)).isEqualTo(600.0);
    }

    @Test
    void noGradDetachAndRequiresGradFalseRecordNothing() {
        Tensor x = Tensor.scalar(2).requiresGrad(true);
        try (GradMode.Scope s = GradMode.noGrad()) {
            assertThat(x.mul(x).requiresGrad()).isFalse();
        }
        assertThat(x.mul(x).requiresGrad()).isTrue();
        assertThat(x.mul(x).detach().requiresGrad()).isFalse();
        x.requiresGrad(false);
        assertThat(x.mul(x).gradFn()).isNull();
        assertThatThrownBy(() -> Tensor.scalar(1).requiresGrad(true).exp().requiresGrad(false))
                .hasMessageContaining("only a leaf");
    }

    @Test
    void mixingDtypesNamesBoth() {
        Tensor a = Tensor.of(1f, 2f);
        Tensor b = Tensor.of(1.0, 2.0);
        assertThatThrownBy(() -> a.add(b)).hasMessageContaining("float32").hasMessageContaining("float64");
        assertThatThrownBy(() -> Tensor.concat(List.of(a, b), 0)).hasMessageContaining("float32")
                .hasMessageContaining("float64");
        assertThat(a.to(DType.FLOAT64).add(b).data().get(1)).isEqualTo(4.0);
    }

    @Test
    void castSendsTheGradientBackInTheInputsDtype() {
        Tensor a = Tensor.of(1f, 2f).requiresGrad(true);
        a.to(DType.FLOAT64).mul(Tensor.of(3.0, 4.0)).sum().backward();
        assertThat(a.grad().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(a.grad().data().get(1)).isEqualTo(4.0);
    }

    @Test
    void comparisonsCarryNoGradient() {
        Tensor x = Tensor.of(1.0, 5.0, 3.0).requiresGrad(true);
        Tensor mask = x.gt(Tensor.of(2.0, 2.0, 3.0));
        assertThat(mask.requiresGrad()).isFalse();
        assertThat(mask.data().get(0)).isZero();
        assertThat(mask.data().get(1)).isEqualTo(1.0);
        assertThat(mask.data().get(2)).isZero();
        assertThat(x.eq(Tensor.of(1.0, 0.0, 3.0)).data().get(2)).isEqualTo(1.0);
    }
}

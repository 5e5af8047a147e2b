package org.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.Function;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.Test;

/**
 * Every foundation op's gradient against central finite differences computed in float64 on the forward values
 * alone (so the expected numbers never come from a backward rule).
 */
class OpGradientsTest {
    private static final double EPS = 1e-6;

    private static Tensor f64(Shape s, double... v) {
        return Tensor.of(NDArray.of(v.clone(), s)).requiresGrad(true);
    }

    /** Checks d sum(f(x, y)) / dx and / dy against finite differences. */
    private static void check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor out = f.apply(inputs).sum();
        out.backward();
        for (int k = 0; k < inputs.length; k++) {
            NDArray data = inputs[k].data();
            for (int i = 0; i < data.size(); i++) {
                double saved = data.get(i);
                data.set(i, saved + EPS);
                double plus = forward(f, inputs);
                data.set(i, saved - EPS);
                double minus = forward(f, inputs);
                data.set(i, saved);
                double numeric = (plus - minus) / (2 * EPS);
                assertThat(inputs[k].grad().data().get(i)).as("input %d element %d", k, i)
                        .isCloseTo(numeric, within(1e-5 + 1e-3 * Math.abs(numeric)));
            }
        }
    }

    private static double forward(Function<Tensor[], Tensor> f, Tensor[] inputs) {
        try (var scope = GradMode.noGrad()) {
            return f.apply(inputs).sum().item();
        }
    }

    @Test
    void binaryOpsWithBroadcasting() {
        check(t -> t[0].add(t[1]), f64(Shape.of(2, 3), 1, 2, 3, 4, 5, 6), f64(Shape.of(3), 0.5, -1, 2));
        check(t -> t[0].sub(t[1]), f64(Shape.of(2, 3), 1, 2, 3, 4, 5, 6), f64(Shape.of(2, 1), 0.5, -1));
        check(t -> t[0].mul(t[1]), f64(Shape.of(2, 3), 1, -2, 3, 4, 5, 6), f64(Shape.of(1, 3), 0.5, -1, 2));
        check(t -> t[0].div(t[1]), f64(Shape.of(2, 2), 1, -2, 3, 4), f64(Shape.SCALAR, 1.5));
        // a product used inside a square, so that second factors matter
        check(t -> t[0].mul(t[1]).mul(t[0]), f64(Shape.of(3), 0.3, -0.7, 1.1), f64(Shape.of(3), 2, 1, -1));
    }

    @Test
    void unaryOps() {
        check(t -> t[0].neg(), f64(Shape.of(3), 0.3, -0.7, 1.1));
        check(t -> t[0].exp(), f64(Shape.of(3), 0.3, -0.7, 1.1));
        check(t -> t[0].log(), f64(Shape.of(3), 0.3, 0.7, 1.1));
        check(t -> t[0].sigmoid(), f64(Shape.of(3), 0.3, -0.7, 4.0));
        check(t -> t[0].relu().mul(t[0]), f64(Shape.of(4), 0.3, -0.7, 1.1, -2));
    }

    @Test
    void matmulTransposeAndReductions() {
        Tensor a = f64(Shape.of(2, 3), 1, 2, -1, 0.5, 0, 3);
        Tensor b = f64(Shape.of(3, 2), 0.2, -1, 1, 1, 2, 0.1);
        check(t -> t[0].matmul(t[1]).mul(t[0].matmul(t[1])), a, b);
        check(t -> t[0].t().matmul(t[0]), f64(Shape.of(2, 3), 1, 2, -1, 0.5, 0, 3));
        check(t -> t[0].sum(0, false).mul(t[0].sum(1, true).sum()), f64(Shape.of(2, 3), 1, 2, -1, 0.5, 0, 3));
        check(t -> t[0].mean(1, false).exp().add(t[0].mean()), f64(Shape.of(2, 3), 1, 2, -1, 0.5, 0, 3));
    }

    @Test
    void float32OpsAgreeWithFloat64() {
        Tensor x64 = f64(Shape.of(2, 2), 0.1, -0.4, 2.0, 0.7);
        Tensor x32 = Tensor.of(x64.data().to(DType.FLOAT32)).requiresGrad(true);
        x64.sigmoid().mul(x64.exp()).mean().backward();
        x32.sigmoid().mul(x32.exp()).mean().backward();
        for (int i = 0; i < 4; i++) {
            assertThat(x32.grad().data().get(i)).isCloseTo(x64.grad().data().get(i), within(1e-6));
        }
    }
}

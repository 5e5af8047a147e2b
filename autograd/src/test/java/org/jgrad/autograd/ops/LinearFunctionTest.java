package org.jgrad.autograd.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.jgrad.autograd.GradCheck;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code Y = X W^T + b}: finite differences in float64, and float32 against a float64 loop written here. */
class LinearFunctionTest {

    /** A tensor requiring grad, uniform in [-2, 2) from {@code seed}. */
    static Tensor uniform(DType dtype, long seed, int... dims) {
        Random r = new Random(seed);
        NDArray a = NDArray.zeros(dtype, Shape.of(dims));
        for (int i = 0; i < a.size(); i++) {
            a.set(i, -2 + 4 * r.nextDouble());
        }
        return Tensor.of(a).requiresGrad(true);
    }

    @ParameterizedTest
    @CsvSource({"1, 1, 1", "3, 4, 2", "5, 1, 7", "2, 9, 3"})
    void gradientsMatchFiniteDifferencesInFloat64(int m, int in, int out) {
        Tensor x = uniform(DType.FLOAT64, 1, m, in);
        Tensor w = uniform(DType.FLOAT64, 2, out, in);
        Tensor b = uniform(DType.FLOAT64, 3, out);
        // the whole Jacobian: one backward per element of Y, against central differences
        GradCheck.check(t -> LinearFunction.apply(t[0], t[1], t[2]), x, w, b);
    }

    @Test
    void anInputWithoutGradientGetsNone() {
        Tensor x = uniform(DType.FLOAT64, 1, 3, 4).requiresGrad(false);
        Tensor w = uniform(DType.FLOAT64, 2, 2, 4);
        Tensor b = uniform(DType.FLOAT64, 3, 2);
        GradCheck.check(t -> LinearFunction.apply(t[0], t[1], t[2]), x, w, b);
        LinearFunction.apply(x, w, b).sum().backward();
        assertThat(x.grad()).isNull();
    }

    @Test
    void float32ForwardAndBackwardFollowTheFormulas() {
        int m = 37;
        int in = 19;
        int out = 11;
        Tensor x = uniform(DType.FLOAT32, 4, m, in);
        Tensor w = uniform(DType.FLOAT32, 5, out, in);
        Tensor b = uniform(DType.FLOAT32, 6, out);
        Tensor y = LinearFunction.apply(x, w, b);
        Tensor g = uniform(DType.FLOAT32, 7, m, out).requiresGrad(false);
        y.backward(g);
        for (int i = 0; i < m; i++) {
            for (int o = 0; o < out; o++) {
                double z = b.data().get(o); // y_io = b_o + sum_j x_ij w_oj
                for (int j = 0; j < in; j++) {
                    z += x.data().get(i * in + j) * w.data().get(o * in + j);
                }
                assertThat(y.data().get(i * out + o)).isCloseTo(z, within(1e-4));
            }
        }
        for (int o = 0; o < out; o++) {
            double db = 0; // db_o = sum_i g_io
            for (int i = 0; i < m; i++) {
                db += g.data().get(i * out + o);
            }
            assertThat(b.grad().data().get(o)).isCloseTo(db, within(1e-4));
            for (int j = 0; j < in; j++) {
                double dw = 0; // dW_oj = sum_i g_io x_ij
                for (int i = 0; i < m; i++) {
                    dw += g.data().get(i * out + o) * x.data().get(i * in + j);
                }
                assertThat(w.grad().data().get(o * in + j)).isCloseTo(dw, within(1e-4));
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < in; j++) {
                double dx = 0; // dX_ij = sum_o g_io W_oj
                for (int o = 0; o < out; o++) {
                    dx += g.data().get(i * out + o) * w.data().get(o * in + j);
                }
                assertThat(x.grad().data().get(i * in + j)).isCloseTo(dx, within(1e-4));
            }
        }
    }

    @Test
    void badShapesAreNamed() {
        Tensor x = Tensor.zeros(3, 4);
        assertThatThrownBy(() -> LinearFunction.apply(x, Tensor.zeros(2, 5), Tensor.zeros(2)))
                .hasMessage("linear: expected x (m, in), weight (out, in) and bias (out,), got x (3, 4), "
                        + "weight (2, 5), bias (2,)");
        assertThatThrownBy(() -> LinearFunction.apply(x, Tensor.zeros(2, 4), Tensor.zeros(3)))
                .hasMessageContaining("bias (3,)");
    }
}

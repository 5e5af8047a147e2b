package org.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Softmax and logSoftmax: the formula, stability at +-1e4, and float32 against float64. */
class SoftmaxTest {

    @Test
    void softmaxIsTheNormalisedExponential() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, -1, 0, 1}, DType.FLOAT64, 2, 3);
        NDArray s = x.softmax(1).data();
        double z0 = Math.exp(1) + Math.exp(2) + Math.exp(3);
        double z1 = Math.exp(-1) + Math.exp(0) + Math.exp(1);
        assertThat(s.get(0, 2)).isCloseTo(Math.exp(3) / z0, within(1e-15));
        assertThat(s.get(1, 0)).isCloseTo(Math.exp(-1) / z1, within(1e-15));
        NDArray ls = x.logSoftmax(1).data();
        assertThat(ls.get(0, 0)).isCloseTo(1 - Math.log(z0), within(1e-14));
        NDArray columns = x.softmax(0).data();   // along dim 0: each column sums to 1
        assertThat(columns.get(0, 1) + columns.get(1, 1)).isCloseTo(1.0, within(1e-15));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void stableAtPlusMinusTenThousand(DType dtype) {
        Tensor x = Tensor.of(new double[] {1e4, -1e4, 0}, dtype, 3).requiresGrad(true);
        Tensor s = x.softmax(0);
        // e^(x - 1e4): exactly [1, 0, 0] in floating point, where a naive e^1e4 overflows to infinity
        assertThat(s.data().get(0)).isEqualTo(1.0);
        assertThat(s.data().get(1)).isZero();
        Tensor ls = x.logSoftmax(0);
        // log softmax_i = x_i - 1e4 - log(1 + e^-2e4 + e^-1e4) = x_i - 1e4
        assertThat(ls.data().get(0)).isZero();
        assertThat(ls.data().get(1)).isEqualTo(-2e4);
        assertThat(ls.data().get(2)).isEqualTo(-1e4);
        ls.backward(Tensor.of(new double[] {1, 0, 0}, dtype, 3), true, false);
        s.backward(Tensor.of(new double[] {0, 1, 0}, dtype, 3));
        assertThat(x.grad().data().hasNonFinite()).isFalse();
        // d logSoftmax_0 / dx = e_0 - softmax = [0, 0, 0]; d s_1 / dx = s_1 (e_1 - s) = 0
        assertThat(x.grad().data().get(0)).isZero();
    }

    @Test
    void float32AgreesWithFloat64() {
        Random r = new Random(3);
        double[] v = new double[4 * 7];
        for (int i = 0; i < v.length; i++) {
            v[i] = 10 * r.nextGaussian();
        }
        double[] w = new double[v.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextGaussian();
        }
        for (int dim = 0; dim < 2; dim++) {
            Tensor x64 = Tensor.of(v, DType.FLOAT64, 4, 7).requiresGrad(true);
            Tensor x32 = Tensor.of(v, DType.FLOAT32, 4, 7).requiresGrad(true);
            Tensor s64 = x64.softmax(dim);
            Tensor s32 = x32.softmax(dim);
            Tensor l64 = x64.logSoftmax(dim);
            Tensor l32 = x32.logSoftmax(dim);
            assertClose(s32.data(), s64.data(), 1e-6);
            assertClose(l32.data(), l64.data(), 1e-4);
            s64.mul(Tensor.of(w, DType.FLOAT64, 4, 7)).sum().add(l64.mul(Tensor.of(w, DType.FLOAT64, 4, 7)).sum())
                    .backward();
            s32.mul(Tensor.of(w, DType.FLOAT32, 4, 7)).sum().add(l32.mul(Tensor.of(w, DType.FLOAT32, 4, 7)).sum())
                    .backward();
            assertClose(x32.grad().data(), x64.grad().data(), 1e-5);
        }
    }

    private static void assertClose(NDArray f32, NDArray f64, double tol) {
        assertThat(f32.shape()).isEqualTo(f64.shape());
        for (int i = 0; i < f64.size(); i++) {
            assertThat(f32.get(i)).as("element %d", i).isCloseTo(f64.get(i), within(tol * Math.max(1, Math.abs(f64.get(i)))));
        }
        assertThat(f64.shape()).isNotEqualTo(Shape.SCALAR);
    }
}

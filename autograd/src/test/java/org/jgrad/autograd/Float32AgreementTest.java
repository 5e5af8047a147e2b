package org.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.Test;

/**
 * float32 (the Vector API kernels where they exist) against float64 (the generic loops): every elementwise op's
 * values and gradients agree to float32's precision, so each backward rule, written once, serves both dtypes.
 */
class Float32AgreementTest {
    private static final double TOL = 2e-5;

    @Test
    void unaryOpsAgree() {
        for (Map.Entry<String, GradCheck.Fn> op : OpCatalog.UNARY.entrySet()) {
            boolean positive = OpCatalog.needsPositive(op.getKey());
            compare(op.getKey(), op.getValue(), input(Shape.of(3, 5), 1, positive));
        }
    }

    @Test
    void binaryOpsAgreeWithBroadcasting() {
        for (Map.Entry<String, GradCheck.Fn> op : OpCatalog.BINARY.entrySet()) {
            boolean positive = OpCatalog.needsPositive(op.getKey());
            compare(op.getKey(), op.getValue(), input(Shape.of(3, 5), 2, positive), input(Shape.of(5), 3, positive));
        }
    }

    @Test
    void matmulAndReductionsAgree() {
        compare("matmul", in -> in[0].matmul(in[1]), input(Shape.of(4, 3), 4, false), input(Shape.of(3, 2), 5, false));
        compare("max", in -> in[0].max(0, false), input(Shape.of(4, 3), 6, false));
        compare("mean", in -> in[0].mean(1, true), input(Shape.of(4, 3), 7, false));
    }

    private static NDArray input(Shape shape, long seed, boolean positive) {
        return Shapes.uniform(shape, seed, positive ? 0.5 : -2, 2).data();
    }

    private static void compare(String name, GradCheck.Fn f, NDArray... inputs) {
        Tensor[] t64 = new Tensor[inputs.length];
        Tensor[] t32 = new Tensor[inputs.length];
        for (int k = 0; k < inputs.length; k++) {
            t64[k] = Tensor.of(inputs[k]).requiresGrad(true);
            t32[k] = Tensor.of(inputs[k].to(DType.FLOAT32)).requiresGrad(true);
        }
        Tensor y64 = f.apply(t64);
        Tensor y32 = f.apply(t32);
        assertThat(y32.dtype()).isEqualTo(DType.FLOAT32);
        close(name + " forward", y32.data(), y64.data());
        // weights that differ per element, so every gradient entry is exercised: w_i = 1 + i / 10
        NDArray w = NDArray.zeros(DType.FLOAT64, y64.shape());
        for (int i = 0; i < w.size(); i++) {
            w.set(i, 1 + i / 10.0);
        }
        y64.backward(Tensor.of(w));
        y32.backward(Tensor.of(w.to(DType.FLOAT32)));
        for (int k = 0; k < inputs.length; k++) {
            close(name + " gradient of input " + k, t32[k].grad().data(), t64[k].grad().data());
        }
    }

    private static void close(String what, NDArray f32, NDArray f64) {
        assertThat(f32.shape()).as(what).isEqualTo(f64.shape());
        for (int i = 0; i < f64.size(); i++) {
            assertThat(f32.get(i)).as(what + ", element " + i)
                    .isCloseTo(f64.get(i), within(TOL * Math.max(1, Math.abs(f64.get(i)))));
        }
    }
}

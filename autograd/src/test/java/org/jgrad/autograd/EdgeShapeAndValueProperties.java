package org.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;

/**
 * Every elementwise op and reduction on generated shapes (including dimensions of size 0 and 1) and values (including
 * huge, tiny, negative zero): each either returns exactly what a naive reference written here computes, or throws the
 * documented exception. Never another exception, never a silently wrong number.
 */
class EdgeShapeAndValueProperties {
    private static final float[] SPECIAL = {0f, -0f, 1f, -1f, 0.5f, 3f, -7.25f, 1e-30f, -1e-30f, 1e30f, -1e30f,
        Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 88f, -104f};

    record Operand(Shape shape, float[] values) {
        Tensor tensor() {
            return Tensor.of(NDArray.of(values.clone(), shape));
        }
    }

    @Provide
    Arbitrary<Operand> operands() {
        Arbitrary<int[]> dims = Arbitraries.integers().between(0, 3).array(int[].class).ofMinSize(0).ofMaxSize(3);
        return dims.flatMap(d -> {
            int n = Shape.of(d).size();
            return Arbitraries.of(SPECIAL.length).flatMap(k -> Arbitraries.integers().between(0, SPECIAL.length - 1)
                    .array(int[].class).ofSize(n))
                    .map(idx -> {
                        float[] v = new float[n];
                        for (int i = 0; i < n; i++) {
                            v[i] = SPECIAL[idx[i]];
                        }
                        return new Operand(Shape.of(d), v);
                    });
        });
    }

    /** NumPy's broadcasting rule, written out independently of Shape.broadcast; null when incompatible. */
    private static int[] broadcast(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - rank + a.length];
            int db = i < rank - b.length ? 1 : b[i - rank + b.length];
            if (da != db && da != 1 && db != 1) {
                return null;
            }
            out[i] = Math.max(da, db) == 0 || Math.min(da, db) == 0 ? 0 : Math.max(da, db);
        }
        return out;
    }

    /** Element of {@code o} that lands on output index {@code flat} of shape {@code out}. */
    private static float at(Operand o, int[] out, int flat) {
        int[] d = o.shape().dims();
        int index = 0;
        int stride = 1;
        int rem = flat;
        int[] pos = new int[out.length];
        for (int k = out.length - 1; k >= 0; k--) {
            pos[k] = rem % out[k];
            rem /= out[k];
        }
        for (int k = d.length - 1; k >= 0; k--) {
            int p = d[k] == 1 ? 0 : pos[k + out.length - d.length];
            index += p * stride;
            stride *= d[k];
        }
        return o.values()[index];
    }

    private static void assertSameFloat(double actual, double expected, String what) {
        if (Double.isNaN(expected)) {
            assertThat(actual).as(what).isNaN();
        } else {
            assertThat((float) actual).as(what).isEqualTo((float) expected);
        }
    }

    private static final List<String> BINARY = List.of("add", "sub", "mul", "div", "maximum", "minimum");

    private static BinaryOperator<Tensor> tensorOp(String name) {
        return switch (name) {
            case "add" -> Tensor::add;
            case "sub" -> Tensor::sub;
            case "mul" -> Tensor::mul;
            case "div" -> Tensor::div;
            case "maximum" -> Tensor::maximum;
            default -> Tensor::minimum;
        };
    }

    private static DoubleBinaryOperator reference(String name) {
        return switch (name) {
            case "add" -> (x, y) -> (float) x + (float) y;
            case "sub" -> (x, y) -> (float) x - (float) y;
            case "mul" -> (x, y) -> (float) x * (float) y;
            case "div" -> (x, y) -> (float) x / (float) y;
            case "maximum" -> (x, y) -> Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.max(x, y);
            default -> (x, y) -> Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.min(x, y);
        };
    }

    @Property(tries = 300)
    void binaryOpsBroadcastOrRefuse(@ForAll("operands") Operand a, @ForAll("operands") Operand b) {
        int[] out = broadcast(a.shape().dims(), b.shape().dims());
        for (String name : BINARY) {
            if (out == null) {
                assertThatThrownBy(() -> tensorOp(name).apply(a.tensor(), b.tensor()))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot broadcast");
                continue;
            }
            Tensor r = tensorOp(name).apply(a.tensor(), b.tensor());
            assertThat(r.shape()).isEqualTo(Shape.of(out));
            for (int i = 0; i < r.size(); i++) {
                float x = at(a, out, i);
                float y = at(b, out, i);
                assertSameFloat(r.data().get(i), reference(name).applyAsDouble(x, y), name + "(" + x + ", " + y + ")");
            }
        }
    }

    private static void checkUnary(Operand a, String name, UnaryOperator<Tensor> op, DoubleUnaryOperator ref,
            double relTol) {
        Tensor r = op.apply(a.tensor());
        assertThat(r.shape()).isEqualTo(a.shape());
        for (int i = 0; i < r.size(); i++) {
            double expected = (float) ref.applyAsDouble(a.values()[i]);
            double actual = r.data().get(i);
            String what = name + "(" + a.values()[i] + ")";
            if (Double.isNaN(expected) || Double.isInfinite(expected) || expected == 0) {
                assertSameFloat(actual, expected, what);
            } else {
                assertThat(Math.abs(actual - expected)).as(what + " = " + actual + ", expected " + expected)
                        .isLessThanOrEqualTo(relTol * Math.abs(expected) + Float.MIN_NORMAL);
            }
        }
    }

    @Property(tries = 150)
    void unaryOpsMatchTheirDefinitionsInDouble(@ForAll("operands") Operand a) {
        checkUnary(a, "neg", Tensor::neg, x -> -x, 0);
        checkUnary(a, "abs", Tensor::abs, Math::abs, 0);
        checkUnary(a, "relu", Tensor::relu, x -> x > 0 ? x : 0, 0);
        checkUnary(a, "exp", Tensor::exp, Math::exp, 1e-6);
        checkUnary(a, "log", Tensor::log, Math::log, 1e-6);
        checkUnary(a, "sqrt", Tensor::sqrt, Math::sqrt, 1e-6);
        checkUnary(a, "tanh", Tensor::tanh, Math::tanh, 1e-6);
        checkUnary(a, "sigmoid", Tensor::sigmoid, x -> x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)),
                1e-6);
        checkUnary(a, "softplus", Tensor::softplus, x -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))), 1e-6);
        checkUnary(a, "logSigmoid", Tensor::logSigmoid, x -> Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x))),
                1e-6);
    }

    @Property(tries = 150)
    void sumAndMeanAlongEveryDimension(@ForAll("operands") Operand a) {
        int[] d = a.shape().dims();
        for (int dim = -d.length - 1; dim <= d.length; dim++) {
            int axisArg = dim;
            if (dim < -d.length || dim >= d.length) {
                assertThatThrownBy(() -> a.tensor().sum(axisArg, false)).isInstanceOf(IndexOutOfBoundsException.class)
                        .hasMessageContaining("out of range");
                continue;
            }
            int axis = dim < 0 ? dim + d.length : dim;
            int outer = 1;
            int inner = 1;
            for (int k = 0; k < axis; k++) {
                outer *= d[k];
            }
            for (int k = axis + 1; k < d.length; k++) {
                inner *= d[k];
            }
            Tensor s = a.tensor().sum(axisArg, true);
            Tensor m = a.tensor().mean(axisArg, false);
            assertThat(s.size()).isEqualTo(outer * inner);
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    double total = 0;
                    for (int j = 0; j < d[axis]; j++) {
                        total += a.values()[(o * d[axis] + j) * inner + i];
                    }
                    double got = s.data().get(o * inner + i);
                    // float32 accumulation of huge values may overflow where double does not; compare when finite
                    if (Math.abs(total) < 1e38 && allModerate(a)) {
                        assertThat(got).isCloseTo(total, org.assertj.core.api.Assertions.within(1e-6 * (1 + Math.abs(total))));
                        double mean = d[axis] == 0 ? Double.NaN : total / d[axis];
                        if (Double.isNaN(mean)) {
                            assertThat(m.data().get(o * inner + i)).isNaN();
                        } else {
                            assertThat(m.data().get(o * inner + i)).isCloseTo(mean,
                                    org.assertj.core.api.Assertions.within(1e-6 * (1 + Math.abs(mean))));
                        }
                    }
                }
            }
        }
    }

    private static boolean allModerate(Operand a) {
        for (float v : a.values()) {
            if (Math.abs(v) > 1e6f) {
                return false;
            }
        }
        return true;
    }
}

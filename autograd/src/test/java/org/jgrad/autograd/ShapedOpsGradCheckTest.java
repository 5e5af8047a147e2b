package org.jgrad.autograd;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * gradcheck and gradgradcheck in float64 of every op in {@link OpCatalog#SHAPED} (convolution, its gradient ops,
 * pooling, flatten) at its shapes, on uniform values in [-2, 2) from two seeds. Max pooling's windows hold distinct
 * values with probability 1, so no arg-max flips within eps.
 */
class ShapedOpsGradCheckTest {
    static Stream<String> ops() {
        return OpCatalog.SHAPED.keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("ops")
    void firstAndSecondDerivatives(String op) {
        OpCatalog.Shaped c = OpCatalog.SHAPED.get(op);
        for (long seed : new long[] {11, 12}) {
            Tensor[] inputs = new Tensor[c.shapes().length];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = Shapes.uniform(c.shapes()[i], seed + 31 * i);
            }
            GradCheckOpsTest.checkBoth(c.fn(), inputs);
        }
    }
}

package org.jgrad.examples;

import java.nio.file.Path;
import java.util.List;
import org.jgrad.autograd.Tensor;

/**
 * Tutorial 000, section 06: the computation graph of {@code J = 3(a + b c)} with {@code a = 5, b = 3, c = 2}.
 *
 * <p>Forward: {@code u = b c = 6}, {@code v = a + u = 11}, {@code J = 3 v = 33}. Backward, by the chain rule from
 * the right: {@code dJ/dv = 3}, {@code dJ/du = dJ/dv * dv/du = 3}, {@code dJ/da = dJ/dv * dv/da = 3},
 * {@code dJ/db = dJ/du * du/db = 3 c = 6}, {@code dJ/dc = dJ/du * du/dc = 3 b = 9}.
 */
public final class ComputationGraph implements Example {

    @Override
    public String name() {
        return "ComputationGraph";
    }

    @Override
    public String summary() {
        return "J = 3(a + b*c): forward values and every gradient by backpropagation (tutorial 000, section 06)";
    }

    @Override
    public List<Path> run(ExampleRun run) {
        Tensor a = Tensor.scalar(5).requiresGrad(true).named("a");
        Tensor b = Tensor.scalar(3).requiresGrad(true).named("b");
        Tensor c = Tensor.scalar(2).requiresGrad(true).named("c");

        // forward, one node of the graph per step; retainGrad keeps the gradients of the inner nodes too
        Tensor u = b.mul(c).named("u").retainGrad();
        Tensor v = a.add(u).named("v").retainGrad();
        Tensor j = v.mul(3).named("J");
        j.backward();

        run.printf("Forward pass (left to right)");
        run.printf("  u = b * c     = %g * %g = %g", b.item(), c.item(), u.item());
        run.printf("  v = a + u     = %g + %g = %g", a.item(), u.item(), v.item());
        run.printf("  J = 3 * v     = 3 * %g = %g", v.item(), j.item());
        run.printf("Backward pass (right to left, chain rule)");
        run.printf("  dJ/dv = 3                   = %g", v.grad().item());
        run.printf("  dJ/du = dJ/dv * dv/du = 3*1 = %g", u.grad().item());
        run.printf("  dJ/da = dJ/dv * dv/da = 3*1 = %g", a.grad().item());
        run.printf("  dJ/db = dJ/du * du/db = 3*c = %g", b.grad().item());
        run.printf("  dJ/dc = dJ/du * du/dc = 3*b = %g", c.grad().item());
        return List.of();
    }
}

package org.jgrad.examples;

import static org.jgrad.examples.ExampleRun.num;

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
        run.printf("  u = b * c     = %s * %s = %s", num(b.item()), num(c.item()), num(u.item()));
        run.printf("  v = a + u     = %s + %s = %s", num(a.item()), num(u.item()), num(v.item()));
        run.printf("  J = 3 * v     = 3 * %s = %s", num(v.item()), num(j.item()));
        run.printf("Backward pass (right to left, chain rule)");
        run.printf("  dJ/dv = 3                   = %s", num(v.grad().item()));
        run.printf("  dJ/du = dJ/dv * dv/du = 3*1 = %s", num(u.grad().item()));
        run.printf("  dJ/da = dJ/dv * dv/da = 3*1 = %s", num(a.grad().item()));
        run.printf("  dJ/db = dJ/du * du/db = 3*c = %s", num(b.grad().item()));
        run.printf("  dJ/dc = dJ/du * du/dc = 3*b = %s", num(c.grad().item()));
        return List.of();
    }
}

package org.jgrad.autograd;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jgrad.core.Shape;

/**
 * Every differentiable op against central finite differences in float64 (PyTorch's eps, atol and rtol), on shapes
 * jqwik generates: scalars, size-1 dimensions and broadcast pairs included. Values are drawn away from the kinks of
 * abs, relu, clamp and max only by chance (a kink within eps has probability ~1e-6 per element).
 */
class GradCheckOpsTest {
    private static final int TRIES = 12;

    @Provide
    Arbitrary<Shape> shapes() {
        return Shapes.small();
    }

    @Provide
    Arbitrary<Shape> dimShapes() {
        return Shapes.nonScalar();
    }

    @Provide
    Arbitrary<Shape[]> pairs() {
        return Shapes.broadcastPair();
    }

    @Provide
    Arbitrary<String> binaryOps() {
        return Arbitraries.of(OpCatalog.BINARY.keySet());
    }

    @Provide
    Arbitrary<String> unaryOps() {
        return Arbitraries.of(OpCatalog.UNARY.keySet());
    }

    @Property(tries = 3 * TRIES)
    void binaryOpsWithBroadcasting(@ForAll("binaryOps") String op, @ForAll("pairs") Shape[] shapes,
            @ForAll long seed) {
        boolean positive = OpCatalog.needsPositive(op);
        Tensor x = positive ? Shapes.uniform(shapes[0], seed, 0.5, 2) : Shapes.uniform(shapes[0], seed);
        Tensor y = positive ? Shapes.uniform(shapes[1], seed + 1, 0.5, 2) : Shapes.uniform(shapes[1], seed + 1);
        GradCheck.check(OpCatalog.BINARY.get(op), x, y);
    }

    @Property(tries = 3 * TRIES)
    void unaryOps(@ForAll("unaryOps") String op, @ForAll("shapes") Shape shape, @ForAll long seed) {
        // softmax needs a dimension to normalise along
        Shape s = shape.rank() == 0 && op.endsWith("oftmax") ? Shape.of(1) : shape;
        Tensor x = OpCatalog.needsPositive(op) ? Shapes.uniform(s, seed, 0.2, 3) : Shapes.uniform(s, seed);
        GradCheck.check(OpCatalog.UNARY.get(op), x);
    }

    @Property(tries = TRIES)
    void reductionsAlongEveryDimension(@ForAll("dimShapes") Shape shape, @ForAll long seed,
            @ForAll boolean keepDim) {
        Tensor x = Shapes.uniform(shape, seed);
        int dim = (int) Math.floorMod(seed, (long) shape.rank());
        GradCheck.check(in -> in[0].sum(dim, keepDim), x);
        GradCheck.check(in -> in[0].mean(dim, keepDim), x);
        GradCheck.check(in -> in[0].max(dim, keepDim), x);
        GradCheck.check(in -> in[0].sum(), x);
        GradCheck.check(in -> in[0].mean(), x);
        GradCheck.check(in -> in[0].max(), x);
    }

    @Property(tries = TRIES)
    void softmaxAndLogSoftmax(@ForAll("dimShapes") Shape shape, @ForAll long seed) {
        Tensor x = Shapes.uniform(shape, seed);
        int dim = (int) Math.floorMod(seed, (long) shape.rank());
        GradCheck.check(in -> in[0].softmax(dim), x);
        GradCheck.check(in -> in[0].logSoftmax(dim), x);
    }

    @Property(tries = TRIES)
    void shapeOps(@ForAll("dimShapes") Shape shape, @ForAll long seed) {
        Tensor x = Shapes.uniform(shape, seed);
        int rank = shape.rank();
        int dim = (int) Math.floorMod(seed, (long) rank);
        GradCheck.check(in -> in[0].reshape(-1), x);
        GradCheck.check(in -> in[0].unsqueeze(dim).squeeze(), x);
        GradCheck.check(in -> in[0].transpose(0, rank - 1), x);
        int[] reversed = new int[rank];
        for (int k = 0; k < rank; k++) {
            reversed[k] = rank - 1 - k;
        }
        GradCheck.check(in -> in[0].permute(reversed), x);
        int n = shape.dim(dim);
        GradCheck.check(in -> in[0].indexSelect(dim, n - 1, 0, n - 1), x);
        Tensor y = Shapes.uniform(shape, seed + 7);
        GradCheck.check(in -> Tensor.concat(List.of(in[0], in[1], in[0]), dim), x, y);
        GradCheck.check(in -> Tensor.stack(List.of(in[0], in[1]), dim), x, y);
        Tensor mask = x.detach().gt(0.0);
        GradCheck.check(in -> Tensor.where(mask, in[0], in[1]), x, y);
        GradCheck.check(in -> in[0].to(org.jgrad.core.DType.FLOAT64).mul(in[1]), x, y);
    }

    @Property(tries = TRIES)
    void matmulInEveryForm(@ForAll("sizes") int m, @ForAll("sizes") int k, @ForAll("sizes") int n,
            @ForAll long seed) {
        Tensor a = Shapes.uniform(Shape.of(m, k), seed);
        Tensor b = Shapes.uniform(Shape.of(k, n), seed + 1);
        Tensor v = Shapes.uniform(Shape.of(k), seed + 2);
        Tensor w = Shapes.uniform(Shape.of(k), seed + 3);
        GradCheck.check(in -> in[0].matmul(in[1]), a, b);
        GradCheck.check(in -> in[0].matmul(in[1]), v, b);
        GradCheck.check(in -> in[0].matmul(in[1]), a, v);
        GradCheck.check(in -> in[0].matmul(in[1]), v, w);
        GradCheck.check(in -> in[0].t().matmul(in[1].t().t()), a.detach().t().detach().requiresGrad(true), b);
    }

    @Provide
    Arbitrary<Integer> sizes() {
        return Arbitraries.integers().between(1, 4);
    }
}

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
 * jqwik generates: scalars, size-1 dimensions and broadcast pairs included. Each check runs twice: gradcheck (first
 * derivatives) and gradgradcheck (second derivatives, by differencing the recorded first derivatives), so an op in
 * this catalogue cannot skip either. Values are drawn away from the kinks of abs, relu, clamp and max only by chance
 * (a kink within eps has probability ~1e-6 per element).
 */
class GradCheckOpsTest {
    private static final int TRIES = 12;

    /** gradcheck and gradgradcheck of the same function at the same point. */
    static void checkBoth(GradCheck.Fn f, Tensor... inputs) {
        GradCheck.check(f, inputs);
        GradCheck.gradgradcheck(f, inputs);
    }

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
        checkBoth(OpCatalog.BINARY.get(op), x, y);
    }

    @Property(tries = 3 * TRIES)
    void unaryOps(@ForAll("unaryOps") String op, @ForAll("shapes") Shape shape, @ForAll long seed) {
        // softmax needs a dimension to normalise along
        Shape s = shape.rank() == 0 && op.endsWith("oftmax") ? Shape.of(1) : shape;
        Tensor x = OpCatalog.needsPositive(op) ? Shapes.uniform(s, seed, 0.2, 3) : Shapes.uniform(s, seed);
        checkBoth(OpCatalog.UNARY.get(op), x);
    }

    @Property(tries = TRIES)
    void reductionsAlongEveryDimension(@ForAll("dimShapes") Shape shape, @ForAll long seed,
            @ForAll boolean keepDim) {
        Tensor x = Shapes.uniform(shape, seed);
        int dim = (int) Math.floorMod(seed, (long) shape.rank());
        checkBoth(in -> in[0].sum(dim, keepDim), x);
        checkBoth(in -> in[0].mean(dim, keepDim), x);
        checkBoth(in -> in[0].max(dim, keepDim), x);
        checkBoth(in -> in[0].sum(), x);
        checkBoth(in -> in[0].mean(), x);
        checkBoth(in -> in[0].max(), x);
    }

    @Property(tries = TRIES)
    void softmaxAndLogSoftmax(@ForAll("dimShapes") Shape shape, @ForAll long seed) {
        Tensor x = Shapes.uniform(shape, seed);
        int dim = (int) Math.floorMod(seed, (long) shape.rank());
        checkBoth(in -> in[0].softmax(dim), x);
        checkBoth(in -> in[0].logSoftmax(dim), x);
    }

    @Property(tries = TRIES)
    void shapeOps(@ForAll("dimShapes") Shape shape, @ForAll long seed) {
        Tensor x = Shapes.uniform(shape, seed);
        int rank = shape.rank();
        int dim = (int) Math.floorMod(seed, (long) rank);
        checkBoth(in -> in[0].reshape(-1), x);
        checkBoth(in -> in[0].unsqueeze(dim).squeeze(), x);
        checkBoth(in -> in[0].transpose(0, rank - 1), x);
        int[] reversed = new int[rank];
        for (int k = 0; k < rank; k++) {
            reversed[k] = rank - 1 - k;
        }
        checkBoth(in -> in[0].permute(reversed), x);
        int n = shape.dim(dim);
        checkBoth(in -> in[0].indexSelect(dim, n - 1, 0, n - 1), x);
        Tensor y = Shapes.uniform(shape, seed + 7);
        checkBoth(in -> Tensor.concat(List.of(in[0], in[1], in[0]), dim), x, y);
        checkBoth(in -> Tensor.stack(List.of(in[0], in[1]), dim), x, y);
        Tensor mask = x.detach().gt(0.0);
        checkBoth(in -> Tensor.where(mask, in[0], in[1]), x, y);
        checkBoth(in -> in[0].to(org.jgrad.core.DType.FLOAT64).mul(in[1]), x, y);
    }

    @Property(tries = TRIES)
    void matmulInEveryForm(@ForAll("sizes") int m, @ForAll("sizes") int k, @ForAll("sizes") int n,
            @ForAll long seed) {
        Tensor a = Shapes.uniform(Shape.of(m, k), seed);
        Tensor b = Shapes.uniform(Shape.of(k, n), seed + 1);
        Tensor v = Shapes.uniform(Shape.of(k), seed + 2);
        Tensor w = Shapes.uniform(Shape.of(k), seed + 3);
        checkBoth(in -> in[0].matmul(in[1]), a, b);
        checkBoth(in -> in[0].matmul(in[1]), v, b);
        checkBoth(in -> in[0].matmul(in[1]), a, v);
        checkBoth(in -> in[0].matmul(in[1]), v, w);
        checkBoth(in -> in[0].t().matmul(in[1].t().t()), a.detach().t().detach().requiresGrad(true), b);
    }

    @Property(tries = TRIES)
    void lossesAndTheLinearLayer(@ForAll("sizes") int m, @ForAll("sizes") int c, @ForAll long seed,
            @ForAll("reductions") org.jgrad.autograd.ops.Reduction reduction) {
        Tensor z = Shapes.uniform(Shape.of(m, c), seed);
        Tensor p = Shapes.uniform(Shape.of(m, c), seed + 1, 0.05, 0.95);
        Tensor y = Shapes.uniform(Shape.of(m, c), seed + 2, 0, 1);
        Tensor weight = Shapes.uniform(Shape.of(m, c), seed + 3, 0.5, 2).detach();
        Tensor posWeight = Shapes.uniform(Shape.of(c), seed + 4, 0.5, 3).detach();
        checkBoth(in -> org.jgrad.autograd.ops.BinaryCrossEntropyWithLogits.apply(in[0], in[1], weight.data(),
                posWeight.data(), reduction), z, y);
        checkBoth(in -> org.jgrad.autograd.ops.BinaryCrossEntropyWithLogits.apply(in[0], in[1], null, null,
                reduction), z, y);
        checkBoth(in -> org.jgrad.autograd.ops.BinaryCrossEntropy.apply(in[0], in[1], weight.data(), reduction),
                p, y);
        checkBoth(in -> org.jgrad.autograd.ops.MeanSquaredError.apply(in[0], in[1], reduction), z, y);
        double[] t = new double[m];
        for (int i = 0; i < m; i++) {
            t[i] = Math.floorMod(seed + i, (long) c);
        }
        org.jgrad.core.NDArray targets = Tensor.of(t, org.jgrad.core.DType.FLOAT64, m).data();
        checkBoth(in -> org.jgrad.autograd.ops.CrossEntropy.apply(in[0], targets, posWeight.data(), reduction), z);
        checkBoth(in -> org.jgrad.autograd.ops.CrossEntropy.apply(in[0], targets, null, reduction), z);
        Tensor x = Shapes.uniform(Shape.of(m, 3), seed + 5);
        Tensor w = Shapes.uniform(Shape.of(c, 3), seed + 6);
        Tensor b = Shapes.uniform(Shape.of(c), seed + 7);
        checkBoth(in -> org.jgrad.autograd.ops.LinearFunction.apply(in[0], in[1], in[2]), x, w, b);
    }

    @Provide
    Arbitrary<org.jgrad.autograd.ops.Reduction> reductions() {
        return Arbitraries.of(org.jgrad.autograd.ops.Reduction.class);
    }

    @Provide
    Arbitrary<Integer> sizes() {
        return Arbitraries.integers().between(1, 4);
    }
}

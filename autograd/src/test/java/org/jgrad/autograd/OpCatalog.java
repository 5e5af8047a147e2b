package org.jgrad.autograd;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jgrad.autograd.ops.Conv2dFunction;
import org.jgrad.autograd.ops.Conv2dInputGrad;
import org.jgrad.autograd.ops.Conv2dOptions;
import org.jgrad.autograd.ops.Conv2dWeightGrad;
import org.jgrad.core.Shape;

/** The elementwise ops by name, as functions of tensors, shared by the gradcheck and dtype-agreement tests. */
final class OpCatalog {
    private OpCatalog() {
    }

    /** Binary ops; "div" and "pow" need positive operands. */
    static final Map<String, GradCheck.Fn> BINARY = new LinkedHashMap<>();

    /** Unary ops; "log" and "sqrt" need positive operands. */
    static final Map<String, GradCheck.Fn> UNARY = new LinkedHashMap<>();

    /** An op that needs inputs of particular shapes (convolution, pooling), with those shapes. */
    record Shaped(GradCheck.Fn fn, Shape... shapes) {
    }

    /** Ops on images (N, C, H, W), checked at the shapes given; values may be any. */
    static final Map<String, Shaped> SHAPED = new LinkedHashMap<>();

    static {
        Conv2dOptions padded = Conv2dOptions.of(1, 1, 1);
        Conv2dOptions strided = new Conv2dOptions(2, 1, 0, 1, 1, 2);
        SHAPED.put("conv2d", new Shaped(in -> in[0].conv2d(in[1], in[2], 1, 1, 1), Shape.of(2, 2, 4, 4),
                Shape.of(3, 2, 3, 3), Shape.of(3)));
        SHAPED.put("conv2dStridedDilated", new Shaped(in -> Conv2dFunction.apply(in[0], in[1], null, strided),
                Shape.of(1, 2, 5, 6), Shape.of(2, 2, 2, 2)));
        SHAPED.put("conv2dInputGrad", new Shaped(in -> Conv2dInputGrad.apply(in[0], in[1], Shape.of(2, 2, 4, 4),
                padded), Shape.of(2, 3, 4, 4), Shape.of(3, 2, 3, 3)));
        SHAPED.put("conv2dWeightGrad", new Shaped(in -> Conv2dWeightGrad.apply(in[0], in[1], Shape.of(3, 2, 3, 3),
                padded), Shape.of(2, 3, 4, 4), Shape.of(2, 2, 4, 4)));
        SHAPED.put("maxPool2d", new Shaped(in -> in[0].maxPool2d(2), Shape.of(2, 2, 4, 6)));
        SHAPED.put("maxPool2dOverlapping", new Shaped(in -> in[0].maxPool2d(3, 2, 1), Shape.of(1, 2, 5, 5)));
        SHAPED.put("avgPool2d", new Shaped(in -> in[0].avgPool2d(3, 2, 1), Shape.of(1, 2, 5, 6)));
        SHAPED.put("flatten", new Shaped(in -> in[0].flatten(1).mul(in[0].flatten(1)), Shape.of(2, 3, 2)));
    }

    static {
        BINARY.put("add", in -> in[0].add(in[1]));
        BINARY.put("sub", in -> in[0].sub(in[1]));
        BINARY.put("mul", in -> in[0].mul(in[1]));
        BINARY.put("div", in -> in[0].div(in[1]));
        BINARY.put("pow", in -> in[0].pow(in[1]));
        BINARY.put("maximum", in -> in[0].maximum(in[1]));
        BINARY.put("minimum", in -> in[0].minimum(in[1]));

        UNARY.put("neg", in -> in[0].neg());
        UNARY.put("exp", in -> in[0].exp());
        UNARY.put("log", in -> in[0].log());
        UNARY.put("sqrt", in -> in[0].sqrt());
        UNARY.put("abs", in -> in[0].abs());
        UNARY.put("sigmoid", in -> in[0].sigmoid());
        UNARY.put("tanh", in -> in[0].tanh());
        UNARY.put("relu", in -> in[0].relu());
        UNARY.put("softplus", in -> in[0].softplus());
        UNARY.put("logSigmoid", in -> in[0].logSigmoid());
        UNARY.put("clamp", in -> in[0].clamp(-1, 0.5));
        UNARY.put("powScalar", in -> in[0].pow(3));
        UNARY.put("addScalar", in -> in[0].add(1.5));
        UNARY.put("mulScalar", in -> in[0].mul(-2.5));
        UNARY.put("divScalar", in -> in[0].div(4));
        UNARY.put("subScalar", in -> in[0].sub(0.25));
        UNARY.put("softmax", in -> in[0].softmax(-1));
        UNARY.put("logSoftmax", in -> in[0].logSoftmax(-1));
    }

    static boolean needsPositive(String op) {
        return op.equals("div") || op.equals("pow") || op.equals("log") || op.equals("sqrt");
    }
}

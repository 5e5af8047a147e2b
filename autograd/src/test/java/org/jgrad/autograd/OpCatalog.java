package org.jgrad.autograd;

import java.util.LinkedHashMap;
import java.util.Map;

/** The elementwise ops by name, as functions of tensors, shared by the gradcheck and dtype-agreement tests. */
final class OpCatalog {
    private OpCatalog() {
    }

    /** Binary ops; "div" and "pow" need positive operands. */
    static final Map<String, GradCheck.Fn> BINARY = new LinkedHashMap<>();

    /** Unary ops; "log" and "sqrt" need positive operands. */
    static final Map<String, GradCheck.Fn> UNARY = new LinkedHashMap<>();

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

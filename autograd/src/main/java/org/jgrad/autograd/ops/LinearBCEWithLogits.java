package org.jgrad.autograd.ops;

import org.jgrad.autograd.Function;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.DType;
import org.jgrad.core.Elementwise;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.core.kernels.Kernels;
import org.jgrad.core.kernels.Parallel;

/**
 * Logistic regression's loss in one op: {@code L = BCEWithLogits(x W^T + b, y)}, the mean over the m rows of
 * {@code max(z, 0) - z y + log(1 + exp(-|z|))} with {@code z = x W^T + b}; equal to
 * {@code BinaryCrossEntropyWithLogits.apply(x.matmul(W.t()).add(b), y)}.
 *
 * <p>Shapes: {@code x (m, k)} float32 and needing no gradient, {@code weight (1, k)}, {@code bias (1,)},
 * {@code y (m, 1)}. Why fuse: the gradient {@code dL/dz_i = (sigma(z_i) - y_i) / m} (tutorial 000, section 07,
 * {@code dz = a - y}) is known as soon as row i's logit is, so the forward pass also accumulates
 * {@code dW = sum_i dz_i x_i} and {@code db = sum_i dz_i} while row i is still in cache: x is read once per step
 * instead of twice (forward {@code x W^T}, backward {@code dz^T x}), and nothing of size m is kept for backward,
 * which only scales the two sums by the incoming {@code dL}. Large m is split across {@link Parallel} threads,
 * each with its own partial sums.
 */
public final class LinearBCEWithLogits extends Function {
    /** Rows handled per block: their logits are computed first, then their gradient, while they are in cache. */
    private static final int BLOCK = 32;

    private LinearBCEWithLogits() {
    }

    /** The loss (a scalar) and, recorded for backward, its gradients for {@code weight} and {@code bias}. */
    public static Tensor apply(Tensor x, Tensor weight, Tensor bias, Tensor y) {
        int m = x.shape().rank() == 2 ? x.shape().dim(0) : -1;
        int k = x.shape().rank() == 2 ? x.shape().dim(1) : -1;
        if (m < 0 || !weight.shape().equals(Shape.of(1, k)) || bias.size() != 1 || !y.shape().equals(Shape.of(m, 1))) {
            throw new IllegalArgumentException("fused linear + BCE with logits: expected x (m, k), weight (1, k), "
                    + "bias (1,) and y (m, 1), got x " + x.shape() + ", weight " + weight.shape() + ", bias "
                    + bias.shape() + ", y " + y.shape());
        }
        for (Tensor t : new Tensor[] {x, weight, bias, y}) {
            if (t.dtype() != DType.FLOAT32) {
                throw new IllegalArgumentException("fused linear + BCE with logits: expected float32 tensors, got "
                        + t.dtype() + " " + t.shape());
            }
        }
        if (x.requiresGrad() || y.requiresGrad()) {
            throw new IllegalArgumentException("fused linear + BCE with logits: x and y must not require grad (the "
                    + "fusion computes only dW and db); use the unfused Linear and BCEWithLogitsLoss");
        }
        float[] xs = x.data().floats();
        float[] w = weight.data().floats();
        float b = bias.data().floats()[0];
        float[] ys = y.data().floats();
        int parts = Math.min(Parallel.worthSplitting(4L * m * k), Math.max(1, m / BLOCK));
        float[][] gw = new float[parts][k];
        double[] gb = new double[parts];
        double[] loss = new double[parts];
        Parallel.forEach(parts, part -> {
            int start = Parallel.start(m, parts, part);
            int end = Parallel.start(m, parts, part + 1);
            double[] sums = rows(xs, w, b, ys, k, start, end, 1.0f / m, gw[part]);
            loss[part] = sums[0];
            gb[part] = sums[1];
        });
        Kernels kernels = Kernels.get();
        double totalLoss = 0;
        double totalB = 0;
        for (int part = 0; part < parts; part++) {
            totalLoss += loss[part];
            totalB += gb[part];
            if (part > 0) {
                kernels.add(gw[0], 0, gw[part], 0, gw[0], 0, k);
            }
        }
        LinearBCEWithLogits f = new LinearBCEWithLogits();
        f.save(Tensor.of(NDArray.of(gw[0], Shape.of(1, k))),
                Tensor.of(NDArray.of(new float[] {(float) totalB}, bias.shape())));
        return f.output(NDArray.scalar(DType.FLOAT32, totalLoss / m), x, weight, bias, y);
    }

    /** Rows {@code [start, end)}: returns {sum of losses, sum of dz}, adds {@code sum dz_i x_i} into {@code gw}. */
    private static double[] rows(float[] x, float[] w, float b, float[] y, int k, int start, int end, float invM,
            float[] gw) {
        Kernels kernels = Kernels.get();
        float[] dz = new float[BLOCK];
        double loss = 0;
        double db = 0;
        for (int r0 = start; r0 < end; r0 += BLOCK) {
            int r1 = Math.min(end, r0 + BLOCK);
            for (int i = r0; i < r1; i++) {
                double z = kernels.dot(x, i * k, w, 0, k) + b;
                // exp(-|z|) <= 1 never overflows: loss = max(z,0) - z y + log(1 + e), sigma(z) from the same e
                double e = Math.exp(-Math.abs(z));
                double a = z >= 0 ? 1 / (1 + e) : e / (1 + e);
                loss += Math.max(z, 0) - z * y[i] + Math.log(1 + e); // e in (0, 1]: log1p's care not needed
                float d = (float) (a - y[i]) * invM;
                dz[i - r0] = d;
                db += d;
            }
            for (int i = r0; i < r1; i++) {
                kernels.axpy(dz[i - r0], x, i * k, gw, 0, k);
            }
        }
        return new double[] {loss, db};
    }

    @Override
    protected Tensor[] backward(Tensor dL) {
        // the saved sums are dL/dW and dL/db for dL = 1; the engine copies what it accumulates
        double scale = dL.item();
        Tensor dw = scale == 1.0 ? saved(0) : saved(0).mul(scale);
        Tensor db = scale == 1.0 ? saved(1) : saved(1).mul(scale);
        return grads(null, needsGrad(1) ? dw : null, needsGrad(2) ? db : null, null);
    }

    /** The rule returns the sums of the forward pass, which are not functions of W and b in the graph. */
    @Override
    protected boolean onceDifferentiable() {
        return true;
    }

    @Override
    public String localDerivative(int input) {
        return switch (input) {
            case 1 -> "sum_i (a_i - y_i) x_i / m";
            case 2 -> "sum_i (a_i - y_i) / m";
            default -> "none (needs no grad)";
        };
    }
}

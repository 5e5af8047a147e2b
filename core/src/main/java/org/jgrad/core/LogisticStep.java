package org.jgrad.core;

import java.util.Arrays;
import org.jgrad.core.kernels.Kernels;
import org.jgrad.core.kernels.LineAlignedBuffer;
import org.jgrad.core.kernels.Parallel;

/**
 * Logistic regression's loss and gradient in one pass over X, for the fused op {@code LinearBCEWithLogits}: with
 * {@code z = x w^T + b}, the mean over the m rows of {@code max(z, 0) - z y + log(1 + exp(-|z|))}, and
 * {@code dW = sum_i dz_i x_i}, {@code db = sum_i dz_i} with {@code dz_i = (sigma(z_i) - y_i) / m} (tutorial 000,
 * section 07: {@code dz = a - y}). Row i's gradient is known as soon as its logit is, so each block of rows is read
 * once, while it is in cache. Large m is split across {@link Parallel} threads, each with its own partial sums.
 */
public final class LogisticStep {
    /** Rows handled per block: their logits are computed first, then their gradient, while they are in cache. */
    private static final int BLOCK = 32;
    private static final double LN2 = Math.log(2);
    /**
     * Rows of at least this many features go in groups of eight, not four, so that the axpys load and store dW
     * once per eight rows: for logreg-cat (209 x 12288, dW 48 KB, not in L1 beside the rows) the step took
     * 0.35-0.37 ms of CPU against 0.37-0.40 with groups of four, and 0.45-0.47 before the dots' two-row reads too
     * (one thread, three alternating runs each, on a loaded machine).
     */
    private static final int WIDE_ROWS = 6144;

    private LogisticStep() {
    }

    /** The mean loss (a float32 scalar), {@code dW} (1, k) and {@code db} (1,). */
    public record Result(NDArray loss, NDArray weightGrad, NDArray biasGrad) {
    }

    /** x (m, k), weight (1, k), bias (1,), y (m, 1), all float32 (the caller checks the shapes). */
    public static Result lossAndGradient(NDArray x, NDArray weight, NDArray bias, NDArray y) {
        return lossAndGradient(x, weight, bias, y, null, null);
    }

    /**
     * The same, with {@code dW} written into {@code weightGrad} and {@code db} into {@code biasGrad} when they are
     * given (arrays of weight's and bias' shapes, every element overwritten; null for new ones), which the result
     * then holds: the fused op passes the arrays that the parameters' last {@code zeroGrad()} freed.
     */
    public static Result lossAndGradient(NDArray x, NDArray weight, NDArray bias, NDArray y, NDArray weightGrad,
            NDArray biasGrad) {
        return lossAndGradient(x, null, 0, x.shape().dim(0), weight, bias, y, weightGrad, biasGrad);
    }

    /**
     * The same over the rows {@code index[from .. from + count)} of x and y, in that order (a mini-batch drawn from
     * a data set, without copying it out first): the bits of {@link #lossAndGradient(NDArray, NDArray, NDArray,
     * NDArray, NDArray, NDArray)} on those rows gathered into arrays of their own, mean over {@code count}. Each
     * group of rows is gathered ({@link Kernels#gatherRows}) into this thread's scratch, where its dots and axpys
     * read it from L1; a whole batch gathered first is written to L2 and read back twice. The caller has checked
     * the indices.
     */
    public static Result lossAndGradient(NDArray x, int[] index, int from, int count, NDArray weight, NDArray bias,
            NDArray y, NDArray weightGrad, NDArray biasGrad) {
        int m = count;
        int k = x.shape().dim(1);
        float[] xs = x.floats();
        Scratch scratch = SCRATCH.get();
        float b = bias.floats()[0];
        float[] ys = y.floats();
        int parts = Math.min(Parallel.worthSplitting(4L * m * k), Math.max(1, m / BLOCK));
        // w (from Scratch.WEIGHT), each part's dW sum (from Scratch.partialSum) and, with an index, each part's
        // gathered group (from Scratch.groupAt) in one array of the calling thread's scratch, each on a cache line
        int group = groupRows(k);
        float[] lines = scratch.lines(weight.floats(), k, parts, index == null ? 0 : group);
        double[] gb = new double[parts];
        double[] loss = new double[parts];
        Parallel.forEach(parts, part -> {
            int start = from + Parallel.start(m, parts, part);
            int end = from + Parallel.start(m, parts, part + 1);
            double[] sums = rows(xs, index, lines, b, ys, k, start, end, 1.0f / m, Scratch.partialSum(part, k),
                    Scratch.groupAt(part, k, parts, group));
            loss[part] = sums[0];
            gb[part] = sums[1];
        });
        Kernels kernels = Kernels.get();
        double totalLoss = 0;
        double totalB = 0;
        int first = Scratch.partialSum(0, k);
        for (int part = 0; part < parts; part++) {
            totalLoss += loss[part];
            totalB += gb[part];
            if (part > 0) {
                kernels.add(lines, first, lines, Scratch.partialSum(part, k), lines, first, k);
            }
        }
        NDArray dw = weightGrad != null ? weightGrad : NDArray.zeros(DType.FLOAT32, Shape.of(1, k));
        System.arraycopy(lines, first, dw.floats(), 0, k);
        NDArray db = biasGrad != null ? biasGrad : NDArray.zeros(DType.FLOAT32, bias.shape());
        db.floats()[0] = (float) totalB;
        return new Result(NDArray.scalar(DType.FLOAT32, totalLoss / m), dw, db);
    }

    /**
     * Rows {@code [start, end)}: returns {sum of losses, sum of dz}, adds {@code sum dz_i x_i} into the run of
     * {@code lines} at {@code gwAt} (w is at {@link Scratch#WEIGHT} in it). The rows go in groups of about 16 KB
     * ({@link #groupRows}): their logits by one {@link Kernels#dots} (at 512 bits one row at a time with the lanes
     * in registers, elsewhere and for long rows two rows sharing each load of w), then their gradient by one
     * {@link Kernels#axpys} (dW loaded and stored once per four rows, or eight), while the group is still in L1 or L2.
     * Same bits as a dot and an axpy per row.
     *
     * <p>Measured and not kept (AVX-512 EPYC, logreg-big, one thread): a software pipeline that interleaves the
     * next rows' dots with this group's axpys, a strip of columns between two rows, was slower (28.7-30.6 ms of CPU
     * against 25.0-29.3, four alternating runs), as were groups of 8 to 256 rows; on this machine the stream from
     * memory slows by more than the in-cache work it is mixed with (the dots alone take 16-17 ms, the axpys alone
     * 3.5 in L1, both in one loop 28-31).
     */
    private static double[] rows(float[] x, int[] index, float[] lines, float b, float[] y, int k, int start,
            int end, float invM, int gwAt, int groupAt) {
        Kernels kernels = Kernels.get();
        int group = groupRows(k);
        Scratch scratch = SCRATCH.get().forGroup(group);
        float[] z = scratch.z;
        float[] dz = scratch.dz;
        float[] e = scratch.e;
        double loss = 0;
        double db = 0;
        // sum_i log(1 + e_i) as the log of a product: one multiplication per row instead of a logarithm (a third of
        // logreg-digits' step). Each factor is in (1, 2]; the exponent is moved out every 512 rows, before 2^1023.
        double product = 1;
        double logs = 0;
        for (int r0 = start; r0 < end; r0 += group) {
            int rows = Math.min(group, end - r0);
            // with an index, the group's rows gathered into lines at groupAt, on cache lines and in L1
            float[] src = x;
            int at = r0 * k;
            if (index != null) {
                kernels.gatherRows(x, index, r0, rows, k, lines, groupAt);
                src = lines;
                at = groupAt;
            }
            kernels.dots(lines, Scratch.WEIGHT, src, at, rows, k, z, 0);
            // e = exp(-|z|) <= 1 never overflows: loss = max(z,0) - z y + log(1 + e), sigma(z) from the same e. The
            // group's exponentials in one call of the kernels' float32 exp (within 2 ulps, the same bits at every
            // width) instead of a double Math.exp per row: logreg-digits' step 3.8 -> 3.35 us of CPU; the loss and
            // dz move within float32 rounding (the tutorial's printed costs are unchanged)
            for (int r = 0; r < rows; r++) {
                e[r] = (float) -Math.abs((double) z[r] + b);
            }
            kernels.exp(e, 0, e, 0, rows);
            for (int r = 0; r < rows; r++) {
                double zi = (double) z[r] + b;
                double yi = y[index == null ? r0 + r : index[r0 + r]];
                double ei = e[r];
                double a = zi >= 0 ? 1 / (1 + ei) : ei / (1 + ei);
                loss += Math.max(zi, 0) - zi * yi;
                product *= 1 + ei; // e in (0, 1]: log1p's care not needed
                if ((r0 + r - start & 511) == 511) {
                    int exponent = Math.getExponent(product);
                    logs += exponent * LN2;
                    product = Math.scalb(product, -exponent);
                }
                float d = (float) (a - yi) * invM;
                dz[r] = d;
                db += d;
            }
            kernels.axpys(dz, 0, src, at, rows, k, lines, gwAt);
        }
        return new double[] {loss + logs + Math.log(product), db};
    }

    /**
     * Arrays each step needs and nothing keeps, one set per thread, so that a step does not allocate and zero them
     * again: w padded for {@link Kernels#dots}, and one group's logits, exponentials and dz (logreg-digits: 960 of
     * the 1,992 bytes its step allocated). A thread runs one group of rows at a time, so its arrays are never in use twice.
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        /** Where w starts in {@link #lines}' array, on a line. */
        static final int WEIGHT = LineAlignedBuffer.OFFSET;
        private float[] lines = new float[0];
        /** one group's logits, exp(-|z|) and dz */
        private float[] z = new float[0];
        private float[] e = new float[0];
        private float[] dz = new float[0];

        /**
         * One array for the step's vectors, each on a cache line (LineAlignedBuffer), so that none of their 512-bit
         * loads and stores straddles two lines: {@code weight}'s first k values from {@link #WEIGHT} on, followed by
         * 64 zeros (room past the row's end lets dots load w's last partial chunk of 64 in place, its lanes past k
         * blended away; zeroed at every call all the same, so that a longer w's values, NaN included, never sit
         * there), then {@code parts} zeroed sums of k floats, part p's from {@link #partialSum}{@code (p, k)} on (the
         * axpys load and store them once per group of rows), then, for a step over indexed rows, room for each part's
         * gathered group of {@code group} rows ({@link #groupAt}; written before it is read).
         */
        float[] lines(float[] weight, int k, int parts, int group) {
            int need = groupAt(parts, k, parts, group) - WEIGHT;
            if (lines.length < LineAlignedBuffer.size(need)) {
                lines = LineAlignedBuffer.allocate(need);
            }
            System.arraycopy(weight, 0, lines, WEIGHT, k);
            Arrays.fill(lines, WEIGHT + k, WEIGHT + k + 64, 0f);
            for (int part = 0; part < parts; part++) {
                Arrays.fill(lines, partialSum(part, k), partialSum(part, k) + k, 0f);
            }
            return lines;
        }

        /** Where part p's sum starts in {@link #lines}' array: past w and its 64 zeros, k rounded up to a line each. */
        static int partialSum(int part, int k) {
            return WEIGHT + ((k + 64 + 15) & -16) + part * ((k + 15) & -16);
        }

        /**
         * Where part p's gathered rows start (a group of {@code group} rows of k, 0 without an index): past the
         * {@code parts} sums, {@code group k} rounded up to a line each.
         */
        static int groupAt(int part, int k, int parts, int group) {
            return partialSum(parts, k) + part * ((group * k + 15) & -16);
        }

        /** This scratch, with room for a group of {@code rows} (each element used is written first). */
        Scratch forGroup(int rows) {
            if (z.length < rows) {
                z = new float[rows];
                e = new float[rows];
                dz = new float[rows];
            }
            return this;
        }
    }

    /**
     * Rows per group: about 16 KB of x (half of an L1), at least four (one group of axpys; eight for rows of
     * {@link #WIDE_ROWS} or more), at most {@link #BLOCK}.
     */
    static int groupRows(int k) {
        return Math.max(k >= WIDE_ROWS ? 8 : 4, Math.min(BLOCK, 4096 / Math.max(1, k)));
    }
}

package org.jgrad.core.kernels;

/**
 * Plain Java loops: the reference the Vector API kernels are tested against, and the fallback. They give the same
 * bits as the Vector API kernels at every width: reductions follow {@link Summation}'s 64 logical lanes, exp is
 * {@link ExpPolynomial}'s, and {@code Math.fma} stands wherever the vector kernels fuse a multiply and an add
 * (dot, axpy, the matrix product, with the product's depth blocks of {@link MatrixProduct#depthBlock()}).
 */
public final class ScalarKernels implements Kernels {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void add(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = a[ao + i] + b[bo + i];
        }
    }

    @Override
    public void sub(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = a[ao + i] - b[bo + i];
        }
    }

    @Override
    public void mul(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = a[ao + i] * b[bo + i];
        }
    }

    @Override
    public void div(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = a[ao + i] / b[bo + i];
        }
    }

    @Override
    public void addScalar(float[] a, int ao, float s, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = a[ao + i] + s;
        }
    }

    @Override
    public void mulScalar(float[] a, int ao, float s, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = a[ao + i] * s;
        }
    }

    @Override
    public void exp(float[] a, int ao, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = ExpPolynomial.exp(a[ao + i]);
        }
    }

    @Override
    public void log(float[] a, int ao, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = (float) Math.log(a[ao + i]);
        }
    }

    @Override
    public void sigmoid(float[] a, int ao, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = 1f / (1f + ExpPolynomial.exp(-a[ao + i]));
        }
    }

    @Override
    public void relu(float[] a, int ao, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = Math.max(a[ao + i], 0f);
        }
    }

    @Override
    public void reluBackward(float[] dz, int dzo, float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = x[xo + i] > 0 ? dz[dzo + i] : 0f;
        }
    }

    @Override
    public void fill(float[] a, int ao, float v, int n) {
        java.util.Arrays.fill(a, ao, ao + n, v);
    }

    @Override
    public float sum(float[] a, int ao, int n) {
        if (n <= Summation.LANES) {
            return Summation.shortSum(a, ao, n);
        }
        double[] total = new double[Summation.LANES];
        float[] lanes = new float[Summation.LANES];
        for (int b0 = 0; b0 < n; b0 += Summation.BLOCK) {
            int b1 = Math.min(n, b0 + Summation.BLOCK);
            java.util.Arrays.fill(lanes, 0f);
            for (int i = b0; i < b1; i += Summation.LANES) {
                for (int j = 0, w = Math.min(Summation.LANES, b1 - i); j < w; j++) {
                    lanes[j] += a[ao + i + j];
                }
            }
            for (int j = 0; j < Summation.LANES; j++) {
                total[j] += lanes[j];
            }
        }
        return (float) Summation.combine(total, Summation.LANES);
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
        float[] lanes = new float[Summation.LANES];
        for (int i = 0; i < n; i += Summation.LANES) {
            for (int j = 0, w = Math.min(Summation.LANES, n - i); j < w; j++) {
                lanes[j] = Math.fma(a[ao + i + j], b[bo + i + j], lanes[j]);
            }
        }
        return Summation.combine(lanes, 0, Summation.LANES);
    }

    @Override
    public void dots(float[] a, int ao, float[] b, int bo, int rows, int n, float[] c, int co) {
        for (int j = 0; j < rows; j++) {
            c[co + j] = dot(a, ao, b, bo + j * n, n);
        }
    }

    @Override
    public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = Math.fma(alpha, x[xo + i], y[yo + i]);
        }
    }

    @Override
    public void gatherRows(float[] src, int[] rows, int from, int count, int width, float[] out, int to) {
        RowGather.copy(src, rows, from, count, width, out, to);
    }

    @Override
    public void axpys(float[] alpha, int ao, float[] x, int xo, int rows, int n, float[] y, int yo) {
        for (int r = 0; r < rows; r++) {
            axpy(alpha[ao + r], x, xo + r * n, y, yo, n);
        }
    }

    /**
     * Each element of C as {@link VectorGemm} computes it: for each depth block, an fma chain from 0 over the block,
     * then the blocks' results added to C left to right.
     */
    @Override
    public void gemmTile(MatrixProduct p, int i0, int i1, int j0, int j1) {
        float[] b = p.b();
        float[] c = p.c();
        int n = p.n();
        int k = p.k();
        int depth = p.depthBlock();
        float[] t = new float[j1 - j0];
        for (int i = i0; i < i1; i++) {
            int row = i * n;
            for (int pc = 0; pc < k; pc += depth) {
                int end = Math.min(k, pc + depth);
                java.util.Arrays.fill(t, 0f);
                if (!p.transB()) {
                    // row i of C is a combination of rows of B: C[i,:] += op(A)[i,q] B[q,:]
                    for (int q = pc; q < end; q++) {
                        float aiq = p.aAt(i, q);
                        for (int j = j0; j < j1; j++) {
                            t[j - j0] = Math.fma(aiq, b[q * n + j], t[j - j0]);
                        }
                    }
                } else {
                    // B stored n x k: C[i,j] += op(A)[i,:] . B[j,:], reading rows of B
                    for (int j = j0; j < j1; j++) {
                        float s = 0f;
                        for (int q = pc; q < end; q++) {
                            s = Math.fma(p.aAt(i, q), b[j * k + q], s);
                        }
                        t[j - j0] = s;
                    }
                }
                for (int j = j0; j < j1; j++) {
                    c[row + j] = pc == 0 ? t[j - j0] : c[row + j] + t[j - j0];
                }
            }
        }
    }
}

package org.jgrad.core.kernels;

/** Plain Java loops: the reference the Vector API kernels are tested against, and the fallback. */
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
            out[oo + i] = (float) Math.exp(a[ao + i]);
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
            out[oo + i] = (float) (1.0 / (1.0 + Math.exp(-a[ao + i])));
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
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += a[ao + i];
        }
        return s;
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
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
            y[yo + i] += alpha * x[xo + i];
        }
    }

    @Override
    public void gemmTile(MatrixProduct p, int i0, int i1, int j0, int j1) {
        float[] b = p.b();
        float[] c = p.c();
        int n = p.n();
        int k = p.k();
        for (int i = i0; i < i1; i++) {
            int row = i * n;
            if (!p.transB()) {
                // row i of C is a combination of rows of B: C[i,:] = sum_q op(A)[i,q] B[q,:]
                java.util.Arrays.fill(c, row + j0, row + j1, 0f);
                for (int q = 0; q < k; q++) {
                    float aiq = p.aAt(i, q);
                    for (int j = j0; j < j1; j++) {
                        c[row + j] += aiq * b[q * n + j];
                    }
                }
            } else {
                // B stored n x k: C[i,j] = op(A)[i,:] . B[j,:]
                for (int j = j0; j < j1; j++) {
                    float s = 0f;
                    for (int q = 0; q < k; q++) {
                        s += p.aAt(i, q) * b[j * k + q];
                    }
                    c[row + j] = s;
                }
            }
        }
    }
}

package org.jgrad.core;

/**
 * Solves {@code A x = b} for a symmetric positive definite {@code A} (n x n, row-major float64) by the Cholesky
 * factorisation {@code A = L L^T}: {@code L_jj = sqrt(A_jj - sum_k<j L_jk^2)},
 * {@code L_ij = (A_ij - sum_k<j L_ik L_jk) / L_jj} for i > j, then two triangular solves {@code L y = b},
 * {@code L^T x = y}. About n^3 / 3 multiply-adds. Newton's method for logistic regression solves its step
 * {@code H d = g} with it.
 */
public final class Cholesky {
    private final int n;
    private final double[] l;

    private Cholesky(int n, double[] l) {
        this.n = n;
        this.l = l;
    }

    /**
     * Factorises {@code a} (not changed).
     *
     * @throws ArithmeticException when {@code a} is not positive definite (a pivot is not positive, within a
     *     relative tolerance of 1e-13 of the largest diagonal entry, or is NaN), naming the pivot
     */
    public static Cholesky factor(double[] a, int n) {
        if (a.length != n * n) {
            throw new IllegalArgumentException("cholesky: expected " + n + " x " + n + " = " + n * n
                    + " values, got " + a.length);
        }
        double largest = 0;
        for (int i = 0; i < n; i++) {
            largest = Math.max(largest, Math.abs(a[i * n + i]));
        }
        double floor = 1e-13 * largest;
        double[] l = new double[n * n];
        for (int j = 0; j < n; j++) {
            double d = a[j * n + j];
            for (int k = 0; k < j; k++) {
                d -= l[j * n + k] * l[j * n + k];
            }
            if (!(d > floor)) {
                throw new ArithmeticException("cholesky: the matrix is not positive definite: pivot " + j + " of "
                        + n + " is " + d + (largest > 0 ? " (largest diagonal entry " + largest + ")" : ""));
            }
            double ljj = Math.sqrt(d);
            l[j * n + j] = ljj;
            for (int i = j + 1; i < n; i++) {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * n + k] * l[j * n + k];
                }
                l[i * n + j] = s / ljj;
            }
        }
        return new Cholesky(n, l);
    }

    /** {@code x} with {@code A x = b}. */
    public double[] solve(double[] b) {
        if (b.length != n) {
            throw new IllegalArgumentException("cholesky solve: expected " + n + " values, got " + b.length);
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i * n + k] * y[k];
            }
            y[i] = s / l[i * n + i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k * n + i] * x[k];
            }
            x[i] = s / l[i * n + i];
        }
        return x;
    }
}

package org.jgrad.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CholeskyTest {
    @Test
    void solvesAKnownSystem() {
        // A = [[4, 2], [2, 3]], b = [2, 1]: det 8, x = A^-1 b = [3*2 - 2*1, -2*2 + 4*1] / 8 = [0.5, 0]
        double[] x = Cholesky.factor(new double[] {4, 2, 2, 3}, 2).solve(new double[] {2, 1});
        assertThat(x[0]).isCloseTo(0.5, within(1e-15));
        assertThat(x[1]).isCloseTo(0.0, within(1e-15));
    }

    @Test
    void solvesRandomSpdSystemsToRoundOff() {
        Random r = new Random(7);
        int n = 30;
        double[] m = new double[n * n];
        for (int i = 0; i < m.length; i++) {
            m[i] = r.nextGaussian();
        }
        double[] a = new double[n * n];   // M M^T + n I is symmetric positive definite
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = i == j ? n : 0;
                for (int k = 0; k < n; k++) {
                    s += m[i * n + k] * m[j * n + k];
                }
                a[i * n + j] = s;
            }
        }
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = r.nextGaussian();
        }
        double[] x = Cholesky.factor(a, n).solve(b);
        for (int i = 0; i < n; i++) {   // the residual A x - b, computed independently
            double s = -b[i];
            for (int j = 0; j < n; j++) {
                s += a[i * n + j] * x[j];
            }
            assertThat(s).isCloseTo(0, within(1e-10));
        }
    }

    @Test
    void aSingularMatrixIsRefusedNamingThePivot() {
        // [[1, 1], [1, 1]]: second pivot 1 - 1 = 0
        assertThatThrownBy(() -> Cholesky.factor(new double[] {1, 1, 1, 1}, 2))
                .isInstanceOf(ArithmeticException.class).hasMessageContaining("not positive definite")
                .hasMessageContaining("pivot 1 of 2");
    }
}

package org.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import org.jgrad.core.DType;
import org.junit.jupiter.api.Test;

/**
 * pow's gradients where the base is 0, against PyTorch 1.13, made by:
 *
 * <pre>
 * import torch
 * torch.set_default_dtype(torch.float64)
 * x = torch.tensor([0.0, -0.0, 0.0, 0.0, 2.0, 0.0], requires_grad=True)
 * p = torch.tensor([0.0, 0.0, 1.0, 2.0, 0.0, 0.5], requires_grad=True)
 * z = x ** p
 * z.backward(torch.ones(6))
 * # z  [1.0, 1.0, 0.0, 0.0, 1.0, 0.0]
 * # dx [0.0, 0.0, 1.0, 0.0, 0.0, inf]
 * # dp [0.0, 0.0, 0.0, 0.0, 0.6931471805599453, 0.0]
 * x2 = torch.tensor([0.0, 1.0, -0.0], requires_grad=True)
 * (x2 ** 0.0).sum().backward()   # x2.grad [0.0, 0.0, 0.0]
 * </pre>
 */
class PowAtZeroTest {
    @Test
    void gradientsAtBaseZeroAreTorchs() {
        Tensor x = Tensor.of(new double[] {0.0, -0.0, 0.0, 0.0, 2.0, 0.0}, DType.FLOAT64, 6).requiresGrad(true);
        Tensor p = Tensor.of(new double[] {0.0, 0.0, 1.0, 2.0, 0.0, 0.5}, DType.FLOAT64, 6).requiresGrad(true);
        Tensor z = x.pow(p);
        z.backward(Tensor.ones(DType.FLOAT64, 6));
        double[] expectedZ = {1.0, 1.0, 0.0, 0.0, 1.0, 0.0};
        double[] expectedDx = {0.0, 0.0, 1.0, 0.0, 0.0, Double.POSITIVE_INFINITY};
        double[] expectedDp = {0.0, 0.0, 0.0, 0.0, 0.6931471805599453, 0.0};
        for (int i = 0; i < 6; i++) {
            assertThat(z.data().get(i)).as("z %d", i).isEqualTo(expectedZ[i]);
            assertThat(x.grad().data().get(i)).as("dx %d", i).isEqualTo(expectedDx[i]);
            assertThat(p.grad().data().get(i)).as("dp %d", i).isEqualTo(expectedDp[i]);
        }
    }

    @Test
    void aConstantZeroExponentGivesZeroGradientEverywhere() {
        Tensor x = Tensor.of(new double[] {0.0, 1.0, -0.0}, DType.FLOAT64, 3).requiresGrad(true);
        x.pow(0.0).sum().backward();
        for (int i = 0; i < 3; i++) {
            assertThat(x.grad().data().get(i)).isEqualTo(0.0);
        }
    }

    @Test
    void powIsDifferentiableTwiceAwayFromZero() {
        // d2/dx2 x^3 = 6x; the exponent rule's own derivative too
        Tensor x = Tensor.of(new double[] {0.5, 1.5}, DType.FLOAT64, 2).requiresGrad(true);
        Tensor y = Tensor.of(new double[] {3.0, 1.7}, DType.FLOAT64, 2).requiresGrad(true);
        GradCheck.gradgradcheck(in -> in[0].pow(in[1]), x, y);
    }
}

package org.jgrad.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.jgrad.core.Convolution;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.autograd.Tensor;
import org.jgrad.models.data.DataLoader;
import org.jgrad.models.data.TensorDataset;
import org.jgrad.models.nn.Cnn;
import org.jgrad.models.nn.CrossEntropyLoss;
import org.jgrad.models.nn.Parameter;
import org.jgrad.models.nn.Sequential;
import org.jgrad.models.optim.Adam;
import org.jgrad.models.optim.Optimizer;
import org.jgrad.models.optim.SGD;
import org.junit.jupiter.api.Test;

/**
 * The command line's CNN schedule (the Fashion-MNIST net, Adam 1e-3, mean cross-entropy, a loader that keeps the last
 * short batch) from the same initial weights and the same batches as PyTorch 1.13 gives PyTorch's losses and
 * weights: nine steps over 20 synthetic 28 x 28 images in batches of 8, 8 and 4, three epochs, unshuffled. Inputs
 * and weights are formulas, so the test needs no data set and no file.
 *
 * <p>Expected values from python3-torch 1.13:
 *
 * <pre>
 * import math, torch
 * nn = torch.nn
 * # 20 images 1 x 28 x 28, pixels (sin(0.37 k) + 1) / 2 for k the flat index; labels (7 n) % 10
 * k = torch.arange(20 * 784, dtype=torch.float64)
 * x = ((torch.sin(0.37 * k) + 1) / 2).float().reshape(20, 1, 28, 28)
 * y = (torch.arange(20) * 7) % 10
 * model = nn.Sequential(nn.Conv2d(1, 16, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
 *                       nn.Conv2d(16, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
 *                       nn.Flatten(), nn.Linear(32 * 7 * 7, 10))
 * # parameter j (in state-dict order), element i: sin(1.3 i + j + 1) / sqrt(fan_in), PyTorch's init bound
 * with torch.no_grad():
 *     for j, (name, p) in enumerate(model.named_parameters()):
 *         fan_in = {"0": 25, "3": 400, "7": 1568}[name.split(".")[0]]
 *         i = torch.arange(p.numel(), dtype=torch.float64)
 *         p.copy_((torch.sin(1.3 * i + j + 1) / math.sqrt(fan_in)).float().reshape(p.shape))
 * opt = torch.optim.Adam(model.parameters(), lr=1e-3)
 * loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=8, shuffle=False)
 * losses = []
 * for epoch in range(3):
 *     for bx, by in loader:
 *         loss = nn.functional.cross_entropy(model(bx), by)
 *         opt.zero_grad(); loss.backward(); opt.step()
 *         losses.append(loss.item())
 * print("losses", ", ".join(f"{v:.7f}" for v in losses))
 * for name, p in model.named_parameters():
 *     print(name, f"sum {p.sum().item():.7f}", f"first {p.flatten()[0].item():.9f}", f"last {p.flatten()[-1].item():.9f}")
 * print("logits0", [round(v, 6) for v in model(x[:1]).flatten().tolist()])
 * </pre>
 *
 * which printed
 *
 * <pre>
 * losses 2.3059506, 2.3548093, 2.6986904, 2.2139316, 2.3145809, 2.3906927, 2.2672927, 2.3304501, 2.2043169
 * 0.weight sum -0.4126091 first 0.166411534 last -0.192548260
 * 0.bias sum 0.1852963 first 0.176353216 last 0.099480674
 * 3.weight sum -21.5336800 first 0.007822337 last -0.030210296
 * 3.bias sum -0.1642748 first -0.043912884 last 0.012630723
 * 7.weight sum -0.7496267 first -0.024895452 last -0.021935163
 * 7.bias sum -0.0014001 first -0.007294333 last -0.021132000
 * logits0 [-0.015373, -0.092815, 0.32604, 0.149478, -0.021156, -0.050757, 0.16868, -0.003802, -0.093108, 0.323592]
 * </pre>
 */
class CnnTrainingMatchesPyTorchTest {
    private static final double[] LOSSES = {2.3059506, 2.3548093, 2.6986904, 2.2139316, 2.3145809, 2.3906927,
        2.2672927, 2.3304501, 2.2043169};
    /** Per parameter: sum, first element, last element after the nine steps. */
    private static final Map<String, double[]> AFTER = Map.of(
            "0.weight", new double[] {-0.4126091, 0.166411534, -0.192548260},
            "0.bias", new double[] {0.1852963, 0.176353216, 0.099480674},
            "3.weight", new double[] {-21.5336800, 0.007822337, -0.030210296},
            "3.bias", new double[] {-0.1642748, -0.043912884, 0.012630723},
            "7.weight", new double[] {-0.7496267, -0.024895452, -0.021935163},
            "7.bias", new double[] {-0.0014001, -0.007294333, -0.021132000});
    private static final double[] LOGITS0 = {-0.015373, -0.092815, 0.32604, 0.149478, -0.021156, -0.050757, 0.16868,
        -0.003802, -0.093108, 0.323592};
    private static final double[] SGD_LOSSES = {2.3059506, 2.4084148, 2.7380409, 2.6984646, 2.4200697, 2.3434663,
        2.4825709, 2.3911192, 2.2776909};
    private static final Map<String, double[]> SGD_AFTER = Map.of(
            "0.weight", new double[] {-0.3588521, 0.157545462, -0.193911031},
            "0.bias", new double[] {0.1268701, 0.156081796, 0.107959226},
            "3.weight", new double[] {-7.8340116, 0.006798417, -0.031761501},
            "3.bias", new double[] {-0.2509963, -0.043539271, 0.009341630},
            "7.weight", new double[] {-0.0247755, -0.026196085, -0.021573003},
            "7.bias", new double[] {-0.0058946, -0.011199841, -0.017535418});
    private static final double[] SGD_LOGITS0 = {-0.237967, -0.238127, 0.321668, 0.390785, -0.235898, -0.243091,
        0.395523, -0.229958, -0.248241, 0.321405};
    private static final Map<String, Integer> FAN_IN = Map.of("0", 25, "3", 400, "7", 1568);

    /**
     * Adam with the column-matrix convolution (PyTorch 1.13's CPU algorithm: im2col and a gemm). On Winograd's tiles
     * (the default for the second convolution) the first eight losses stay within 1.2e-6 of these, but 247 of the
     * 12,800 second-layer weights end up to 1.8e-3 away: their gradients are of rounding size, and Adam's
     * {@code m / sqrt(v)} turns a rounding difference of either sign into a step of its learning rate. SGD, linear
     * in the gradient, keeps the two algorithms' weights within 1.1e-8 of each other; the next test checks
     * Winograd's tiles against PyTorch with it.
     */
    @Test
    void nineAdamStepsGivePyTorchsLossesAndWeights() {
        nineSteps(false, net -> new Adam(net.parameters(), 1e-3), LOSSES, AFTER, LOGITS0);
    }

    /**
     * SGD (lr 0.05) with the second convolution on Winograd's tiles, against the script above with
     * {@code opt = torch.optim.SGD(model.parameters(), lr=0.05)}, which printed
     *
     * <pre>
     * losses 2.3059506, 2.4084148, 2.7380409, 2.6984646, 2.4200697, 2.3434663, 2.4825709, 2.3911192, 2.2776909
     * 0.weight sum -0.3588521 first 0.157545462 last -0.193911031
     * 0.bias sum 0.1268701 first 0.156081796 last 0.107959226
     * 3.weight sum -7.8340116 first 0.006798417 last -0.031761501
     * 3.bias sum -0.2509963 first -0.043539271 last 0.009341630
     * 7.weight sum -0.0247755 first -0.026196085 last -0.021573003
     * 7.bias sum -0.0058946 first -0.011199841 last -0.017535418
     * logits0 [-0.237967, -0.238127, 0.321668, 0.390785, -0.235898, -0.243091, 0.395523, -0.229958, -0.248241, 0.321405]
     * </pre>
     */
    @Test
    void nineSgdStepsOnWinogradsTilesGivePyTorchsLossesAndWeights() {
        nineSteps(true, net -> new SGD(net.parameters(), 0.05), SGD_LOSSES, SGD_AFTER, SGD_LOGITS0);
    }

    /** {@link #nineStepsOf} with the switch {@link Convolution#setWinograd} at {@code winograd}, restored after. */
    private static void nineSteps(boolean winograd, Function<Sequential, Optimizer> optimizer,
            double[] expectedLosses, Map<String, double[]> after, double[] expectedLogits) {
        boolean before = Convolution.winograd();
        Convolution.setWinograd(winograd);
        try {
            nineStepsOf(optimizer, expectedLosses, after, expectedLogits);
        } finally {
            Convolution.setWinograd(before);
        }
    }

    private static void nineStepsOf(Function<Sequential, Optimizer> optimizer, double[] expectedLosses,
            Map<String, double[]> after, double[] expectedLogits) {
        NDArray x = NDArray.zeros(DType.FLOAT32, Shape.of(20, 1, 28, 28));
        for (int k = 0; k < x.size(); k++) {
            x.set(k, (float) ((Math.sin(0.37 * k) + 1) / 2));
        }
        NDArray y = NDArray.zeros(DType.FLOAT32, Shape.of(20, 1));
        for (int n = 0; n < 20; n++) {
            y.set(n, (7 * n) % 10);
        }
        Sequential net = Cnn.of(1, 28, 28, 10, new Random(0));
        int j = 0;
        for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
            NDArray p = e.getValue().data();
            double bound = 1 / Math.sqrt(FAN_IN.get(e.getKey().split("\\.")[0]));
            for (int i = 0; i < p.size(); i++) {
                p.set(i, (float) (Math.sin(1.3 * i + j + 1) * bound));
            }
            j++;
        }
        DataLoader loader = new DataLoader(new TensorDataset(x, y), 8, false, 0, false);
        List<Double> losses = new ArrayList<>();
        new Trainer(net, new CrossEntropyLoss(), optimizer.apply(net)).fit(loader, 3,
                new Trainer.Listener() {
                    @Override
                    public void onBatch(int epoch, int batch, int batches, double loss) {
                        losses.add(loss);
                    }
                });

        assertThat(losses).hasSize(expectedLosses.length);
        for (int s = 0; s < expectedLosses.length; s++) {
            assertThat(losses.get(s)).as("loss of step %d", s + 1).isCloseTo(expectedLosses[s], within(2e-5));
        }
        for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
            NDArray p = e.getValue().data();
            double sum = 0;
            for (int i = 0; i < p.size(); i++) {
                sum += p.get(i);
            }
            double[] expected = after.get(e.getKey());
            // sums of up to 12,800 weights of size 0.03: float32 rounding of PyTorch's sum alone is near 1e-5
            assertThat(sum).as("sum of %s", e.getKey()).isCloseTo(expected[0], within(1e-4));
            assertThat(p.get(0)).as("first of %s", e.getKey()).isCloseTo(expected[1], within(1e-6));
            assertThat(p.get(p.size() - 1)).as("last of %s", e.getKey()).isCloseTo(expected[2], within(1e-6));
        }
        NDArray first = NDArray.zeros(DType.FLOAT32, Shape.of(1, 1, 28, 28));
        first.copyRange(0, x, 0, 784);
        NDArray logits = net.forward(Tensor.of(first)).data();
        for (int c = 0; c < 10; c++) {
            assertThat(logits.get(c)).as("logit %d", c).isCloseTo(expectedLogits[c], within(2e-6));
        }
    }
}

package org.jgrad.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
    private static final Map<String, Integer> FAN_IN = Map.of("0", 25, "3", 400, "7", 1568);

    @Test
    void nineAdamStepsGivePyTorchsLossesAndWeights() {
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
        new Trainer(net, new CrossEntropyLoss(), new Adam(net.parameters(), 1e-3)).fit(loader, 3,
                new Trainer.Listener() {
                    @Override
                    public void onBatch(int epoch, int batch, int batches, double loss) {
                        losses.add(loss);
                    }
                });

        assertThat(losses).hasSize(LOSSES.length);
        for (int s = 0; s < LOSSES.length; s++) {
            assertThat(losses.get(s)).as("loss of step %d", s + 1).isCloseTo(LOSSES[s], within(2e-5));
        }
        for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
            NDArray p = e.getValue().data();
            double sum = 0;
            for (int i = 0; i < p.size(); i++) {
                sum += p.get(i);
            }
            double[] expected = AFTER.get(e.getKey());
            // sums of up to 12,800 weights of size 0.03: float32 rounding of PyTorch's sum alone is near 1e-5
            assertThat(sum).as("sum of %s", e.getKey()).isCloseTo(expected[0], within(1e-4));
            assertThat(p.get(0)).as("first of %s", e.getKey()).isCloseTo(expected[1], within(1e-6));
            assertThat(p.get(p.size() - 1)).as("last of %s", e.getKey()).isCloseTo(expected[2], within(1e-6));
        }
        NDArray first = NDArray.zeros(DType.FLOAT32, Shape.of(1, 1, 28, 28));
        first.copyRange(0, x, 0, 784);
        NDArray logits = net.forward(Tensor.of(first)).data();
        for (int c = 0; c < 10; c++) {
            assertThat(logits.get(c)).as("logit %d", c).isCloseTo(LOGITS0[c], within(2e-6));
        }
    }
}

package org.jgrad.models.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.models.Trainer;
import org.jgrad.models.data.DataLoader;
import org.jgrad.models.data.TensorDataset;
import org.jgrad.models.optim.Adam;
import org.junit.jupiter.api.Test;

/**
 * The convolutional layers as modules: PyTorch's default initialisation bound, output shapes, parameter names of
 * the benchmark net, and a small CNN that learns to tell horizontal from vertical bars.
 */
class ConvolutionalLayersTest {
    @Test
    void conv2dInitialisesWithinOneOverRootFanIn() {
        // kaiming_uniform_(a = sqrt(5)): bound = sqrt(6 / ((1 + 5) fanIn)) = 1 / sqrt(fanIn); fanIn = 16 * 5 * 5 = 400
        Conv2d conv = new Conv2d(16, 32, 5, 1, 2, new Random(1));
        double bound = 1 / Math.sqrt(400);
        double max = 0;
        for (int i = 0; i < conv.weight().size(); i++) {
            max = Math.max(max, Math.abs(conv.weight().data().get(i)));
        }
        // 12800 uniform draws: the largest |w| lies within 0.1% of the bound with overwhelming probability
        assertThat(max).isLessThan(bound).isGreaterThan(0.999 * bound);
        for (int i = 0; i < 32; i++) {
            assertThat(Math.abs(conv.bias().data().get(i))).isLessThan(bound);
        }
        assertThat(conv.toString()).isEqualTo("Conv2d(16, 32, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))");
    }

    @Test
    void theBenchmarkNetHasPyTorchsShapesAndNames() {
        Sequential net = Cnn.of(1, 28, 28, 10, new Random(0));
        assertThat(net.namedParameters().keySet()).containsExactly("0.weight", "0.bias", "3.weight", "3.bias",
                "7.weight", "7.bias");
        assertThat(net.namedParameters().get("7.weight").shape()).isEqualTo(Shape.of(10, 1568));
        Tensor x = Tensor.zeros(5, 1, 28, 28);
        // 28 -> conv (pad 2) 28 -> pool 14 -> conv 14 -> pool 7: 32 * 7 * 7 = 1568 -> 10
        assertThat(net.forward(x).shape()).isEqualTo(Shape.of(5, 10));
        assertThat(new AvgPool2d(3, 2, 1).forward(Tensor.zeros(2, 3, 7, 6)).shape()).isEqualTo(Shape.of(2, 3, 4, 3));
        assertThat(new Flatten(2).forward(Tensor.zeros(2, 3, 4, 5)).shape()).isEqualTo(Shape.of(2, 3, 20));
        assertThatThrownBy(() -> new Conv2d(3, 4, 3, new Random(0)).forward(Tensor.zeros(1, 2, 5, 5)))
                .hasMessage("Conv2d(3, 4): expected input of shape (N, 3, H, W), got (1, 2, 5, 5)");
        assertThatThrownBy(() -> new MaxPool2d(2, 2, 2)).hasMessageContaining("0 <= padding <= kernel_size / 2");
    }

    /** 8 x 8 images of one bright bar, horizontal (label 0) or vertical (label 1), at a random place, plus noise. */
    static TensorDataset bars(int m, long seed) {
        Random r = new Random(seed);
        NDArray x = NDArray.zeros(DType.FLOAT32, Shape.of(m, 1, 8, 8));
        NDArray y = NDArray.zeros(DType.FLOAT32, Shape.of(m));
        for (int i = 0; i < m; i++) {
            boolean vertical = r.nextBoolean();
            int at = r.nextInt(8);
            int from = r.nextInt(3);
            for (int p = 0; p < 64; p++) {
                x.set(i * 64 + p, 0.3 * r.nextGaussian());
            }
            for (int t = from; t < from + 5; t++) {
                x.set(i * 64 + (vertical ? t * 8 + at : at * 8 + t), 1 + 0.3 * r.nextGaussian());
            }
            y.set(i, vertical ? 1 : 0);
        }
        return new TensorDataset(x, y);
    }

    @Test
    void aSmallCnnLearnsBarOrientation() {
        Random random = new Random(3);
        Sequential net = new Sequential(new Conv2d(1, 4, 3, 1, 1, random), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(4 * 4 * 4, 2, random));
        TensorDataset train = bars(256, 1);
        TensorDataset test = bars(200, 2);
        List<Double> losses = new Trainer(net, new CrossEntropyLoss(), new Adam(net.parameters(), 0.01))
                .fit(new DataLoader(train, 32, true, 0, false), 15, Trainer.Listener.NONE);
        // chance is ln 2 = 0.693 at the start; an oriented 3 x 3 filter separates the classes
        assertThat(losses.get(0)).isGreaterThan(0.3);
        assertThat(losses.get(losses.size() - 1)).isLessThan(0.1);
        NDArray logits = net.forward(Tensor.of(test.x())).data();
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            int predicted = logits.get(2 * i + 1) > logits.get(2 * i) ? 1 : 0;
            correct += predicted == (int) test.y().get(i) ? 1 : 0;
        }
        assertThat(correct).isGreaterThanOrEqualTo(194); // 97% of 200 held-out images
    }
}

package org.jgrad.models.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.Test;

/**
 * BatchNorm2d and BatchNorm1d against PyTorch 1.13: a training step's output and input and weight gradients, the
 * running statistics after two training batches (momentum 0.1, unbiased variance), the batch count, and the
 * evaluation output from the running statistics. Printed by (torch 1.13.0, float64; jgrad runs float32):
 *
 * <pre>
 * import torch, math
 * def vals(n, a, b):
 *     return torch.tensor([math.sin(a * i + b) for i in range(n)], dtype=torch.float64)
 * def show(name, t):
 *     print(name, "{" + ", ".join("%.10g" % v for v in t.detach().flatten().tolist()) + "}")
 * for bn, shape in ((torch.nn.BatchNorm2d(3), (4, 3, 2, 2)), (torch.nn.BatchNorm1d(4), (5, 4))):
 *     bn = bn.double()
 *     with torch.no_grad():
 *         bn.weight.copy_(vals(bn.num_features, 1.7, 0.4))
 *         bn.bias.copy_(vals(bn.num_features, 0.6, -1.0))
 *     n = math.prod(shape)
 *     x1 = (3 * vals(n, 0.7, 0.3) + 1).reshape(shape).requires_grad_()
 *     x2 = (2 * vals(n, 1.1, 0.2) - 0.5).reshape(shape)
 *     y1 = bn(x1)
 *     (y1 * vals(n, 0.9, 1.1).reshape(shape)).sum().backward()
 *     bn(x2)
 *     show("y1", y1); show("dx1", x1.grad); show("dw", bn.weight.grad)
 *     show("mean", bn.running_mean); show("var", bn.running_var); print("batches", int(bn.num_batches_tracked))
 *     bn.eval()
 *     show("eval", bn(x2))
 * </pre>
 *
 * (batches printed 2 for both.)
 */
class BatchNormTest {
    private static final double[] B0_Y1 = {
        -0.7765287473, -0.4703552261, -0.3861253389, -0.5634537178, -0.141530893, -0.9533985354, -1.407729623,
        -1.290845146, 0.6314136088, 0.02827032385, -0.445938177, -0.5681842259, -0.5704604242, -0.9283645654,
        -1.292803392, -1.492375629, -1.280902428, -0.6382765403, 0.2136791038, 0.8742764531, -0.5659083902,
        -0.2698144277, 0.2954082353, 0.8639265486, -1.49413027, -1.428592672, -1.134324664, -0.7497250885,
        0.8848153068, 1.029266285, 0.5987755727, -0.204190321, 0.8752390361, 1.170865851, 1.058046919, 0.5898427489,
        -0.740896051, -0.4510577723, -0.3922390216, -0.5921031766, -0.2250784536, -1.017727849, -1.422585608,
        -1.249240801, 0.5758180204, -0.02730724331, -0.4753587245, -0.5576108107
    };
    private static final double[] B0_DX1 = {
        0.1642376676, 0.1685492832, 0.0435490184, -0.1160921327, -0.4056817156, -0.3046071777, 0.01704622656,
        0.3075848432, -0.2402396661, -0.09353291468, 0.1138826861, 0.2132054817, -0.1172872263, 0.04045530024,
        0.1654264189, 0.1627333915, 0.02152435869, -0.2874097354, -0.3830416882, -0.1774861548, -0.1526098439,
        -0.3219077263, -0.2651058278, -0.01108581168, -0.1262288696, -0.1911421725, -0.1139937664, 0.04708800671,
        0.454562006, 0.4470101976, 0.1273299245, -0.2703898246, 0.3385067381, 0.240835684, -0.02065704508,
        -0.2508943114, 0.1605945823, 0.02795187836, -0.1275846029, -0.1882567769, -0.230416431, 0.07548532878,
        0.3131481718, 0.2953416703, -0.02159202593, 0.168929532, 0.2201466787, 0.08211837238
    };
    private static final double[] B0_DW = {
        -0.1012340864, -2.119750301, -2.907407962
    };
    private static final double[] B0_MEAN = {
        0.1083391816, 0.04437927513, 0.023115051
    };
    private static final double[] B0_VAR = {
        1.446389706, 1.413219581, 1.410890021
    };
    private static final double[] B0_EVAL = {
        -0.909792229, -0.4144554569, -0.6010238046, -1.265613935, -2.22778671, -1.584434407, -0.06713082027,
        0.66600292, 0.04355753871, 1.112096592, 1.476906858, 0.7393208486, -0.5589867795, -0.4330175031,
        -0.9686685984, -1.580576393, -2.044093994, -0.7114782049, 0.5411155582, 0.3448431146, 0.681735993,
        1.463215594, 1.157260839, 0.09822145727, -0.3943239956, -0.6866275296, -1.363404431, -1.685067652,
        -1.371465785, 0.1330492839, 0.6346361358, -0.4148432316, 1.236986778, 1.428011472, 0.5700731483,
        -0.3992665391, -0.479731253, -1.076825987, -1.631982188, -1.538520852, -0.4710379345, 0.6212753923,
        0.1771232239, -1.318121505, 1.493743723, 1.020151596, -0.05669111318, -0.5600023386
    };
    private static final double[] B1_Y1 = {
        -0.5893074366, 0.9648720309, -0.4842540013, 0.2791265225, -0.7747142006, -1.495627235, 1.0469488,
        1.53599441, -1.078048598, 0.06769626701, -0.3744380574, 0.02605056212, -0.3210249422, -0.4178011259,
        0.7728840444, 1.614588328, -1.444259747, -1.066231648, 0.03220586881, 0.131020632
    };
    private static final double[] B1_DX1 = {
        0.238913339, -0.001513968045, -0.1763362255, 0.006707322731, -0.2511902657, 0.04479782545, 0.05550346334,
        -0.01211684262, 0.1628910489, -0.05498258759, 0.06386790791, 0.03306525316, -0.08522633207, 0.1305663889,
        -0.1639326407, 0.01314412669, -0.06538779017, -0.1188676587, 0.2208974949, -0.04079985996
    };
    private static final double[] B1_DW = {
        -1.288122688, 2.846308267, -1.738907022, -4.043171134
    };
    private static final double[] B1_MEAN = {
        0.006150848936, 0.08214062192, 0.1190605638, 0.0886411355
    };
    private static final double[] B1_VAR = {
        1.342525056, 1.311156734, 1.658004726, 1.832842709
    };
    private static final double[] B1_EVAL = {
        -0.8780415041, 0.6244968649, -0.1490972337, 1.389740525, -1.679518575, -1.6585402, 0.02324968392,
        -0.0170622213, -0.7345659136, -1.770691205, 1.423400858, 1.298486647, -0.5139188697, 0.5812812407,
        0.3904289828, 1.896666575, -1.594495709, -0.7522446385, -0.3747897692, 0.2134369985
    };
    private static NDArray sines(Shape shape, double scale, double a, double b, double shift) {
        NDArray x = NDArray.zeros(DType.FLOAT32, shape);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, scale * Math.sin(a * i + b) + shift);
        }
        return x;
    }

    private static void check(BatchNorm bn, Shape shape, List<double[]> expected) {
        int c = shape.dim(1);
        bn.weight().data().copyFrom(sines(Shape.of(c), 1, 1.7, 0.4, 0));
        bn.bias().data().copyFrom(sines(Shape.of(c), 1, 0.6, -1.0, 0));
        Tensor x1 = Tensor.of(sines(shape, 3, 0.7, 0.3, 1)).requiresGrad(true);
        Tensor x2 = Tensor.of(sines(shape, 2, 1.1, 0.2, -0.5));
        Tensor y1 = bn.forward(x1);
        y1.mul(Tensor.of(sines(shape, 1, 0.9, 1.1, 0))).sum().backward();
        bn.forward(x2);
        assertValues(y1.data(), expected.get(0), "train output");
        assertValues(x1.grad().data(), expected.get(1), "dx");
        assertValues(bn.weight().grad().data(), expected.get(2), "dweight");
        assertValues(bn.runningMean(), expected.get(3), "running_mean");
        assertValues(bn.runningVar(), expected.get(4), "running_var");
        assertThat(bn.numBatchesTracked()).isEqualTo(2);
        bn.eval();
        assertValues(bn.forward(x2).data(), expected.get(5), "eval output");
        assertThat(bn.stateDict().keySet()).containsExactly("weight", "bias", "running_mean", "running_var",
                "num_batches_tracked");
    }

    private static void assertValues(NDArray got, double[] expected, String what) {
        assertThat(got.size()).as(what + " size").isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(got.get(i)).as("%s %d", what, i).isCloseTo(expected[i], within(2e-5));
        }
    }

    @Test
    void batchNorm2dMatchesPyTorch() {
        check(new BatchNorm2d(3), Shape.of(4, 3, 2, 2), List.of(B0_Y1, B0_DX1, B0_DW, B0_MEAN, B0_VAR, B0_EVAL));
    }

    @Test
    void batchNorm1dMatchesPyTorch() {
        check(new BatchNorm1d(4), Shape.of(5, 4), List.of(B1_Y1, B1_DX1, B1_DW, B1_MEAN, B1_VAR, B1_EVAL));
    }

    @Test
    void stateRoundTripsAndOneValuePerChannelIsRefused() {
        BatchNorm2d a = new BatchNorm2d(2);
        a.forward(Tensor.of(sines(Shape.of(3, 2, 2, 2), 1, 0.3, 0.1, 2)));
        BatchNorm2d b = new BatchNorm2d(2);
        b.loadStateDict(a.stateDict());
        assertThat(b.runningMean().get(1)).isEqualTo(a.runningMean().get(1)).isNotZero();
        assertThat(b.numBatchesTracked()).isEqualTo(1);
        assertThatThrownBy(() -> new BatchNorm1d(3).forward(Tensor.of(sines(Shape.of(1, 3), 1, 1, 0, 0))))
                .hasMessage("BatchNorm1d: expected more than 1 value per channel when training, got input of shape "
                        + "(1, 3)");
    }
}

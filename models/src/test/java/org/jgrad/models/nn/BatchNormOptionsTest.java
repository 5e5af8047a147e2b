package org.jgrad.models.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.jgrad.autograd.Tensor;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.Test;

/**
 * BatchNorm's options against PyTorch 1.13: {@code affine=False} (no weight or bias), {@code track_running_stats=False}
 * (no buffers; evaluation uses the batch's statistics) and {@code momentum=None} with {@code eps=1e-3} (the running
 * statistics are the plain average of the batches): a training step's output and input gradient, the running
 * statistics after three training batches, the state dict's keys and the evaluation output. Printed by (torch 1.13.0,
 * float64; jgrad runs float32):
 *
 * <pre>
 * import torch, math
 * def vals(n, a, b):
 *     return torch.tensor([math.sin(a * i + b) for i in range(n)], dtype=torch.float64)
 * def show(name, t):
 *     print(name, "{" + ", ".join("%.9g" % v for v in t.detach().flatten().tolist()) + "}")
 * F = torch.nn.functional
 * nn = torch.nn
 * # batch norm options
 * for name, bn, shape in (("bn_noaffine", nn.BatchNorm2d(3, affine=False), (4, 3, 2, 2)),
 *                         ("bn_nostats", nn.BatchNorm1d(4, track_running_stats=False), (5, 4)),
 *                         ("bn_cumulative", nn.BatchNorm2d(3, eps=1e-3, momentum=None), (4, 3, 2, 2))):
 *     bn = bn.double()
 *     print(name, bn, list(bn.state_dict().keys()))
 *     if bn.affine:
 *         with torch.no_grad():
 *             bn.weight.copy_(vals(bn.num_features, 1.7, 0.4)); bn.bias.copy_(vals(bn.num_features, 0.6, -1.0))
 *     n = math.prod(shape)
 *     x1 = (3 * vals(n, 0.7, 0.3) + 1).reshape(shape).requires_grad_()
 *     x2 = (2 * vals(n, 1.1, 0.2) - 0.5).reshape(shape)
 *     x3 = (1.5 * vals(n, 0.4, 0.9) + 2).reshape(shape)
 *     y1 = bn(x1)
 *     (y1 * vals(n, 0.9, 1.1).reshape(shape)).sum().backward()
 *     bn(x2); bn(x3)
 *     show(name + "_y1", y1); show(name + "_dx1", x1.grad)
 *     if bn.track_running_stats:
 *         show(name + "_mean", bn.running_mean); show(name + "_var", bn.running_var); print("batches", int(bn.num_batches_tracked))
 *     bn.eval()
 *     show(name + "_eval", bn(x2))
 * </pre>
 *
 * (state dict keys and the batch counts, 3, as printed.)
 */
class BatchNormOptionsTest {
    private static final double[] BN_NOAFFINE_Y1 = {
        0.166767279, 0.953000201, 1.16929686, 0.713929563, 0.287169555, -0.653352726, -1.17968053, -1.04427366,
        -0.707262723, 0.278494418, 1.05352487, 1.25331971, 0.695936814, -0.223136846, -1.15899114, -1.67147916,
        -1.03275534, -0.288294135, 0.698668793, 1.46394935, 1.24960016, 0.76567413, -0.158106819, -1.08727407,
        -1.67598496, -1.50768884, -0.752028468, 0.235597265, 1.47615827, 1.64350004, 1.14479054, 0.214580643,
        -1.10576282, -1.58892536, -1.40453789, -0.639320705, 0.258269637, 1.00255476, 1.15359734, 0.640359688,
        0.190382421, -0.727876146, -1.1968907, -0.996076377, -0.616399159, 0.369328528, 1.10160883, 1.23603888
    };
    private static final double[] BN_NOAFFINE_DX1 = {
        0.421751237, 0.432823175, 0.111830938, -0.298116755, -0.469969084, -0.352877517, 0.0197474995, 0.356327045,
        0.392639647, 0.152867056, -0.18612604, -0.348455883, -0.301185675, 0.103886478, 0.42480387, 0.417888358,
        0.0249352701, -0.332954839, -0.443741348, -0.205611943, 0.249420407, 0.526115183, 0.433280067, 0.0181182785,
        -0.324147211, -0.490840188, -0.292728292, 0.120918821, 0.526595312, 0.517846788, 0.14750758, -0.313237825,
        -0.553244051, -0.393613758, 0.0337611811, 0.410053241, 0.41239604, 0.0717785356, -0.327628643, -0.483430687,
        -0.266929948, 0.0874473004, 0.362771981, 0.342143727, 0.0352892824, -0.276092757, -0.359800342, -0.134211512
    };
    private static final double[] BN_NOAFFINE_MEAN = {
        0.29171323, 0.246648238, 0.226203903
    };
    private static final double[] BN_NOAFFINE_VAR = {
        1.42219532, 1.3902323, 1.39105449
    };
    private static final double[] BN_NOAFFINE_EVAL = {
        -0.330695094, 0.952070135, 0.468917252, -1.25216052, -2.31877209, -1.56733293, 0.204886322, 1.06119072,
        0.0831187417, -1.67567261, -2.27614214, -1.06209209, 0.577779822, 0.904000319, -0.483166228, -2.06781346,
        -2.10421795, -0.547715102, 0.915321565, 0.686074231, -0.967308705, -2.25360663, -1.75001195, -0.00685684429,
        1.00420424, 0.247230739, -1.50540691, -2.3384127, -1.31858436, 0.438697827, 1.02455413, -0.201243759,
        -1.88123906, -2.19566143, -0.783514163, 0.811997258, 0.783026514, -0.763259582, -2.20093817, -1.95890293,
        -0.266879493, 1.00894871, 0.490176441, -1.25627794, -2.30385525, -1.52433321, 0.248125778, 1.07656479
    };
    private static final double[] BN_NOSTATS_Y1 = {
        -0.589307437, 0.964872031, -0.484254001, 0.279126523, -0.774714201, -1.49562724, 1.0469488, 1.53599441,
        -1.0780486, 0.067696267, -0.374438057, 0.0260505621, -0.321024942, -0.417801126, 0.772884044, 1.61458833,
        -1.44425975, -1.06623165, 0.0322058688, 0.131020632
    };
    private static final double[] BN_NOSTATS_DX1 = {
        0.238913339, -0.00151396805, -0.176336226, 0.00670732273, -0.251190266, 0.0447978254, 0.0555034633,
        -0.0121168426, 0.162891049, -0.0549825876, 0.0638679079, 0.0330652532, -0.0852263321, 0.130566389,
        -0.163932641, 0.0131441267, -0.0653877902, -0.118867659, 0.220897495, -0.04079986
    };
    private static final double[] BN_NOSTATS_EVAL = {
        -0.674063444, 0.622803687, -0.199970257, 1.13444065, -1.33806877, -1.27197439, -0.0331052077, -0.219131532,
        -0.555197216, -1.36505271, 1.32251111, 1.04663963, -0.372396213, 0.58693742, 0.322395155, 1.62218564,
        -1.26762928, -0.519805716, -0.418484151, 0.00264606449
    };
    private static final double[] BN_CUMULATIVE_Y1 = {
        -0.776536154, -0.470397551, -0.38617727, -0.563485425, -0.141559133, -0.953334284, -1.40761361, -1.29074245,
        0.631364388, 0.0282897052, -0.445864859, -0.568097003, -0.570491332, -0.928354655, -1.29275192, -1.49230139,
        -1.28080087, -0.638248189, 0.213610396, 0.874132487, -0.565821426, -0.269761142, 0.295397232, 0.863850882,
        -1.49405584, -1.42852571, -1.13429126, -0.749735552, 0.88467014, 1.02910466, 0.598662993, -0.204211423,
        0.875162082, 1.17075527, 1.05794917, 0.589798256, -0.740907521, -0.451102298, -0.392290255, -0.592131616,
        -0.225097176, -1.01765627, -1.42246791, -1.24914285, 0.575775123, -0.0272815405, -0.47528206, -0.557524791
    };
    private static final double[] BN_CUMULATIVE_DX1 = {
        0.164218892, 0.168529804, 0.0435437364, -0.116079085, -0.405639088, -0.304564309, 0.0170590301, 0.307562855,
        -0.240220915, -0.0935189, 0.113882505, 0.213196425, -0.117274038, 0.0404507466, 0.165407865, 0.162715283,
        0.0215348156, -0.287373389, -0.383006784, -0.177484234, -0.152577337, -0.32186183, -0.265077591,
        -0.0110977316, -0.126214022, -0.191119967, -0.113980563, 0.0470825729, 0.454491769, 0.446938729, 0.127301109,
        -0.270361703, 0.338454831, 0.240789029, -0.0206717225, -0.250873525, 0.160576197, 0.0279484201, -0.127570363,
        -0.18823548, -0.230392561, 0.0754858273, 0.313127457, 0.295320474, -0.0215970425, 0.168914795, 0.220134994,
        0.0821240164
    };
    private static final double[] BN_CUMULATIVE_MEAN = {
        1.05979573, 0.854493852, 0.806841184
    };
    private static final double[] BN_CUMULATIVE_VAR = {
        2.67707655, 2.55964239, 2.5618556
    };
    private static final double[] BN_CUMULATIVE_EVAL = {
        -1.11808987, -0.754063173, -0.891173648, -1.37958591, -2.19215376, -1.71420565, -0.586996826, -0.042349844,
        0.383119733, 1.17594312, 1.44662121, 0.899354887, -0.860280324, -0.76770456, -1.16135856, -1.61105417,
        -2.05568796, -1.06568419, -0.135128993, -0.280940307, 0.85662868, 1.43646271, 1.20945361, 0.423678693,
        -0.739268412, -0.954084466, -1.45145287, -1.68784558, -1.5559907, -0.4382825, -0.0656523103, -0.845313289,
        1.26860783, 1.41034232, 0.773778256, 0.0545577746, -0.802034844, -1.24084423, -1.64883268, -1.58014724,
        -0.887060482, -0.0755780418, -0.405539855, -1.51636109, 1.45911365, 1.10772274, 0.308738291, -0.0647032858
    };

    private static NDArray sines(Shape shape, double scale, double a, double b, double shift) {
        NDArray x = NDArray.zeros(DType.FLOAT32, shape);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, scale * Math.sin(a * i + b) + shift);
        }
        return x;
    }

    private static void assertValues(NDArray got, double[] expected, String what) {
        assertThat(got.size()).as(what + " size").isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(got.get(i)).as("%s %d", what, i).isCloseTo(expected[i], within(2e-5));
        }
    }

    /** The script's three training batches, then evaluation on the second; returns the evaluation output. */
    private static NDArray run(BatchNorm bn, Shape shape, double[] y1, double[] dx1) {
        int c = shape.dim(1);
        if (bn.weight() != null) {
            bn.weight().data().copyFrom(sines(Shape.of(c), 1, 1.7, 0.4, 0));
            bn.bias().data().copyFrom(sines(Shape.of(c), 1, 0.6, -1.0, 0));
        }
        Tensor x1 = Tensor.of(sines(shape, 3, 0.7, 0.3, 1)).requiresGrad(true);
        Tensor x2 = Tensor.of(sines(shape, 2, 1.1, 0.2, -0.5));
        Tensor x3 = Tensor.of(sines(shape, 1.5, 0.4, 0.9, 2));
        Tensor y = bn.forward(x1);
        y.mul(Tensor.of(sines(shape, 1, 0.9, 1.1, 0))).sum().backward();
        bn.forward(x2);
        bn.forward(x3);
        assertValues(y.data(), y1, "train output");
        assertValues(x1.grad().data(), dx1, "dx");
        bn.eval();
        return bn.forward(x2).data();
    }

    @Test
    void withoutAffineThereIsNoWeightOrBias() {
        BatchNorm2d bn = new BatchNorm2d(3, BatchNorm.Options.DEFAULT.affine(false));
        assertValues(run(bn, Shape.of(4, 3, 2, 2), BN_NOAFFINE_Y1, BN_NOAFFINE_DX1), BN_NOAFFINE_EVAL, "eval output");
        assertValues(bn.runningMean(), BN_NOAFFINE_MEAN, "running_mean");
        assertValues(bn.runningVar(), BN_NOAFFINE_VAR, "running_var");
        assertThat(bn.numBatchesTracked()).isEqualTo(3);
        assertThat(bn.weight()).isNull();
        assertThat(bn.parameters()).isEmpty();
        assertThat(bn.stateDict().keySet()).containsExactly("running_mean", "running_var", "num_batches_tracked");
        assertThat(bn.toString()).isEqualTo("BatchNorm2d(3, eps=1.0E-5, momentum=0.1, affine=False, "
                + "track_running_stats=True)");
    }

    @Test
    void withoutRunningStatisticsEvaluationUsesTheBatch() {
        BatchNorm1d bn = new BatchNorm1d(4, BatchNorm.Options.DEFAULT.trackRunningStats(false));
        assertValues(run(bn, Shape.of(5, 4), BN_NOSTATS_Y1, BN_NOSTATS_DX1), BN_NOSTATS_EVAL, "eval output");
        assertThat(bn.runningMean()).isNull();
        assertThat(bn.numBatchesTracked()).isZero();
        assertThat(bn.stateDict().keySet()).containsExactly("weight", "bias");
        // batch statistics need two values per channel, in evaluation too (PyTorch refuses the same)
        assertThatThrownBy(() -> bn.forward(Tensor.zeros(1, 4)))
                .hasMessageContaining("expected more than 1 value per channel");
    }

    @Test
    void momentumNoneAveragesEveryBatch() {
        BatchNorm2d bn = new BatchNorm2d(3, BatchNorm.Options.DEFAULT.eps(1e-3).momentum(null));
        assertValues(run(bn, Shape.of(4, 3, 2, 2), BN_CUMULATIVE_Y1, BN_CUMULATIVE_DX1), BN_CUMULATIVE_EVAL,
                "eval output");
        assertValues(bn.runningMean(), BN_CUMULATIVE_MEAN, "running_mean");
        assertValues(bn.runningVar(), BN_CUMULATIVE_VAR, "running_var");
        assertThat(bn.numBatchesTracked()).isEqualTo(3);
        assertThat(bn.stateDict().keySet()).containsExactly("weight", "bias", "running_mean", "running_var",
                "num_batches_tracked");
        assertThat(bn.toString()).isEqualTo("BatchNorm2d(3, eps=0.001, momentum=None, affine=True, "
                + "track_running_stats=True)");
        assertThatThrownBy(() -> new BatchNorm1d(3, BatchNorm.Options.DEFAULT.momentum(1.5)))
                .hasMessageContaining("momentum in [0, 1] (or null)");
    }
}

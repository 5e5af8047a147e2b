package org.jgrad.models.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.Test;

/**
 * The layer options PyTorch users pass, against PyTorch 1.13: Conv2d's {@code dilation} and {@code bias=False},
 * MaxPool2d's and AvgPool2d's {@code ceil_mode} (with a window that starts in the padding, all-negative inputs where a
 * zero would wrongly win, and the case where ceil mode's extra window would start past the input and is dropped), and
 * AvgPool2d's {@code count_include_pad=False}: outputs, and input (and weight) gradients of {@code sum(y * g)}.
 * Printed by (torch 1.13.0, float64; jgrad runs float32):
 *
 * <pre>
 * import torch, math
 * def vals(n, a, b):
 *     return torch.tensor([math.sin(a * i + b) for i in range(n)], dtype=torch.float64)
 * def show(name, t):
 *     print(name, "{" + ", ".join("%.9g" % v for v in t.detach().flatten().tolist()) + "}")
 * F = torch.nn.functional
 * nn = torch.nn
 * # conv: dilation 2, stride 2, padding 1, no bias
 * conv = nn.Conv2d(2, 3, 3, stride=2, padding=1, dilation=2, bias=False).double()
 * print(conv, list(conv.state_dict().keys()))
 * with torch.no_grad():
 *     conv.weight.copy_(vals(3 * 2 * 9, 0.9, 0.2).reshape(3, 2, 3, 3))
 * x = vals(2 * 2 * 7 * 6, 0.7, 0.3).reshape(2, 2, 7, 6).requires_grad_()
 * y = conv(x)
 * (y * vals(y.numel(), 1.3, 0.5).reshape(y.shape)).sum().backward()
 * print("conv shape", tuple(y.shape)); show("conv_y", y); show("conv_dx", x.grad); show("conv_dw", conv.weight.grad)
 * # pooling
 * for name, pool, shape in (("max_ceil", nn.MaxPool2d(3, 2, 1, ceil_mode=True), (1, 2, 7, 6)),
 *                           ("max_ceil_neg", nn.MaxPool2d(2, 2, 0, ceil_mode=True), (1, 2, 5, 5)),
 *                           ("max_ceil_drop", nn.MaxPool2d(2, 2, 1, ceil_mode=True), (1, 1, 5, 5)),
 *                           ("avg_ceil", nn.AvgPool2d(3, 2, 1, ceil_mode=True), (1, 2, 7, 6)),
 *                           ("avg_nopad", nn.AvgPool2d(3, 2, 1, count_include_pad=False), (1, 2, 7, 6)),
 *                           ("avg_ceil_nopad", nn.AvgPool2d(3, 2, 1, ceil_mode=True, count_include_pad=False), (1, 2, 7, 6)),
 *                           ("avg_ceil_drop", nn.AvgPool2d(2, 2, 1, ceil_mode=True), (1, 1, 5, 5))):
 *     n = math.prod(shape)
 *     x = (vals(n, 0.7, 0.3) - (1.5 if "neg" in name else 0)).reshape(shape).requires_grad_()
 *     y = pool(x)
 *     (y * vals(y.numel(), 1.3, 0.5).reshape(y.shape)).sum().backward()
 *     print(name, pool, tuple(y.shape)); show(name + "_y", y); show(name + "_dx", x.grad)
 * </pre>
 */
class ConvAndPoolOptionsTest {
    private static final double[] CONV_Y = {
        0.134408882, -1.97026729, -0.421542332, 2.86198887, 1.48212282, -1.59163231, -0.494223674, 2.17486902,
        1.34753024, -2.38496986, -2.20387446, 0.85403251, 0.736781419, -1.86347217, -1.95380983, 1.34210479,
        2.40274583, 0.0861907902, -0.501250546, 2.06940472, 1.27752118, -1.48221274, -1.2128667, -0.227488556,
        1.51092389, -1.73373835, -2.25003658, 0.459392717, 1.77337371, 0.803601991, -2.16212297, 0.986733851,
        2.68871951, 0.672420536, -1.91313891, -1.18905682
    };
    private static final double[] CONV_DX = {
        0, 0, 0, 0, 0, 0, 0, 3.55985463, 0, 1.69342149, 0, -1.07406648, 0, 0, 0, 0, 0, 0, 0, -5.14300717, 0,
        -4.48658765, 0, 0.342801192, 0, 0, 0, 0, 0, 0, 0, 2.49543512, 0, 3.57559677, 0, 0.655292394, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, -1.51011022, 0, -3.51676472, 0, -1.23428464, 0, 0, 0, 0, 0, 0, 0, -0.344244701, 0,
        4.00745143, 0, 2.60558965, 0, 0, 0, 0, 0, 0, 0, 1.89880903, 0, -1.2085983, 0, -1.84405537, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0.0198167676, 0, 2.85268538, 0, 1.64834646, 0, 0, 0, 0, 0, 0, 0, 2.52613189, 0,
        -2.20603623, 0, -2.73832756, 0, 0, 0, 0, 0, 0, 0, -3.01264937, 0, -0.260648825, 0, 1.56643774, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 3.51202355, 0, 1.47629844, 0, -1.14182642, 0, 0, 0, 0, 0, 0, 0, -5.29092223, 0,
        -4.28839843, 0, 0.503155831, 0, 0, 0, 0, 0, 0, 0, 2.72969347, 0, 3.59303338, 0, 0.568186492, 0, 0, 0, 0, 0, 0
    };
    private static final double[] CONV_DW = {
        1.94681542, 1.72440208, -0.608399278, -1.03130491, -2.62889932, -0.717590021, 0.483071477, 1.52225888,
        1.8047719, -1.66008911, 0.0831732602, 1.93601805, 1.93687505, 1.37992653, -1.98707512, -1.71877394,
        -2.07143386, 0.336169242, 0.130517247, 1.35912768, 0.750547788, 0.512055465, -0.30622686, -1.93267091,
        0.376959179, -0.64007783, 0.634546462, 0.4656533, -1.0610444, 0.804794177, -0.670724076, 1.85427994,
        0.852551452, 0.983919969, -0.405207929, -0.958234808, -1.93273119, -1.57773747, 0.689391521, 1.08656125,
        2.59585412, 0.509033877, -0.442393495, -1.59133022, -1.73629746, 1.71033815, -0.197671454, -1.84917203,
        -2.00925345, -1.17982962, 2.07907467, 1.82494957, 2.02770753, -0.439573166
    };
    private static final double[] MAX_CEIL_Y = {
        0.841470985, 0.99166481, 0.989358247, 0.989358247, 0.859161815, 0.986771964, 0.989358247, 0.989358247,
        0.859161815, 0.986771964, 0.983906695, 0.983906695, 0.87588108, 0.980763248, 0.624377135, -0.326635126,
        0.611155146, 0.374700264, 0.977342512, 0.977342512, 0.891609873, 0.973645456, 0.969673123, 0.969673123,
        0.906330408, 0.965426637, 0.969673123, 0.969673123, 0.906330408, 0.965426637, 0.960907199, 0.960907199
    };
    private static final double[] MAX_CEIL_DX = {
        0, 0.479425539, 0.973847631, 0, 0, 0, 0, 0, 0, 0, 0, -0.182176359, 0, 0, 0, 0, 0, 0, 0, -1.5461218,
        0.298757316, 0, 0, 0, 0, 0, 0, 0, 0, 1.59203649, 0, 0, 0, 0, 0, 0.912945251, 0, -0.382071417, -0.99265938,
        -0.148999026, 0, 0, 0, 0, 0, -0.571925655, 0, -0.876193409, 0.637422596, 0, 0, 0, 0, 0, 0, 0.979357643,
        0.456745972, 0, 0, 0, 0, 0, 0, 0, 0, -2.19394374, 0, 0, 0, 0, 0, 0, 0, -0.436468853, 1.48011664, 0, 0, 0, 0,
        0, 0, 0, 0, 1.01433871
    };
    private static final double[] MAX_CEIL_NEG_Y = {
        -0.658529015, -0.50833519, -1.18845864, -0.510641753, -0.83703077, -0.640838185, -0.513228036, -1.49203682,
        -2.48406501, -0.862577404, -0.632355899, -0.516093305, -1.14094165, -0.519236752, -0.875622865, -0.616129576,
        -0.522657488, -1.54246803
    };
    private static final double[] MAX_CEIL_NEG_DX = {
        0, 0.479425539, 0.973847631, 0, 0, 0, 0, 0, 0, 0.0415806624, 0, -0.951602074, -0.550685543, 0, 0, 0, 0, 0, 0,
        0.656986599, 0.902171834, 0, -0.174326781, 0, -0.995436253, 0, 0, 0, 0.803784427, 0.788252067, -0.358229282,
        0, 0, 0, 0, 0, -0.382071417, 0, -0.99265938, -0.148999026, 0, 0, 0, 0, 0, 0, 0.912945251, 0.637422596, 0,
        -0.571925655
    };
    private static final double[] MAX_CEIL_DROP_Y = {
        0.295520207, 0.99166481, 0.675463181, 0.850436621, 0.989358247, 0.311541364, 0.986771964, 0.65028784,
        0.859161815
    };
    private static final double[] MAX_CEIL_DROP_DX = {
        0.479425539, 0, 0.973847631, 0.0415806624, 0, 0, 0, 0, 0, 0.656986599, -0.951602074, -0.550685543, 0, 0, 0, 0,
        0, 0, 0, -0.995436253, 0.902171834, -0.174326781, 0, 0, 0
    };
    private static final double[] AVG_CEIL_Y = {
        -0.0804437313, 0.173645447, 0.250724687, 0.0629167259, 0.00148845957, -0.00342219903, -0.00479301274,
        -0.00116295299, -0.00400662708, -0.00187504699, 0.00475026432, 0.00319414769, 0.207056747, 0.0926991433,
        -0.248575304, -0.165044835, -0.141196558, -0.277370088, 0.0120524405, 0.113778485, 0.00277425073,
        0.00533061109, -0.000324446724, -0.00223485137, 0.00109979101, -0.00383521528, -0.0045021388, -0.000851771859,
        -0.0535895735, 0.202181852, 0.230627423, 0.0414163831
    };
    private static final double[] AVG_CEIL_DX = {
        0.0532695043, 0.161474797, 0.108205292, 0.112825366, 0.0046200736, -0.153980272, -0.00791777822, 0.173286025,
        0.181203803, 0.286065192, 0.104861388, -0.0827934207, -0.0611872825, 0.0118112285, 0.072998511, 0.173239826,
        0.100241315, 0.0711868513, -0.171791311, -0.138596053, 0.0331952574, 0.222745953, 0.189550696, 0.291871577,
        -0.110604028, -0.150407282, -0.0398032536, 0.0495061271, 0.0893093807, 0.220684725, -0.153056408,
        -0.303155148, -0.15009874, -0.0773448069, 0.0727539334, 0.35628682, -0.0424523797, -0.152747866, -0.110295487,
        -0.126850934, -0.0165554473, 0.135602094, 0.0708247329, 0.00727743789, -0.063547295, -0.168369682,
        -0.104822387, -0.0936210414, 0.179642249, 0.166844506, -0.0127977426, -0.199286754, -0.186489011,
        -0.316949173, 0.108817516, 0.159567068, 0.0507495525, -0.0309170718, -0.0816666242, -0.223328132, 0.139958424,
        0.301809294, 0.16185087, 0.108482283, -0.0533685872, -0.338972996, 0.0311409078, 0.142242226, 0.111101318,
        0.139399355, 0.028298037, -0.115644864, -0.0484965393, 0.115960865, 0.164457405, 0.30093827, 0.136480865,
        -0.000679826497, -0.079637447, -0.0262813603, 0.0533560867, 0.161538915, 0.108182828, 0.114965038
    };
    private static final double[] AVG_NOPAD_Y = {
        -0.180998395, 0.26046817, 0.37608703, 0.00223268936, -0.00342219903, -0.00479301274, -0.00600994062,
        -0.00187504699, 0.00475026432, 0.46587768, 0.139048715, -0.372862956, -0.317692254, -0.416055132,
        0.0180786608, 0.00416137609, 0.00533061109, -0.000324446724, 0.00164968652, -0.00383521528, -0.0045021388,
        -0.12057654, 0.303272778, 0.345941135
    };
    private static final double[] AVG_NOPAD_DX = {
        0.119856385, 0.282164323, 0.162307938, 0.169238049, 0.00693011041, 0.00693011041, -0.038743961, 0.062376695,
        0.101120656, 0.181049277, 0.0799286214, 0.0799286214, -0.158600346, -0.219787628, -0.0611872825, 0.0118112285,
        0.072998511, 0.072998511, -0.00823837336, -0.0887952982, -0.0805569249, -0.118162442, -0.0376055172,
        -0.0376055172, 0.150361972, 0.13099233, -0.0193696424, -0.129973671, -0.110604028, -0.110604028, 0.0608046517,
        0.17539908, 0.114594429, 0.135365745, 0.0207713164, 0.0207713164, -0.0895573206, 0.0444067505, 0.133964071,
        0.265339416, 0.131375345, 0.131375345, -0.0955178543, -0.260961084, -0.16544323, -0.190276401, -0.024833171,
        -0.024833171, 0.0566396875, -0.0379788097, -0.0946184972, -0.182998963, -0.088380466, -0.088380466,
        0.152157542, 0.222982275, 0.0708247329, 0.00727743789, -0.063547295, -0.063547295, -0.0050760385, 0.073216258,
        0.0782922965, 0.123562517, 0.0452702209, 0.0452702209, -0.15723358, -0.149766017, 0.00746756361, 0.11628508,
        0.108817516, 0.108817516, -0.0430470873, -0.15807946, -0.115032373, -0.147876364, -0.0328439917,
        -0.0328439917, 0.114186493, -0.00831344331, -0.122499936, -0.264161444, -0.141661508, -0.141661508
    };
    private static final double[] AVG_CEIL_NOPAD_Y = {
        -0.180998395, 0.26046817, 0.37608703, 0.188750178, 0.00223268936, -0.00342219903, -0.00479301274,
        -0.00232590599, -0.00600994062, -0.00187504699, 0.00475026432, 0.00638829539, 0.46587768, 0.139048715,
        -0.372862956, -0.495134505, -0.317692254, -0.416055132, 0.0180786608, 0.341335455, 0.00416137609,
        0.00533061109, -0.000324446724, -0.00446970274, 0.00164968652, -0.00383521528, -0.0045021388, -0.00170354372,
        -0.12057654, 0.303272778, 0.345941135, 0.124249149
    };
    private static final double[] AVG_CEIL_NOPAD_DX = {
        0.119856385, 0.282164323, 0.162307938, 0.169238049, 0.00693011041, -0.468870927, 0.0280754609, 0.26338191,
        0.235306449, 0.342477875, 0.107171425, -0.426738539, -0.0917809238, -0.0187824128, 0.072998511, 0.173239826,
        0.100241315, 0.0421323878, -0.257686966, -0.224491709, 0.0331952574, 0.222745953, 0.189550696, 0.394192458,
        -0.165906042, -0.205709296, -0.0398032536, 0.0495061271, 0.0893093807, 0.35206007, -0.261423897, -0.46667038,
        -0.205246484, -0.140770274, 0.0644762098, 0.783699524, -0.0955178543, -0.260961084, -0.16544323, -0.190276401,
        -0.024833171, 0.431639454, 0.159355649, 0.0640347065, -0.0953209425, -0.252554523, -0.15723358, -0.123629544,
        0.322581923, 0.278010533, -0.0445713901, -0.283471595, -0.238900205, -0.488619184, 0.163226274, 0.213975826,
        0.0507495525, -0.0309170718, -0.0816666242, -0.36498964, 0.209937635, 0.371788506, 0.16185087, 0.108482283,
        -0.0533685872, -0.624577405, 0.0467113616, 0.157812679, 0.111101318, 0.139399355, 0.028298037, -0.259587766,
        -0.132472894, 0.0586625537, 0.191135448, 0.381707727, 0.19057228, -0.0769668946, -0.179184256, -0.0991501257,
        0.0800341301, 0.242308373, 0.162274243, 0.182620871
    };
    private static final double[] AVG_CEIL_DROP_Y = {
        0.0738800517, 0.458283949, 0.179260961, 0.0596446824, -0.0521643242, -0.165657631, 0.00145893355,
        -0.143857608, -0.108883858
    };
    private static final double[] AVG_CEIL_DROP_DX = {
        0.119856385, 0.243461908, 0.243461908, 0.0103951656, 0.0103951656, -0.237900518, -0.137671386, -0.137671386,
        0.16424665, 0.16424665, -0.237900518, -0.137671386, -0.137671386, 0.16424665, 0.16424665, 0.225542958,
        -0.0435816953, -0.0435816953, -0.248859063, -0.248859063, 0.225542958, -0.0435816953, -0.0435816953,
        -0.248859063, -0.248859063
    };

    /** {@code scale sin(a i + b) + shift} in float32, as the script's {@code vals}. */
    private static NDArray sines(Shape shape, double a, double b, double shift) {
        NDArray x = NDArray.zeros(DType.FLOAT32, shape);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, Math.sin(a * i + b) + shift);
        }
        return x;
    }

    private static void assertValues(NDArray got, double[] expected, String what) {
        assertThat(got.size()).as(what + " size").isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(got.get(i)).as("%s %d", what, i).isCloseTo(expected[i], within(2e-6));
        }
    }

    /** Runs {@code layer} on the script's input, backpropagates {@code sum(y * g)}, checks y and dx. */
    private static Tensor check(Module layer, Shape in, double shift, Shape out, double[] y, double[] dx) {
        Tensor x = Tensor.of(sines(in, 0.7, 0.3, shift)).requiresGrad(true);
        Tensor result = layer.forward(x);
        assertThat(result.shape()).isEqualTo(out);
        result.mul(Tensor.of(sines(out, 1.3, 0.5, 0))).sum().backward();
        assertValues(result.data(), y, layer + " output");
        assertValues(x.grad().data(), dx, layer + " dx");
        return x;
    }

    @Test
    void conv2dWithDilationAndNoBias() {
        Conv2d conv = new Conv2d(2, 3, 3, Conv2d.Options.DEFAULT.stride(2).padding(1).dilation(2).bias(false),
                new Random(0));
        conv.weight().data().copyFrom(sines(Shape.of(3, 2, 3, 3), 0.9, 0.2, 0));
        check(conv, Shape.of(2, 2, 7, 6), 0, Shape.of(2, 3, 3, 2), CONV_Y, CONV_DX);
        assertValues(conv.weight().grad().data(), CONV_DW, "dweight");
        assertThat(conv.bias()).isNull();
        assertThat(conv.stateDict().keySet()).containsExactly("weight");
        assertThat(conv.toString()).isEqualTo("Conv2d(2, 3, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), "
                + "dilation=(2, 2), bias=False)");
        assertThat(new Conv2d(2, 3, 3, new Random(0)).toString())
                .isEqualTo("Conv2d(2, 3, kernel_size=(3, 3), stride=(1, 1))");
    }

    @Test
    void conv2dWithoutBiasDrawsOnlyTheWeight() {
        // the same generator: a biased layer's weight is the unbiased one's, and the next draw is the bias's first
        Random a = new Random(5);
        Random b = new Random(5);
        Conv2d plain = new Conv2d(2, 3, 3, Conv2d.Options.DEFAULT.bias(false), a);
        Conv2d biased = new Conv2d(2, 3, 3, Conv2d.Options.DEFAULT, b);
        for (int i = 0; i < plain.weight().size(); i++) {
            assertThat(plain.weight().data().get(i)).isEqualTo(biased.weight().data().get(i));
        }
        double bound = 1 / Math.sqrt(2 * 3 * 3);
        assertThat((float) (-bound + 2 * bound * a.nextDouble())).isEqualTo((float) biased.bias().data().get(0));
        assertThatThrownBy(() -> new Conv2d(2, 3, 3, Conv2d.Options.DEFAULT.dilation(0), a))
                .hasMessageContaining("dilation=0");
        // dilation 3 spreads a 3 x 3 kernel over 7 x 7: a 6 x 6 input is too small
        assertThatThrownBy(() -> new Conv2d(1, 1, 3, Conv2d.Options.DEFAULT.dilation(3), a)
                .forward(Tensor.zeros(1, 1, 6, 6))).hasMessageContaining("larger than the padded input");
    }

    @Test
    void maxPoolCeilMode() {
        check(new MaxPool2d(3, 2, 1, true), Shape.of(1, 2, 7, 6), 0, Shape.of(1, 2, 4, 4), MAX_CEIL_Y, MAX_CEIL_DX);
        check(new MaxPool2d(2, 2, 0, true), Shape.of(1, 2, 5, 5), -1.5, Shape.of(1, 2, 3, 3), MAX_CEIL_NEG_Y,
                MAX_CEIL_NEG_DX);
        // 5 + 2 - 2 = 5: ceil(5 / 2) + 1 = 4 windows, but the 4th would start at 6 >= 5 + 1, past the input: 3
        check(new MaxPool2d(2, 2, 1, true), Shape.of(1, 1, 5, 5), 0, Shape.of(1, 1, 3, 3), MAX_CEIL_DROP_Y,
                MAX_CEIL_DROP_DX);
        assertThat(new MaxPool2d(2, 2, 0, true).toString())
                .isEqualTo("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=True)");
    }

    @Test
    void avgPoolCeilModeAndCountIncludePad() {
        check(new AvgPool2d(3, 2, 1, true, true), Shape.of(1, 2, 7, 6), 0, Shape.of(1, 2, 4, 4), AVG_CEIL_Y,
                AVG_CEIL_DX);
        check(new AvgPool2d(3, 2, 1, false, false), Shape.of(1, 2, 7, 6), 0, Shape.of(1, 2, 4, 3), AVG_NOPAD_Y,
                AVG_NOPAD_DX);
        check(new AvgPool2d(3, 2, 1, true, false), Shape.of(1, 2, 7, 6), 0, Shape.of(1, 2, 4, 4), AVG_CEIL_NOPAD_Y,
                AVG_CEIL_NOPAD_DX);
        check(new AvgPool2d(2, 2, 1, true, true), Shape.of(1, 1, 5, 5), 0, Shape.of(1, 1, 3, 3), AVG_CEIL_DROP_Y,
                AVG_CEIL_DROP_DX);
        assertThat(new AvgPool2d(3, 2, 1, true, false).toString())
                .isEqualTo("AvgPool2d(kernel_size=3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)");
    }

    @Test
    void ceilModeAndExcludedPaddingAreTwiceDifferentiable() {
        // float64 inputs far apart (no two within 1e-6 of a tie), so max pooling's arg-max does not move under eps
        NDArray x = NDArray.zeros(DType.FLOAT64, Shape.of(1, 2, 5, 5));
        for (int i = 0; i < x.size(); i++) {
            x.set(i, Math.sin(0.7 * i + 0.3) + 0.01 * i);
        }
        for (Module pool : new Module[] {new MaxPool2d(2, 2, 0, true), new AvgPool2d(3, 2, 1, true, false),
            new AvgPool2d(2, 2, 1, true, true)}) {
            Tensor in = Tensor.of(x.copy()).requiresGrad(true);
            org.jgrad.autograd.GradCheck.check(t -> pool.forward(t[0]), in);
            org.jgrad.autograd.GradCheck.gradgradcheck(t -> pool.forward(t[0]), in);
        }
    }
}

package org.jgrad.models.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Iterator;
import java.util.Map;
import java.util.stream.IntStream;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.models.data.DataLoader;
import org.jgrad.models.data.TensorDataset;
import org.jgrad.models.data.TorchGenerator;
import org.junit.jupiter.api.Test;

/**
 * With a {@link TorchGenerator}, layers start where PyTorch's start after {@code torch.manual_seed}, and a
 * {@link DataLoader} given the same generator draws PyTorch's next {@code torch.randperm}. Expected values from
 * PyTorch 1.13 (x86-64), printed by this script with /usr/bin/python3:
 *
 * <pre>
 * import torch, struct
 * def bits32(v): return struct.unpack('&lt;I', struct.pack('&lt;f', v))[0]
 * def show(name, model):
 *     torch.manual_seed(42)
 *     m = model()
 *     for k, v in m.state_dict().items():
 *         f = v.flatten().tolist()
 *         d = v.double()
 *         print(name, k, [hex(bits32(x)) for x in f[:3]], hex(bits32(f[-1])), repr(d.sum().item()),
 *               repr((d * d).sum().item()))
 *     p = torch.randperm(60000)
 *     print(name, "first batch", p[:64].tolist(), "second epoch starts", torch.randperm(60000)[:5].tolist())
 * nn = torch.nn
 * show("cnn", lambda: nn.Sequential(nn.Conv2d(1, 16, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
 *      nn.Conv2d(16, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(32 * 7 * 7, 10)))
 * show("mlp", lambda: nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10)))
 * </pre>
 */
class TorchSeedInitTest {

    /** name, first three and last value (float32 bits), float64 sum, float64 sum of squares. */
    private record Expected(String name, int[] bits, int lastBits, double sum, double sumOfSquares) {
    }

    @Test
    void cnnStartsAsTorchManualSeed42() {
        TorchGenerator g = new TorchGenerator(42);
        Sequential cnn = Cnn.of(1, 28, 28, 10, g);
        assertParameters(cnn.namedParameters(),
                // cnn 0.weight ['0x3e1c93d7', '0x3e29fc52', '0xbd3fea80'] 0xbdbd1e00 -4.583551532297861
                // 5.485043262806815
                new Expected("0.weight", new int[] {0x3e1c93d7, 0x3e29fc52, 0xbd3fea80}, 0xbdbd1e00,
                        -4.583551532297861, 5.485043262806815),
                // cnn 0.bias ['0xbd6535d3', '0x3e0a50b8', '0x3c8283b3'] 0xbdc64ae7 -0.279634615406394
                // 0.19608956063374444
                new Expected("0.bias", new int[] {0xbd6535d3, 0x3e0a50b8, 0x3c8283b3}, 0xbdc64ae7,
                        -0.279634615406394, 0.19608956063374444),
                // cnn 3.weight ['0xbca74eda', '0x3c968b6a', '0xbd087402'] 0xbca5aec3 0.0223416760826467
                // 10.631213255915167
                new Expected("3.weight", new int[] {0xbca74eda, 0x3c968b6a, 0xbd087402}, 0xbca5aec3,
                        0.0223416760826467, 10.631213255915167),
                // cnn 3.bias ['0x3cd69c4a', '0xbd0539ef', '0x3d3376aa'] 0xbc2ae19a -0.2032152062165551
                // 0.028726239301106033
                new Expected("3.bias", new int[] {0x3cd69c4a, 0xbd0539ef, 0x3d3376aa}, 0xbc2ae19a,
                        -0.2032152062165551, 0.028726239301106033),
                // cnn 7.weight ['0x37894125', '0xbccb6ff3', '0x3cba0878'] 0xbc6dadb8 0.3400637590443125
                // 3.3553265485858645
                new Expected("7.weight", new int[] {0x37894125, 0xbccb6ff3, 0x3cba0878}, 0xbc6dadb8,
                        0.3400637590443125, 3.3553265485858645),
                // cnn 7.bias ['0xbc3cb2c8', '0x3cc9d292', '0xbc8e9726'] 0xbc913335 -0.02143175434321165
                // 0.003360481150005851
                new Expected("7.bias", new int[] {0xbc3cb2c8, 0x3cc9d292, 0xbc8e9726}, 0xbc913335,
                        -0.02143175434321165, 0.003360481150005851));
        // cnn first batch [4661, 8787, 6582, 42524, ...] second epoch starts [7888, 32891, 39697, 9240, 13349]
        assertEpochs(g, new int[] {4661, 8787, 6582, 42524, 16838, 43597, 18813, 41339, 36381, 59230, 51743, 1498,
            4293, 7036, 21703, 30902, 46958, 42914, 3336, 40444, 31943, 8456, 42851, 48132, 8961, 30191, 15799, 285,
            35687, 29053, 39602, 16451, 40202, 50785, 4702, 1387, 4480, 48454, 13037, 56253, 55855, 19205, 5343, 11075,
            575, 38029, 24431, 22489, 52898, 19922, 39114, 2010, 50244, 3809, 32489, 50415, 13229, 29399, 46975, 38528,
            52323, 58466, 22038, 30623}, new int[] {7888, 32891, 39697, 9240, 13349});
    }

    @Test
    void mlpStartsAsTorchManualSeed42() {
        TorchGenerator g = new TorchGenerator(42);
        Sequential mlp = Mlp.of(new int[] {784, 128, 10}, "relu", g);
        assertParameters(mlp.namedParameters(),
                // mlp 0.weight ['0x3cdfaea1', '0x3cf2d62c', '0xbc091537'] 0x3b87af2e 7.146605176824266
                // 42.73971566177184
                new Expected("0.weight", new int[] {0x3cdfaea1, 0x3cf2d62c, 0xbc091537}, 0x3b87af2e,
                        7.146605176824266, 42.73971566177184),
                // mlp 0.bias ['0xba63764a', '0x3cd93115', '0x3cc6806c'] 0xbc1372d3 -0.06697419049669406
                // 0.055573089463601205
                new Expected("0.bias", new int[] {0xba63764a, 0x3cd93115, 0x3cc6806c}, 0xbc1372d3,
                        -0.06697419049669406, 0.055573089463601205),
                // mlp 2.weight ['0x3d8efda1', '0x3ce78676', '0x3d98c876'] 0xbd9368f4 0.6081591471520369
                // 3.240272722221551
                new Expected("2.weight", new int[] {0x3d8efda1, 0x3ce78676, 0x3d98c876}, 0xbd9368f4,
                        0.6081591471520369, 3.240272722221551),
                // mlp 2.bias ['0x3cc6efb5', '0xbd6799aa', '0xbd1d1296'] 0x3c92626d -0.09774142876267433
                // 0.023037281413035966
                new Expected("2.bias", new int[] {0x3cc6efb5, 0xbd6799aa, 0xbd1d1296}, 0x3c92626d,
                        -0.09774142876267433, 0.023037281413035966));
        // mlp first batch [3876, 26039, 28277, 7851, ...] second epoch starts [43124, 27142, 55318, 14976, 11994]
        assertEpochs(g, new int[] {3876, 26039, 28277, 7851, 347, 8394, 25096, 34352, 24954, 57472, 23731, 55399,
            28871, 7351, 9364, 18265, 21700, 52926, 25367, 50540, 13816, 52851, 55164, 28317, 30682, 42943, 5904, 55603,
            25360, 28169, 16827, 30082, 21282, 2965, 57957, 49390, 26920, 59895, 46980, 41768, 29645, 30822, 49828,
            32865, 40403, 44253, 50675, 55049, 23007, 42886, 28181, 40145, 4598, 2430, 9624, 10758, 58242, 18279,
            56701, 26874, 11304, 36309, 11585, 51633}, new int[] {43124, 27142, 55318, 14976, 11994});
    }

    private static void assertParameters(Map<String, Parameter> params, Expected... expected) {
        assertThat(params.keySet()).containsExactly(java.util.Arrays.stream(expected).map(Expected::name)
                .toArray(String[]::new));
        for (Expected e : expected) {
            NDArray d = params.get(e.name()).data();
            int n = d.size();
            int[] bits = IntStream.range(0, 3).map(i -> Float.floatToRawIntBits((float) d.get(i))).toArray();
            assertThat(bits).as(e.name()).containsExactly(e.bits());
            assertThat(Float.floatToRawIntBits((float) d.get(n - 1))).as(e.name()).isEqualTo(e.lastBits());
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                sum += d.get(i);
                squares += d.get(i) * d.get(i);
            }
            // the same float32 values summed in another order (PyTorch's is pairwise) agree to about 1e-12 for these
            // 10 to 100352 terms; one element 1 ulp off (at least 2^-32, 2e-10, for |w| >= 2^-9) would move the
            // sum by more than the tolerance (the first and last values are compared bit for bit above)
            assertThat(sum).as(e.name() + " sum").isCloseTo(e.sum(), within(1e-10));
            assertThat(squares).as(e.name() + " sum of squares").isCloseTo(e.sumOfSquares(), within(1e-10));
        }
    }

    /** A loader over 60000 rows whose feature is the row's index, shuffled by {@code g}: batches show the order. */
    private static void assertEpochs(TorchGenerator g, int[] firstBatch, int[] secondEpochStart) {
        NDArray index = NDArray.zeros(org.jgrad.core.DType.FLOAT32, Shape.of(60000, 1));
        for (int i = 0; i < 60000; i++) {
            index.set(i, i);
        }
        DataLoader loader = new DataLoader(new TensorDataset(index, index), 64, true, g, false);
        Iterator<DataLoader.Batch> epoch1 = loader.iterator();
        NDArray first = epoch1.next().x().data();
        assertThat(IntStream.range(0, 64).map(i -> (int) first.get(i)).toArray()).containsExactly(firstBatch);
        NDArray second = loader.iterator().next().x().data();
        assertThat(IntStream.range(0, 5).map(i -> (int) second.get(i)).toArray()).containsExactly(secondEpochStart);
    }
}

package org.jgrad.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.Test;

/**
 * Expected values from PyTorch 1.13 on x86-64 (AVX2), printed by this script with /usr/bin/python3:
 *
 * <pre>
 * import torch, struct
 * def bits32(v): return struct.unpack('&lt;I', struct.pack('&lt;f', v))[0]
 * def bits64(v): return struct.unpack('&lt;q', struct.pack('&lt;d', v))[0]
 * def wrap(x): x &amp;= (1 &lt;&lt; 64) - 1; return x - (1 &lt;&lt; 64) if x &gt;= 1 &lt;&lt; 63 else x
 * torch.manual_seed(42); print("int32 random_", torch.empty(6, dtype=torch.int32).random_().tolist())
 * torch.manual_seed(42); print("int64 random_", torch.empty(3, dtype=torch.int64).random_().tolist())
 * torch.manual_seed(2**40 + 7); print("seed 2^40+7 int32", torch.empty(3, dtype=torch.int32).random_().tolist())
 * for seed, dtype, a, b in [(42, torch.float32, -0.2, 0.3), (7, torch.float32, -0.0357142857142857, 0.0357142857142857),
 *                           (0, torch.float32, -3.7, 1000.0), (42, torch.float64, -0.2, 0.3),
 *                           (7, torch.float64, 1e-3, 2e-3), (0, torch.float64, -3.7, 1000.0)]:
 *     torch.manual_seed(seed)
 *     u = torch.empty(10000, dtype=dtype).uniform_(a, b).tolist()
 *     f = bits32 if dtype == torch.float32 else bits64
 *     print("uniform", seed, dtype, repr(a), repr(b), [hex(f(v) &amp; (2**64 - 1)) for v in u[:3]],
 *           wrap(sum(f(v) for v in u)))
 * for n in [10, 1000, 60000]:
 *     torch.manual_seed(42); p = torch.randperm(n).tolist()
 *     print("randperm", n, p[:10], p[-3:], sum(i * v for i, v in enumerate(p)))
 * </pre>
 *
 * An int32 tensor's {@code random_()} is {@code random() mod 2^31} and an int64 tensor's {@code random64() mod 2^63}
 * (PyTorch's {@code random_kernel}), which is how the raw outputs are read from Python. Beyond these tests, 13
 * million {@code uniform_} draws (float32 and float64, 13 ranges) and {@code torch.randperm(123457)} from seed 99
 * were compared bit for bit with this class while writing it, with no difference.
 */
class TorchGeneratorTest {

    @Test
    void randomIsTheMersenneTwisterSeededAsTorchManualSeed() {
        // int32 random_ [1608637542, 1273642419, 1935803228, 787846414, 996406378, 1201263687]
        TorchGenerator g = new TorchGenerator(42);
        long[] low31 = IntStream.range(0, 6).mapToLong(i -> g.random() % (1L << 31)).toArray();
        assertThat(low31).containsExactly(1608637542, 1273642419, 1935803228, 787846414, 996406378, 1201263687);
        // NumPy's RandomState(42) is the same twister: its first raw output is 0x5fe1dc66 = 1608637542 + 0 * 2^31
        assertThat(new TorchGenerator(42).random()).isEqualTo(0x5fe1dc66L);
        // seed 2^40+7 int32 [327741615, 976413892, 1202242073]: only the low 32 bits seed the twister
        TorchGenerator big = new TorchGenerator((1L << 40) + 7);
        assertThat(big.random() % (1L << 31)).isEqualTo(327741615);
        assertThat(big.random() % (1L << 31)).isEqualTo(976413892);
        assertThat(big.random() % (1L << 31)).isEqualTo(1202242073);
        assertThat(big.initialSeed()).isEqualTo((1L << 40) + 7);
    }

    @Test
    void random64PutsTheFirstOutputHigh() {
        // int64 random_ [6909045637428952499, 8314211556539077902, 4279532810384561223]
        TorchGenerator g = new TorchGenerator(42);
        assertThat(g.random64() & Long.MAX_VALUE).isEqualTo(6909045637428952499L);
        assertThat(g.random64() & Long.MAX_VALUE).isEqualTo(8314211556539077902L);
        assertThat(g.random64() & Long.MAX_VALUE).isEqualTo(4279532810384561223L);
    }

    @Test
    void float32UniformIsTorchsBitForBit() {
        // uniform 42 torch.float32 -0.2 0.3 ['0x3e76ebff', '0x3e83d74c', '0xbc0c6150'] 18994538926665
        assertFloat32(42, -0.2, 0.3, new int[] {0x3e76ebff, 0x3e83d74c, 0xbc0c6150}, 18994538926665L);
        // uniform 7 torch.float32 -0.0357142857142857 0.0357142857142857 ['0x3b237a37', '0xbcb03e41', '0x3c3a52bc']
        // 20949410200953 (a range where an unfused multiply-add would differ in about half the draws)
        assertFloat32(7, -0.0357142857142857, 0.0357142857142857, new int[] {0x3b237a37, 0xbcb03e41, 0x3c3a52bc},
                20949410200953L);
        // uniform 0 torch.float32 -3.7 1000.0 ['0x43f73245', '0x443fd74f', '0x42aa35a8'] 11476074558206
        assertFloat32(0, -3.7, 1000.0, new int[] {0x43f73245, 0x443fd74f, 0x42aa35a8}, 11476074558206L);
    }

    @Test
    void float64UniformIsTorchsBitForBit() {
        // uniform 42 torch.float64 -0.2 0.3 ['0xbfc5e0cc01c51e34', '0xbfc592e13bae6f7e', '0xbfc1b0c40a65f10c']
        // -7471017018705580934
        assertFloat64(42, -0.2, 0.3, new long[] {0xbfc5e0cc01c51e34L, 0xbfc592e13bae6f7eL, 0xbfc1b0c40a65f10cL},
                -7471017018705580934L);
        // uniform 7 torch.float64 0.001 0.002 ['0x3f54f61c46c1fe58', '0x3f54de423618a8f1', '0x3f5e822f17c50691']
        // 8367134939014775919
        assertFloat64(7, 1e-3, 2e-3, new long[] {0x3f54f61c46c1fe58L, 0x3f54de423618a8f1L, 0x3f5e822f17c50691L},
                8367134939014775919L);
        // uniform 0 torch.float64 -3.7 1000.0 ['0x408e4f899f0f3db6', '0x408615e90edf546b', '0x407c961f601c2993']
        // -5901252304446433295
        assertFloat64(0, -3.7, 1000.0, new long[] {0x408e4f899f0f3db6L, 0x408615e90edf546bL, 0x407c961f601c2993L},
                -5901252304446433295L);
    }

    private static void assertFloat32(long seed, double from, double to, int[] first, long bitSum) {
        NDArray a = NDArray.zeros(DType.FLOAT32, Shape.of(10000));
        new TorchGenerator(seed).uniform(a, from, to);
        int[] bits = IntStream.range(0, a.size()).map(i -> Float.floatToRawIntBits((float) a.get(i))).toArray();
        assertThat(Arrays.copyOf(bits, 3)).containsExactly(first);
        assertThat(Arrays.stream(bits).mapToLong(b -> b & 0xffffffffL).sum()).isEqualTo(bitSum);
    }

    private static void assertFloat64(long seed, double from, double to, long[] first, long bitSum) {
        NDArray a = NDArray.zeros(DType.FLOAT64, Shape.of(10000));
        new TorchGenerator(seed).uniform(a, from, to);
        long[] bits = IntStream.range(0, a.size()).mapToLong(i -> Double.doubleToRawLongBits(a.get(i))).toArray();
        assertThat(Arrays.copyOf(bits, 3)).containsExactly(first);
        assertThat(Arrays.stream(bits).sum()).isEqualTo(bitSum); // wraps modulo 2^64, as the script's wrap()
    }

    @Test
    void randpermIsTorchsRandperm() {
        // randperm 10 [2, 6, 1, 8, 4, 5, 0, 9, 3, 7] [9, 3, 7] 223
        assertThat(new TorchGenerator(42).randperm(10)).containsExactly(2, 6, 1, 8, 4, 5, 0, 9, 3, 7);
        // randperm 1000 [542, 618, 816, 68, 94, 215, 60, 585, 942, 165] [638, 96, 455] 250882558
        assertPermutation(1000, new int[] {542, 618, 816, 68, 94, 215, 60, 585, 942, 165}, new int[] {638, 96, 455},
                250882558L);
        // randperm 60000 [37542, 43087, 2992, 25810, 39634, 6425, 55768, 11034, 44310, 44384] [28045, 16929, 22100]
        // 53966354288704
        assertPermutation(60000, new int[] {37542, 43087, 2992, 25810, 39634, 6425, 55768, 11034, 44310, 44384},
                new int[] {28045, 16929, 22100}, 53966354288704L);
    }

    private static void assertPermutation(int n, int[] first, int[] last, long weightedSum) {
        TorchGenerator g = new TorchGenerator(42);
        int[] p = g.randperm(n);
        assertThat(Arrays.copyOf(p, first.length)).containsExactly(first);
        assertThat(Arrays.copyOfRange(p, n - last.length, n)).containsExactly(last);
        assertThat(IntStream.range(0, n).mapToLong(i -> (long) i * p[i]).sum()).isEqualTo(weightedSum);
        assertThat(g.state()).as("randperm(n) draws n - 1 outputs").isEqualTo(n - 1);
    }

    @Test
    void randomsMethodsDrawFromTheSameStream() {
        TorchGenerator g = new TorchGenerator(42);
        TorchGenerator h = new TorchGenerator(42);
        // next(bits) is the top bits of one output; nextInt() is next(32), the output itself as an int
        assertThat(g.nextInt()).isEqualTo((int) h.random());
        assertThat(g.nextBoolean()).isEqualTo(h.random() >>> 31 == 1);
        assertThat(g.state()).isEqualTo(2);
    }

    @Test
    void stateCountsDrawsAndSetStateReplaysFromTheSeed() {
        TorchGenerator g = new TorchGenerator(5);
        NDArray init = NDArray.zeros(DType.FLOAT32, Shape.of(1000));
        g.uniform(init, -1, 1);
        g.random64();
        assertThat(g.state()).isEqualTo(1002);
        int[] next = g.randperm(700);
        long after = g.state();
        long more = g.random();

        g.setState(1002);
        assertThat(g.randperm(700)).containsExactly(next);
        g.setState(0);
        g.setState(after);
        assertThat(g.random()).isEqualTo(more);
        // a state past several twists of the 624-word table
        TorchGenerator fresh = new TorchGenerator(5);
        for (int i = 0; i < 5000; i++) {
            fresh.random();
        }
        g.setState(5000);
        assertThat(g.random()).isEqualTo(fresh.random());
    }

    @Test
    void setSeedIsManualSeed() {
        TorchGenerator g = new TorchGenerator(1);
        g.randperm(50);
        g.setSeed(42);
        assertThat(g.state()).isZero();
        assertThat(g.randperm(10)).containsExactly(2, 6, 1, 8, 4, 5, 0, 9, 3, 7);
    }

    @Test
    void badArgumentsSayWhatWasExpected() {
        TorchGenerator g = new TorchGenerator(0);
        NDArray a = NDArray.zeros(DType.FLOAT32, Shape.of(2));
        assertThatThrownBy(() -> g.uniform(a, 1, 0)).hasMessageContaining("from <= to, got from 1.0 and to 0.0");
        assertThatThrownBy(() -> g.uniform(a, 0, Double.NaN)).hasMessageContaining("from <= to");
        assertThatThrownBy(() -> g.randperm(-1)).hasMessageContaining("expected n >= 0, got -1");
        assertThatThrownBy(() -> g.setState(-1)).hasMessageContaining("got -1");
        assertThat(g.randperm(0)).isEmpty();
        assertThat(g.randperm(1)).containsExactly(0);
        assertThat(g.state()).isZero();
    }
}

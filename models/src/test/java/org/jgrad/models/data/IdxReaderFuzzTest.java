package org.jgrad.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 seeded mutations (bit flips, cuts, appended, inserted and overwritten bytes) of a small IDX file, plain
 * and gzip-compressed. A plain file must load exactly when the format's rules, read here byte by byte, say it is
 * an IDX file (magic 00 00 08, a rank >= 1, big-endian sizes, exactly as many bytes as they promise), with those
 * bytes as values; otherwise a one-line {@link DataException} naming the file. A gzip file must load the original
 * array (its CRC-32 finds every damage one mutation can do) or give that exception. Nothing else may escape.
 */
class IdxReaderFuzzTest {
    private static final int CASES = 10_000;

    @TempDir
    Path dir;

    private final Map<String, Integer> counts = new TreeMap<>();

    private static final int[] DIMS = {3, 2, 2};
    private static final byte[] VALUES = {0, 1, 2, 3, 100, (byte) 128, (byte) 200, (byte) 255, 7, 8, 9, 10};

    private static byte[] plain() {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * DIMS.length + VALUES.length);
        b.put((byte) 0).put((byte) 0).put((byte) 8).put((byte) DIMS.length);
        for (int d : DIMS) {
            b.putInt(d);
        }
        return b.put(VALUES).array();
    }

    @Test
    void tenThousandMutationsLoadTheFilesBytesOrGiveAClearError() throws IOException {
        byte[] plain = plain();
        byte[] gz = GzipBytes.of(plain);
        Path real = Files.write(dir.resolve("real-idx3-ubyte.gz"), gz);
        assertThat(IdxReader.read(real).shape()).isEqualTo(Shape.of(DIMS));
        Path file = dir.resolve("t10k-images-idx3-ubyte");
        for (int seed = 0; seed < CASES; seed++) {
            Random r = new Random(seed);
            boolean zipped = r.nextBoolean();
            byte[] bytes = mutate(r, zipped ? gz : plain);
            NDArray got;
            try {
                got = IdxReader.decode(file, bytes);
            } catch (DataException e) {
                String m = e.getMessage();
                if (!m.startsWith(file.toString()) || m.contains("\n")) {
                    fail("not one line naming the file: " + m);
                }
                if (!zipped && reference(bytes) != null) {
                    fail("refused a valid IDX file (" + m + "): " + Arrays.toString(bytes));
                }
                counts.merge((zipped ? "gzip" : "plain") + ": refused", 1, Integer::sum);
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError(e + " instead of a DataException for " + Arrays.toString(bytes), e);
            }
            counts.merge((zipped ? "gzip" : "plain") + ": loaded", 1, Integer::sum);
            NDArray want = zipped ? NDArray.of(floats(VALUES), Shape.of(DIMS)) : reference(bytes);
            if (want == null) {
                fail("read an invalid IDX file: " + Arrays.toString(bytes));
            }
            if (!got.shape().equals(want.shape()) || !Arrays.equals(got.floats(), want.floats())) {
                fail("read " + got.shape() + " " + Arrays.toString(got.floats()) + ", the file holds "
                        + want.shape() + " " + Arrays.toString(want.floats()));
            }
        }
        assertThat(counts).containsKeys("plain: loaded", "plain: refused", "gzip: refused", "gzip: loaded");
    }

    private static byte[] mutate(Random r, byte[] base) {
        byte[] b = base.clone();
        switch (r.nextInt(5)) {
            case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
            case 1 -> b = Arrays.copyOf(base, r.nextInt(base.length));
            case 2 -> {
                b = Arrays.copyOf(base, base.length + 1 + r.nextInt(8));
                for (int i = base.length; i < b.length; i++) {
                    b[i] = (byte) r.nextInt(256);
                }
            }
            case 3 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            default -> {
                int at = r.nextInt(base.length + 1);
                b = new byte[base.length + 1];
                System.arraycopy(base, 0, b, 0, at);
                b[at] = (byte) r.nextInt(256);
                System.arraycopy(base, at, b, at + 1, base.length - at);
            }
        }
        return b;
    }

    /** The array a plain IDX file holds by the format's rules, or null when it breaks one. */
    private static NDArray reference(byte[] b) {
        if (b.length < 4 || b[0] != 0 || b[1] != 0 || b[2] != 8 || b[3] == 0) {
            return null;
        }
        int rank = b[3] & 0xff;
        if (b.length < 4 + 4 * rank) {
            return null;
        }
        int[] dims = new int[rank];
        long count = 1;
        long nonZero = 1;
        for (int k = 0; k < rank; k++) {
            int at = 4 + 4 * k;
            long d = ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xffL) << 16) | ((b[at + 2] & 0xffL) << 8)
                    | (b[at + 3] & 0xffL);
            if (d > Integer.MAX_VALUE) {
                return null;
            }
            dims[k] = (int) d;
            count *= d;
            nonZero *= Math.max(d, 1);
            if (nonZero > Integer.MAX_VALUE) {
                return null;
            }
        }
        int data = 4 + 4 * rank;
        if (b.length - data != count) {
            return null;
        }
        return NDArray.of(floats(Arrays.copyOfRange(b, data, b.length)), Shape.of(dims));
    }

    private static float[] floats(byte[] bytes) {
        float[] v = new float[bytes.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = bytes[i] & 0xff;
        }
        return v;
    }
}

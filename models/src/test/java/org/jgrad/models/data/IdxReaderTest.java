package org.jgrad.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IDX reader on small files written here, byte by byte, as the format describes. */
class IdxReaderTest {
    @TempDir
    Path dir;

    /** Magic 0x0000 08 rank, big-endian dims, then the bytes. */
    private static byte[] idx(int[] dims, byte[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + values.length);
        b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(values).array();
    }

    private Path write(String name, byte[] bytes, boolean gzip) throws IOException {
        if (!gzip) {
            return Files.write(dir.resolve(name), bytes);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        }
        return Files.write(dir.resolve(name + ".gz"), out.toByteArray());
    }

    @Test
    void readsUnsignedBytesPlainAndGzipped() throws IOException {
        byte[] values = {0, 1, 127, (byte) 128, (byte) 255, 7};
        for (boolean gzip : new boolean[] {false, true}) {
            NDArray a = IdxReader.read(write("img" + gzip, idx(new int[] {2, 1, 3}, values), gzip));
            assertThat(a.shape()).isEqualTo(Shape.of(2, 1, 3));
            assertThat(a.floats()).containsExactly(0, 1, 127, 128, 255, 7);
        }
    }

    @Test
    void truncatedDataSaysHowMuchWasPromised() throws IOException {
        byte[] full = idx(new int[] {4}, new byte[] {1, 2, 3, 4});
        Path f = write("short", Arrays.copyOf(full, full.length - 1), false);
        assertThatThrownBy(() -> IdxReader.read(f)).isInstanceOf(DataException.class)
                .hasMessageContaining("truncated").hasMessageContaining("promises 4").hasMessageContaining("holds 3");
        Path header = write("header", new byte[] {0, 0, 8, 2, 0, 0}, false);
        assertThatThrownBy(() -> IdxReader.read(header)).hasMessageContaining("truncated IDX header");
    }

    @Test
    void wrongMagicTypeOrExtraDataAreErrors() throws IOException {
        byte[] bad = idx(new int[] {1}, new byte[] {5});
        bad[0] = 1;
        assertThatThrownBy(() -> IdxReader.read(write("magic", bad, false))).hasMessageContaining("not an IDX file");
        byte[] floats = idx(new int[] {1}, new byte[] {5});
        floats[2] = 0x0d;
        assertThatThrownBy(() -> IdxReader.read(write("type", floats, false))).hasMessageContaining("type 0xd")
                .hasMessageContaining("expected 0x08");
        byte[] extra = Arrays.copyOf(idx(new int[] {1}, new byte[] {5}), 10);
        assertThatThrownBy(() -> IdxReader.read(write("extra", extra, false))).hasMessageContaining("more data");
    }

    @Test
    void fashionMnistReadsADirectoryAndExplainsWhenFilesAreMissing() throws IOException {
        byte[] images = new byte[2 * 4];
        Arrays.fill(images, (byte) 200);
        write("train-images-idx3-ubyte", idx(new int[] {2, 2, 2}, images), true);
        write("train-labels-idx1-ubyte", idx(new int[] {2}, new byte[] {3, 9}), false);
        write("t10k-images-idx3-ubyte", idx(new int[] {1, 2, 2}, new byte[] {1, 2, 3, 4}), false);
        write("t10k-labels-idx1-ubyte", idx(new int[] {1}, new byte[] {0}), true);
        // two files plain, two gzipped: available() takes either, as load() does
        assertThat(FashionMnist.available(dir)).isTrue();
        FashionMnist f = FashionMnist.load(dir);
        assertThat(f.train().x().shape()).isEqualTo(Shape.of(2, 4));
        assertThat(f.train().y().floats()).containsExactly(3, 9);
        assertThat(f.test().x().floats()).containsExactly(1, 2, 3, 4);

        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThat(FashionMnist.available(empty)).isFalse();
        assertThat(FashionMnist.available(dir.resolve("nowhere"))).isFalse();
        assertThatThrownBy(() -> FashionMnist.load(empty)).hasMessageContaining("train-images-idx3-ubyte")
                .hasMessageContaining("apt-get install -y dataset-fashion-mnist");
    }
}

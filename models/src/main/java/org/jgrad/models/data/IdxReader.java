package org.jgrad.models.data;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.models.io.FileError;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST (Y. LeCun's format), plain or gzip-compressed: two zero bytes, a
 * type byte ({@code 0x08}, unsigned byte, is the only one these data sets use), the number of dimensions, each
 * dimension as a big-endian 32-bit integer, then the values in row-major order.
 *
 * <pre>{@code
 * NDArray images = IdxReader.read(dir.resolve("train-images-idx3-ubyte.gz"));   // float32 (60000, 28, 28), 0..255
 * }</pre>
 */
public final class IdxReader {
    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {
    }

    /**
     * The file's values as a float32 array of the file's shape (bytes read as 0..255).
     *
     * @throws DataException naming the file and the reason: missing, a directory, unreadable, damaged gzip data, a
     *     header that is not IDX, or data shorter or longer than the header's shape
     */
    public static NDArray read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = FileError.readAllBytes(file);
        } catch (IOException e) {
            throw new DataException(FileError.describe(file, e));
        }
        return decode(file, bytes);
    }

    /** The array in {@code bytes}, plain or gzip, read from {@code file} (named in the messages). */
    static NDArray decode(Path file, byte[] bytes) {
        boolean gzip = bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
        // the whole stream first: gzip's CRC is checked only at its end, and damaged data must not be reported as
        // a bad IDX header
        return parse(file, ByteBuffer.wrap(gzip ? gunzip(file, bytes) : bytes)); // big-endian, as IDX is
    }

    private static byte[] gunzip(Path file, byte[] bytes) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (EOFException e) {
            throw new DataException(file + ": truncated gzip data (" + e.getMessage() + "); the file is damaged, "
                    + "fetch or copy it again");
        } catch (IOException e) {
            throw new DataException(FileError.describe(file, e));
        }
    }

    private static NDArray parse(Path file, ByteBuffer in) {
        if (in.remaining() < 4) {
            throw new DataException(file + ": truncated IDX header");
        }
        int zero0 = in.get() & 0xff;
        int zero1 = in.get() & 0xff;
        int type = in.get() & 0xff;
        int rank = in.get() & 0xff;
        if (zero0 != 0 || zero1 != 0) {
            throw new DataException(file + ": not an IDX file (expected the magic number to start with two zero "
                    + "bytes, found " + zero0 + " " + zero1 + ")");
        }
        if (type != UNSIGNED_BYTE) {
            throw new DataException(file + ": IDX type 0x" + Integer.toHexString(type) + " is not supported "
                    + "(expected 0x08, unsigned bytes)");
        }
        if (rank == 0) {
            throw new DataException(file + ": IDX header gives 0 dimensions, expected at least 1");
        }
        if (in.remaining() < 4 * rank) {
            throw new DataException(file + ": truncated IDX header");
        }
        int[] dims = new int[rank];
        long total = 1;
        for (int k = 0; k < rank; k++) {
            dims[k] = in.getInt();
            if (dims[k] < 0) {
                throw new DataException(file + ": dimension " + k + " is " + dims[k] + ", expected >= 0");
            }
            // over every non-zero size, as Shape counts its strides
            total *= Math.max(dims[k], 1);
            if (total > Integer.MAX_VALUE) {
                throw new DataException(file + ": the dimensions hold more than 2^31 - 1 values");
            }
        }
        Shape shape = Shape.of(dims);
        if (in.remaining() < shape.size()) {
            throw new DataException(file + ": truncated: the header promises " + shape.size() + " values of shape "
                    + shape + ", the file holds " + in.remaining());
        }
        if (in.remaining() > shape.size()) {
            throw new DataException(file + ": more data than the header's shape " + shape + " holds");
        }
        float[] values = new float[shape.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.get() & 0xff;
        }
        return NDArray.of(values, shape);
    }
}

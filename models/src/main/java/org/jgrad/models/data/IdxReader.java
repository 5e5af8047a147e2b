package org.jgrad.models.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;

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

    /** The file's values as a float32 array of the file's shape (bytes read as 0..255). */
    public static NDArray read(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f & raw.read() == 0x8b;
            raw.reset();
            try (DataInputStream in = new DataInputStream(gzip ? new GZIPInputStream(raw) : raw)) {
                return read(file, in);
            }
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        }
    }

    private static NDArray read(Path file, DataInputStream in) throws IOException {
        int[] dims;
        try {
            int zero0 = in.readUnsignedByte();
            int zero1 = in.readUnsignedByte();
            int type = in.readUnsignedByte();
            int rank = in.readUnsignedByte();
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
            dims = new int[rank];
            long total = 1;
            for (int k = 0; k < rank; k++) {
                dims[k] = in.readInt();
                if (dims[k] < 0) {
                    throw new DataException(file + ": dimension " + k + " is " + dims[k] + ", expected >= 0");
                }
                total *= dims[k];
                if (total > Integer.MAX_VALUE) {
                    throw new DataException(file + ": the dimensions hold more than 2^31 - 1 values");
                }
            }
        } catch (EOFException e) {
            throw new DataException(file + ": truncated IDX header");
        }
        Shape shape = Shape.of(dims);
        byte[] bytes = new byte[shape.size()];
        int got = in.readNBytes(bytes, 0, bytes.length);
        if (got < bytes.length) {
            throw new DataException(file + ": truncated: the header promises " + bytes.length + " values of shape "
                    + shape + ", the file holds " + got);
        }
        if (in.read() != -1) {
            throw new DataException(file + ": more data than the header's shape " + shape + " holds");
        }
        float[] values = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = bytes[i] & 0xff;
        }
        return NDArray.of(values, shape);
    }
}

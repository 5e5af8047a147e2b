package org.jgrad.models.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
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
        boolean gzip = false;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            gzip = raw.read() == 0x1f & raw.read() == 0x8b;
            raw.reset();
            try (InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
                return read(file, in);
            }
        } catch (DataException e) {
            throw e;
        } catch (EOFException e) {
            // a plain file's short reads are counted below; only the gzip layer throws this
            throw new DataException(file + ": truncated gzip data (" + e.getMessage() + "); the file is damaged, "
                    + "fetch or copy it again");
        } catch (IOException e) {
            throw new DataException(FileError.describe(file, e));
        }
    }

    private static NDArray read(Path file, InputStream in) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new DataException(file + ": truncated IDX header");
        }
        int zero0 = magic[0] & 0xff;
        int zero1 = magic[1] & 0xff;
        int type = magic[2] & 0xff;
        int rank = magic[3] & 0xff;
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
        byte[] sizes = in.readNBytes(4 * rank);
        if (sizes.length < 4 * rank) {
            throw new DataException(file + ": truncated IDX header");
        }
        ByteBuffer header = ByteBuffer.wrap(sizes); // big-endian, as the format says
        int[] dims = new int[rank];
        long total = 1;
        for (int k = 0; k < rank; k++) {
            dims[k] = header.getInt();
            if (dims[k] < 0) {
                throw new DataException(file + ": dimension " + k + " is " + dims[k] + ", expected >= 0");
            }
            total *= Math.max(dims[k], 1);
            if (total > Integer.MAX_VALUE) {
                throw new DataException(file + ": the dimensions hold more than 2^31 - 1 values");
            }
        }
        Shape shape = Shape.of(dims);
        // readNBytes(n) grows its buffer as bytes arrive, so a header that promises more than the file holds costs
        // no more memory than the file
        byte[] bytes = in.readNBytes(shape.size());
        if (bytes.length < shape.size()) {
            throw new DataException(file + ": truncated: the header promises " + shape.size() + " values of shape "
                    + shape + ", the file holds " + bytes.length);
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

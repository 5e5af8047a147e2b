package org.jgrad.models.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;

/**
 * The safetensors format of Hugging Face and PyTorch: 8 bytes holding the header's length {@code N} (unsigned,
 * little-endian), {@code N} bytes of UTF-8 JSON, then the tensors' raw little-endian bytes. The header maps each
 * tensor name to {@code {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}} (offsets into the data
 * after the header), plus an optional {@code "__metadata__"} object of string to string. jgrad writes
 * {@code F32} and {@code F64}, pads the header with spaces to a multiple of 8 bytes, and lays tensors out in the
 * map's order with no gaps.
 *
 * <p>Writes are atomic ({@link AtomicFile}): the bytes go to a new file in the same directory, which is then
 * renamed over the target, and the result has the permissions the user's umask gives. Reads hold a file to the
 * format's rules ({@link SafetensorsHeader}: one JSON object padded with spaces, unique names, whole non-negative
 * offsets that tile the data exactly, dtype and shape that agree with each tensor's byte length) before returning,
 * so a truncated, corrupt or ambiguous file is a {@link ModelFileException} naming the file and the tensor, and
 * nothing half-read escapes.
 *
 * <pre>{@code
 * Safetensors.write(path, model.stateDict(), Map.of("jgrad.model", "mlp"));
 * Safetensors.Contents c = Safetensors.read(path);
 * model.loadStateDict(c.tensors());
 * }</pre>
 */
public final class Safetensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METADATA = SafetensorsHeader.METADATA;
    /** The reference implementation refuses headers above 100 MB; so do we. */
    private static final long MAX_HEADER = 100_000_000L;

    private Safetensors() {
    }

    /** A file's tensors (in file order) and its {@code __metadata__} (empty when absent). */
    public record Contents(Map<String, NDArray> tensors, Map<String, String> metadata) {
    }

    /**
     * Writes {@code tensors} and {@code metadata} to {@code file}, atomically ({@link AtomicFile}: the new file has
     * the umask's permissions, and a failed write leaves the old file whole).
     */
    public static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata)
            throws IOException {
        AtomicFile.write(file, encode(tensors, metadata));
    }

    /** The bytes of a safetensors file holding {@code tensors} and {@code metadata}. */
    public static byte[] encode(Map<String, NDArray> tensors, Map<String, String> metadata) {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            if (e.getKey().equals(METADATA)) {
                throw new IllegalArgumentException("safetensors: a tensor may not be named " + METADATA);
            }
            NDArray a = e.getValue();
            long length = (long) a.size() * a.dtype().bytes();
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", code(a.dtype()));
            ArrayNode shape = entry.putArray("shape");
            for (int d : a.shape().dims()) {
                shape.add(d);
            }
            entry.putArray("data_offsets").add(offset).add(offset + length);
            offset += length;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("safetensors: cannot encode the header", e);
        }
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (NDArray a : tensors.values()) {
            for (int i = 0; i < a.size(); i++) {
                if (a.dtype() == DType.FLOAT32) {
                    out.putFloat(a.floats()[i]);
                } else {
                    out.putDouble(a.doubles()[i]);
                }
            }
        }
        return out.array();
    }

    /**
     * Reads and checks a whole file.
     *
     * @throws ModelFileException naming the file and, for a header that breaks the format's rules, the tensor
     */
    public static Contents read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = FileError.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelFileException(FileError.describe(file, e));
        }
        try {
            return decode(bytes);
        } catch (ModelFileException e) {
            throw new ModelFileException(file + ": " + e.getMessage());
        }
    }

    /** Parses and checks the bytes of a safetensors file (see {@link SafetensorsHeader} for the rules). */
    public static Contents decode(byte[] bytes) {
        if (bytes.length < 8) {
            throw new ModelFileException("not a safetensors file: " + bytes.length + " bytes, expected at least 8 "
                    + "(the header length)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = in.getLong();
        // unsigned: a length of 2^63 or more reads as negative and is refused with the others
        if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > bytes.length - 8) {
            throw new ModelFileException("corrupt or truncated: the header length field says "
                    + Long.toUnsignedString(headerLength) + " bytes, but the file has " + (bytes.length - 8)
                    + " bytes after it");
        }
        int dataStart = 8 + (int) headerLength;
        SafetensorsHeader header = SafetensorsHeader.parse(bytes, 8, (int) headerLength);
        header.checkLayout(bytes.length - dataStart);
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (SafetensorsHeader.Entry e : header.entries()) {
            tensors.put(e.name(), tensor(e, ByteBuffer.wrap(bytes, dataStart + (int) e.begin(),
                    (int) (e.end() - e.begin())).order(ByteOrder.LITTLE_ENDIAN)));
        }
        return new Contents(tensors, header.metadata());
    }

    static String code(DType dtype) {
        return dtype == DType.FLOAT32 ? "F32" : "F64";
    }

    private static NDArray tensor(SafetensorsHeader.Entry e, ByteBuffer data) {
        if (e.dtype() == DType.FLOAT32) {
            float[] values = new float[e.shape().size()];
            data.asFloatBuffer().get(values);
            return NDArray.of(values, e.shape());
        }
        double[] values = new double[e.shape().size()];
        data.asDoubleBuffer().get(values);
        return NDArray.of(values, e.shape());
    }
}

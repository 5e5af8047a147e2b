package org.jgrad.models.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;

/**
 * The safetensors format of Hugging Face and PyTorch: 8 bytes holding the header's length {@code N} (unsigned,
 * little-endian), {@code N} bytes of UTF-8 JSON, then the tensors' raw little-endian bytes. The header maps each
 * tensor name to {@code {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}} (offsets into the data
 * after the header), plus an optional {@code "__metadata__"} object of string to string. jgrad writes
 * {@code F32} and {@code F64}, pads the header with spaces to a multiple of 8 bytes, and lays tensors out in the
 * map's order with no gaps.
 *
 * <p>Writes are atomic: the bytes go to a temporary file in the same directory, which is then renamed over the
 * target. Reads check everything (lengths, JSON, dtypes, offsets against shapes and the file size) before returning,
 * so a truncated or corrupt file is a {@link ModelFileException} and nothing half-read escapes.
 *
 * <pre>{@code
 * Safetensors.write(path, model.stateDict(), Map.of("jgrad.model", "mlp"));
 * Safetensors.Contents c = Safetensors.read(path);
 * model.loadStateDict(c.tensors());
 * }</pre>
 */
public final class Safetensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METADATA = "__metadata__";
    /** The reference implementation refuses headers above 100 MB; so do we. */
    private static final long MAX_HEADER = 100_000_000L;

    private Safetensors() {
    }

    /** A file's tensors (in file order) and its {@code __metadata__} (empty when absent). */
    public record Contents(Map<String, NDArray> tensors, Map<String, String> metadata) {
    }

    /** Writes {@code tensors} and {@code metadata} to {@code file}, atomically. */
    public static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata)
            throws IOException {
        byte[] bytes = encode(tensors, metadata);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
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

    /** Reads and checks a whole file. */
    public static Contents read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(file + ": no such file");
        }
        try {
            return decode(bytes);
        } catch (ModelFileException e) {
            throw new ModelFileException(file + ": " + e.getMessage());
        }
    }

    /** Parses and checks the bytes of a safetensors file. */
    public static Contents decode(byte[] bytes) {
        if (bytes.length < 8) {
            throw new ModelFileException("not a safetensors file: " + bytes.length + " bytes, expected at least 8 "
                    + "(the header length)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = in.getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > bytes.length - 8) {
            throw new ModelFileException("corrupt or truncated: the header length field says " + headerLength
                    + " bytes, but the file has " + (bytes.length - 8) + " bytes after it");
        }
        int dataStart = 8 + (int) headerLength;
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new ModelFileException("corrupt header: not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (header == null || !header.isObject()) {
            throw new ModelFileException("corrupt header: expected a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        long dataLength = bytes.length - dataStart;
        long covered = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals(METADATA)) {
                readMetadata(e.getValue(), metadata);
                continue;
            }
            TensorEntry t = TensorEntry.parse(e.getKey(), e.getValue());
            if (t.end() > dataLength) {
                throw new ModelFileException("truncated: tensor '" + e.getKey() + "' ends at byte " + t.end()
                        + " of the data, which holds " + dataLength + " bytes");
            }
            tensors.put(e.getKey(), t.decode(in, dataStart));
            covered += t.end() - t.begin();
        }
        if (covered != dataLength) {
            throw new ModelFileException("corrupt: the tensors cover " + covered + " bytes but the data holds "
                    + dataLength);
        }
        return new Contents(tensors, metadata);
    }

    private static void readMetadata(JsonNode node, Map<String, String> into) {
        if (!node.isObject()) {
            throw new ModelFileException("corrupt header: " + METADATA + " must be an object of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> m = it.next();
            if (!m.getValue().isTextual()) {
                throw new ModelFileException("corrupt header: " + METADATA + " value of '" + m.getKey()
                        + "' is not a string");
            }
            into.put(m.getKey(), m.getValue().textValue());
        }
    }

    static String code(DType dtype) {
        return dtype == DType.FLOAT32 ? "F32" : "F64";
    }

    /** One header entry, checked: dtype, shape and offsets that agree. */
    private record TensorEntry(String name, DType dtype, Shape shape, long begin, long end) {
        static TensorEntry parse(String name, JsonNode node) {
            JsonNode dtype = node.get("dtype");
            JsonNode shape = node.get("shape");
            JsonNode offsets = node.get("data_offsets");
            if (dtype == null || !dtype.isTextual() || shape == null || !shape.isArray() || offsets == null
                    || !offsets.isArray() || offsets.size() != 2) {
                throw new ModelFileException("corrupt header: tensor '" + name + "' needs dtype, shape and "
                        + "data_offsets [begin, end], got " + node);
            }
            DType type = switch (dtype.textValue()) {
                case "F32" -> DType.FLOAT32;
                case "F64" -> DType.FLOAT64;
                default -> throw new ModelFileException("tensor '" + name + "' has dtype " + dtype.textValue()
                        + "; jgrad reads F32 and F64");
            };
            int[] dims = new int[shape.size()];
            long count = 1;
            for (int k = 0; k < dims.length; k++) {
                JsonNode d = shape.get(k);
                if (!d.canConvertToInt() || d.intValue() < 0) {
                    throw new ModelFileException("corrupt header: tensor '" + name + "' has shape " + shape);
                }
                dims[k] = d.intValue();
                count *= dims[k];
            }
            long begin = offsets.get(0).asLong(-1);
            long end = offsets.get(1).asLong(-1);
            if (begin < 0 || end < begin || end - begin != count * type.bytes()) {
                throw new ModelFileException("corrupt header: tensor '" + name + "' of " + dtype.textValue()
                        + " shape " + shape + " needs " + count * type.bytes() + " bytes, its data_offsets "
                        + offsets + " give " + (end - begin));
            }
            return new TensorEntry(name, type, Shape.of(dims), begin, end);
        }

        NDArray decode(ByteBuffer in, int dataStart) {
            NDArray out = NDArray.zeros(dtype, shape);
            int pos = dataStart + (int) begin;
            for (int i = 0; i < out.size(); i++, pos += dtype.bytes()) {
                out.set(i, dtype == DType.FLOAT32 ? in.getFloat(pos) : in.getDouble(pos));
            }
            return out;
        }
    }
}

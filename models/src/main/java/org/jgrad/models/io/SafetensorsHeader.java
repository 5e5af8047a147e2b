package org.jgrad.models.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jgrad.core.DType;
import org.jgrad.core.Shape;

/**
 * The JSON header of a safetensors file, held to the format's rules (the {@code safetensors} README, "Format"): the
 * header is UTF-8, begins with {@code {}, is exactly one JSON object and may be padded after it with spaces
 * (0x20) only; names are unique; each tensor has a dtype, a shape of whole numbers {@code >= 0} and
 * {@code data_offsets [begin, end]} of whole numbers {@code >= 0} whose length is the shape's element count times
 * the dtype's size; and the tensors' byte ranges are contiguous and cover the data after the header exactly, with no
 * gap and no overlap. Each rule broken is a {@link ModelFileException} naming the tensor.
 */
final class SafetensorsHeader {
    static final String METADATA = "__metadata__";
    private static final JsonFactory JSON = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int SHOWN = 120;

    /** One tensor's entry: its name, dtype, shape and byte range in the data. */
    record Entry(String name, DType dtype, Shape shape, long begin, long end) {
    }

    private final List<Entry> entries;
    private final Map<String, String> metadata;

    private SafetensorsHeader(List<Entry> entries, Map<String, String> metadata) {
        this.entries = entries;
        this.metadata = metadata;
    }

    /** The tensors in header order. */
    List<Entry> entries() {
        return entries;
    }

    /** The {@code __metadata__} strings (empty when absent). */
    Map<String, String> metadata() {
        return metadata;
    }

    /** Parses {@code length} header bytes starting at {@code from} and checks every entry. */
    static SafetensorsHeader parse(byte[] bytes, int from, int length) {
        String text = utf8(bytes, from, length);
        if (text.charAt(0) != '{') {
            throw new ModelFileException("corrupt header: expected one JSON object starting with '{', found '"
                    + printable(text.substring(0, 1)) + "'");
        }
        ObjectNode root;
        int end;
        try (JsonParser p = JSON.createParser(text)) {
            root = (ObjectNode) value(p, p.nextToken(), null);
            end = (int) p.currentLocation().getCharOffset();
        } catch (JsonProcessingException e) {
            throw new ModelFileException("corrupt header: not valid JSON at byte "
                    + byteOffset(text, e.getLocation() == null ? 0 : e.getLocation().getCharOffset()) + " of the header"
                    + entry(e) + " (" + printable(jacksonReason(e.getOriginalMessage())) + ")");
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
        for (int i = end; i < text.length(); i++) {
            if (text.charAt(i) != ' ') {
                throw new ModelFileException("corrupt header: after the JSON object only spaces may follow (the "
                        + "format's padding), found '" + printable(text.substring(i, i + 1)) + "' at byte "
                        + byteOffset(text, i) + " of the header");
            }
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals(METADATA)) {
                readMetadata(e.getValue(), metadata);
            } else {
                entries.add(entry(e.getKey(), e.getValue()));
            }
        }
        return new SafetensorsHeader(entries, metadata);
    }

    /**
     * Checks that the tensors' byte ranges tile the {@code dataLength} bytes after the header: sorted by offset, each
     * begins where the one before it ends, the first at 0 and the last at {@code dataLength}.
     */
    void checkLayout(long dataLength) {
        for (Entry e : entries) {
            if (e.end() > dataLength) {
                throw new ModelFileException("truncated: tensor " + quote(e.name()) + " ends at byte " + e.end()
                        + " of the data, which holds " + dataLength + " bytes");
            }
        }
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long position = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin() < position) {
                throw new ModelFileException("corrupt header: tensors " + quote(previous.name()) + " (bytes "
                        + range(previous) + " of the data) and " + quote(e.name()) + " (bytes " + range(e)
                        + ") overlap; the format gives each byte to one tensor");
            }
            if (e.begin() > position) {
                throw new ModelFileException("corrupt header: bytes " + position + ".." + e.begin() + " of the data "
                        + (previous == null ? "before the first tensor, " + quote(e.name()) + ","
                                : "between tensors " + quote(previous.name()) + " and " + quote(e.name()))
                        + " belong to no tensor; the format requires the tensors to cover the data without gaps");
            }
            position = e.end();
            previous = e;
        }
        if (position != dataLength) {
            throw new ModelFileException("corrupt: " + (previous == null ? "the header lists no tensors, but "
                    + dataLength + " bytes of data follow it"
                    : "bytes " + position + ".." + dataLength + " of the data, after the last tensor "
                            + quote(previous.name()) + ", belong to no tensor"));
        }
    }

    private static String range(Entry e) {
        return e.begin() + ".." + e.end();
    }

    /** The bytes as UTF-8, refusing malformed sequences (a lenient decoder would silently rename tensors). */
    private static String utf8(byte[] bytes, int from, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, length);
        CharBuffer out = CharBuffer.allocate(length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new ModelFileException("corrupt header: not UTF-8 text (byte 0x"
                    + Integer.toHexString(bytes[in.position()] & 0xff) + " at byte " + (in.position() - from)
                    + " of the header)");
        }
        try {
            decoder.flush(out);
        } catch (RuntimeException e) {
            throw new IllegalStateException(e);
        }
        return out.flip().toString();
    }

    /** One JSON value as a tree, refusing a key that appears twice in one object (Jackson keeps the last). */
    private static JsonNode value(JsonParser p, JsonToken token, String owner) throws IOException {
        if (token == null) {
            throw new ModelFileException("corrupt header: the JSON ends early");
        }
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                    String key = p.currentName();
                    if (object.has(key)) {
                        throw new ModelFileException("corrupt header: " + (owner == null
                                ? (key.equals(METADATA) ? METADATA : "tensor " + quote(key)) + " appears twice"
                                : (owner.equals(METADATA) ? METADATA : "tensor " + quote(owner)) + " has the key "
                                        + quote(key) + " twice") + "; the format forbids duplicate keys");
                    }
                    object.set(key, value(p, p.nextToken(), owner == null ? key : owner));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    array.add(value(p, t, owner));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_NUMBER_INT -> NODES.numberNode(p.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE, VALUE_FALSE -> NODES.booleanNode(token == JsonToken.VALUE_TRUE);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new ModelFileException("corrupt header: unexpected JSON token " + token);
        };
    }

    private static void readMetadata(JsonNode node, Map<String, String> into) {
        if (!node.isObject()) {
            throw new ModelFileException("corrupt header: " + METADATA + " must be an object of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> m = it.next();
            if (!m.getValue().isTextual()) {
                throw new ModelFileException("corrupt header: " + METADATA + " value of " + quote(m.getKey())
                        + " is not a string");
            }
            into.put(m.getKey(), m.getValue().textValue());
        }
    }

    private static Entry entry(String name, JsonNode node) {
        JsonNode dtype = node.get("dtype");
        JsonNode shape = node.get("shape");
        JsonNode offsets = node.get("data_offsets");
        if (!node.isObject() || dtype == null || !dtype.isTextual() || shape == null || !shape.isArray()
                || offsets == null || !offsets.isArray() || offsets.size() != 2) {
            throw new ModelFileException("corrupt header: tensor " + quote(name) + " needs dtype, shape and "
                    + "data_offsets [begin, end], got " + printable(node.toString()));
        }
        DType type = switch (dtype.textValue()) {
            case "F32" -> DType.FLOAT32;
            case "F64" -> DType.FLOAT64;
            default -> throw new ModelFileException("tensor " + quote(name) + " has dtype "
                    + printable(dtype.textValue()) + "; jgrad reads F32 and F64");
        };
        int[] dims = new int[shape.size()];
        long count = 1;
        long nonZero = 1;
        for (int k = 0; k < dims.length; k++) {
            BigInteger d = whole(shape.get(k));
            if (d == null || d.bitLength() > 31) {
                throw new ModelFileException("corrupt header: tensor " + quote(name) + " has shape "
                        + printable(shape.toString()) + "; expected whole numbers from 0 to " + Integer.MAX_VALUE);
            }
            dims[k] = d.intValue();
            count *= dims[k];
            nonZero *= Math.max(dims[k], 1);
            if (nonZero > Integer.MAX_VALUE) {
                throw new ModelFileException("corrupt header: tensor " + quote(name) + " has shape "
                        + printable(shape.toString()) + ", more than " + Integer.MAX_VALUE + " elements");
            }
        }
        BigInteger begin = whole(offsets.get(0));
        BigInteger end = whole(offsets.get(1));
        if (begin == null || end == null || begin.bitLength() > 62 || end.bitLength() > 62) {
            throw new ModelFileException("corrupt header: tensor " + quote(name) + " has data_offsets "
                    + printable(offsets.toString()) + "; expected two whole numbers >= 0");
        }
        long bytes = count * type.bytes();
        if (end.longValue() - begin.longValue() != bytes) {
            throw new ModelFileException("corrupt header: tensor " + quote(name) + " of " + dtype.textValue()
                    + " shape " + printable(shape.toString()) + " needs " + bytes + " bytes, its data_offsets "
                    + offsets + " give " + (end.longValue() - begin.longValue()));
        }
        return new Entry(name, type, Shape.of(dims), begin.longValue(), end.longValue());
    }

    /** The value as a whole number {@code >= 0}, or null (a fraction, a negative number, text, ...). */
    private static BigInteger whole(JsonNode n) {
        if (n == null || !n.isIntegralNumber() || n.bigIntegerValue().signum() < 0) {
            return null;
        }
        return n.bigIntegerValue();
    }

    /** ", in the entry of tensor 'a'" when the JSON broke inside a top-level entry, else nothing. */
    private static String entry(JsonProcessingException e) {
        if (!(e.getProcessor() instanceof JsonParser p)) {
            return "";
        }
        // contexts: root, then the header object (whose current name is the key being read), then the entry's own
        JsonStreamContext c = p.getParsingContext();
        int depth = 0;
        while (c != null && c.getParent() != null && c.getParent().getParent() != null) {
            c = c.getParent();
            depth++;
        }
        if (depth == 0 || c == null || c.getCurrentName() == null) {
            return "";
        }
        String key = c.getCurrentName();
        return ", in the entry of " + (key.equals(METADATA) ? METADATA : "tensor " + quote(key));
    }

    /**
     * Jackson's reason without the source location it sometimes embeds ({@code (for Array starting at [Source:
     * REDACTED ...; line: 1, column: 9])}, {@code (start marker at [Source: ...])}): the caller gives the byte offset
     * itself.
     */
    static String jacksonReason(String message) {
        if (message == null) {
            return "";
        }
        int source = message.indexOf("[Source");
        String reason = source < 0 ? message : message.substring(0, source);
        // the location sat inside a parenthesis ("(for Array starting at [Source: ...]") that is now left open
        return reason.replaceAll("\\s*\\([^()]*$", "").replaceAll("\\s+at\\s*$", "").strip();
    }

    /** A name as it appears in messages: quoted, control characters escaped, long names cut. */
    static String quote(String name) {
        return "'" + printable(name) + "'";
    }

    /** Text safe for a one-line message: control and line-breaking characters as \\uXXXX, at most 120 chars. */
    static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < SHOWN; i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.length() < SHOWN || s.length() <= SHOWN ? b.toString() : b + "...";
    }

    /** The UTF-8 byte offset of char {@code index} of {@code text}. */
    private static long byteOffset(String text, long index) {
        int upTo = (int) Math.min(Math.max(index, 0), text.length());
        return text.substring(0, upTo).getBytes(StandardCharsets.UTF_8).length;
    }
}

package org.jgrad.models.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jgrad.core.DType;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The format's rules (safetensors README, "Format"), each broken once in a file built here byte by byte, and the
 * cases the rules allow (empty tensors, scalars, tensors stored in another order than the header lists them).
 */
class SafetensorsRulesTest {
    @TempDir
    Path dir;

    /** 8-byte little-endian length, the header text as given, then the data: floats 1, 2, 3, ... */
    private static byte[] file(String header, int floats) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 4 * floats).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        for (int i = 0; i < floats; i++) {
            b.putFloat(i + 1);
        }
        return b.array();
    }

    private static String f32(String name, String shape, String offsets) {
        return "\"" + name + "\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";
    }

    private static void rejects(String header, int floats, String message) {
        assertThatThrownBy(() -> Safetensors.decode(file(header, floats))).isExactlyInstanceOf(
                ModelFileException.class).hasMessage(message);
    }

    @Test
    void overlappingGappedOrShortCoverageIsRefusedNamingTheTensors() {
        rejects("{" + f32("a", "[2]", "[0,8]") + "," + f32("b", "[2]", "[4,12]") + "}", 3,
                "corrupt header: tensors 'a' (bytes 0..8 of the data) and 'b' (bytes 4..12) overlap; the format "
                        + "gives each byte to one tensor");
        rejects("{" + f32("a", "[2]", "[0,8]") + "," + f32("b", "[2]", "[12,20]") + "}", 5,
                "corrupt header: bytes 8..12 of the data between tensors 'a' and 'b' belong to no tensor; the "
                        + "format requires the tensors to cover the data without gaps");
        rejects("{" + f32("a", "[2]", "[4,12]") + "}", 3,
                "corrupt header: bytes 0..4 of the data before the first tensor, 'a', belong to no tensor; the "
                        + "format requires the tensors to cover the data without gaps");
        rejects("{" + f32("a", "[2]", "[0,8]") + "}", 3,
                "corrupt: bytes 8..12 of the data, after the last tensor 'a', belong to no tensor");
        rejects("{}", 1, "corrupt: the header lists no tensors, but 4 bytes of data follow it");
        // the same tensor twice at one range: an overlap, though each entry alone is consistent
        rejects("{" + f32("a", "[2]", "[0,8]") + "," + f32("b", "[2]", "[0,8]") + "}", 2,
                "corrupt header: tensors 'a' (bytes 0..8 of the data) and 'b' (bytes 0..8) overlap; the format "
                        + "gives each byte to one tensor");
        rejects("{" + f32("a", "[2]", "[0,8]") + "}", 1,
                "truncated: tensor 'a' ends at byte 8 of the data, which holds 4 bytes");
    }

    @Test
    void duplicateNamesAndKeysAreRefused() {
        rejects("{" + f32("a", "[1]", "[0,4]") + "," + f32("a", "[1]", "[4,8]") + "}", 2,
                "corrupt header: tensor 'a' appears twice; the format forbids duplicate keys");
        rejects("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,4]}}", 1,
                "corrupt header: tensor 'a' has the key 'dtype' twice; the format forbids duplicate keys");
        rejects("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}," + f32("a", "[1]", "[0,4]") + "}", 1,
                "corrupt header: __metadata__ has the key 'k' twice; the format forbids duplicate keys");
    }

    @Test
    void theHeaderIsOneObjectPaddedWithSpacesOnly() {
        // {"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}} is 1 + 4 + 1 + 8 + 6 + 8 + 4 + 15 + 5 + 1 + 1 = 54
        // bytes, so what follows it starts at byte 54
        String a = f32("a", "[1]", "[0,4]");
        rejects("{" + a + "}x   ", 1, "corrupt header: after the JSON object only spaces may follow (the format's "
                + "padding), found 'x' at byte 54 of the header");
        rejects("{" + a + "}\n", 1, "corrupt header: after the JSON object only spaces may follow (the format's "
                + "padding), found '\\u000a' at byte 54 of the header");
        rejects("{" + a + "}{}", 1, "corrupt header: after the JSON object only spaces may follow (the format's "
                + "padding), found '{' at byte 54 of the header");
        rejects(" {" + a + "}", 1, "corrupt header: expected one JSON object starting with '{', found ' '");
        rejects("[" + a + "]", 1, "corrupt header: expected one JSON object starting with '{', found '['");
        // spaces of any count after the object are the padding the format allows
        assertThat(Safetensors.decode(file("{" + a + "}" + " ".repeat(13), 1)).tensors().get("a").floats())
                .containsExactly(1f);
    }

    @Test
    void offsetsAndShapesMustBeWholeNumbersAtLeastZero() {
        // JSON's 4.0 and 4e0 are the number four to a lenient reader; the format's offsets are unsigned integers
        String[][] offsets = {{"[0,4.0]", "[0,4.0]"}, {"[0.5,4]", "[0.5,4]"}, {"[0,4e0]", "[0,4.0]"},
            {"[\"0\",4]", "[\"0\",4]"}, {"[-4,0]", "[-4,0]"}, {"[0,99999999999999999999]", "[0,99999999999999999999]"}};
        for (String[] o : offsets) {
            rejects("{" + f32("a", "[1]", o[0]) + "}", 1,
                    "corrupt header: tensor 'a' has data_offsets " + o[1] + "; expected two whole numbers >= 0");
        }
        rejects("{" + f32("a", "[1]", "[0,4,8]") + "}", 1, "corrupt header: tensor 'a' needs dtype, shape and "
                + "data_offsets [begin, end], got {\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}");
        for (String shape : new String[] {"[1.0]", "[-1]", "[2147483648]", "[\"1\"]"}) {
            rejects("{" + f32("a", shape, "[0,4]") + "}", 1, "corrupt header: tensor 'a' has shape " + shape
                    + "; expected whole numbers from 0 to 2147483647");
        }
        rejects("{" + f32("a", "[65536,65536]", "[0,4]") + "}", 1,
                "corrupt header: tensor 'a' has shape [65536,65536], more than 2147483647 elements");
        // a shape of 3 floats is 12 bytes, not the 4 the offsets give
        rejects("{" + f32("a", "[3]", "[0,4]") + "}", 1,
                "corrupt header: tensor 'a' of F32 shape [3] needs 12 bytes, its data_offsets [0,4] give 4");
    }

    @Test
    void namesMustBeUtf8AndAreShownOnOneLine() {
        byte[] bytes = file("{" + f32("a", "[1]", "[0,4]") + "}", 1);
        bytes[10] = (byte) 0xff; // the name "a" becomes a byte that UTF-8 does not have
        assertThatThrownBy(() -> Safetensors.decode(bytes)).hasMessage(
                "corrupt header: not UTF-8 text (byte 0xff at byte 2 of the header)");
        rejects("{" + f32("a\\nb", "[3]", "[0,4]") + "}", 1,
                "corrupt header: tensor 'a\\u000ab' of F32 shape [3] needs 12 bytes, its data_offsets [0,4] give 4");
    }

    @Test
    void invalidJsonIsOneLineWithTheByteAndJacksonsReasonWithoutItsSourceLocation() {
        // {"a":{"dtype":"F32","shape":[1]} is 1 + 4 + 1 + 8 + 6 + 8 + 3 + 1 = 32 bytes, one '}' short: the input
        // ends at byte 32
        rejects("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}", 0, "corrupt header: not valid JSON at byte 32 of the "
                + "header (Unexpected end-of-input: expected close marker for Object)");
        // {"a":[1} : the '}' that should be ']' is byte 7
        rejects("{\"a\":[1}", 0, "corrupt header: not valid JSON at byte 7 of the header, in the entry of tensor 'a' "
                + "(Unexpected close marker "
                + "'}': expected ']')");
        // {"a":{"dtype":"F32","shape":[1:... : the ':' at byte 30 breaks the shape array inside a's entry
        rejects("{\"a\":{\"dtype\":\"F32\",\"shape\":[1:2]}}", 0, "corrupt header: not valid JSON at byte 30 of "
                + "the header, in the entry of tensor 'a' (Unexpected character (':' (code 58)): was expecting comma "
                + "to separate Array entries)");
        rejects("{\"__metadata__\":{\"k\" \"v\"}}", 0, "corrupt header: not valid JSON at byte 21 of the header, in "
                + "the entry of __metadata__ (Unexpected character ('\"' (code 34)): was expecting a colon to separate "
                + "field name and value)");
        assertThat(SafetensorsHeader.jacksonReason("Unexpected close marker '}': expected ']' (for Array starting "
                + "at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 6])"))
                .isEqualTo("Unexpected close marker '}': expected ']'");
    }

    @Test
    void anUnsignedHeaderLengthBeyondTwoToThe63IsRefusedAsWritten() {
        byte[] bytes = file("{}", 0);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
        assertThatThrownBy(() -> Safetensors.decode(bytes)).hasMessage("corrupt or truncated: the header length "
                + "field says 18446744073709551615 bytes, but the file has 2 bytes after it");
    }

    @Test
    void whatTheRulesAllowIsRead() {
        // header order b, e, s, a; data order a (0..8), e (empty, at 8), s (scalar, 8..12), b (12..16)
        String header = "{\"__metadata__\":{\"k\":\"v\"}," + f32("b", "[1,1]", "[12,16]") + ","
                + f32("e", "[0]", "[8,8]") + "," + f32("s", "[]", "[8,12]") + ","
                + "\"a\":{\"data_offsets\":[0,8],\"shape\":[2],\"dtype\":\"F32\"}}    ";
        Safetensors.Contents c = Safetensors.decode(file(header, 4));
        assertThat(c.tensors().keySet()).containsExactly("b", "e", "s", "a");
        assertThat(c.tensors().get("a").floats()).containsExactly(1f, 2f);
        assertThat(c.tensors().get("e").shape()).isEqualTo(Shape.of(0));
        assertThat(c.tensors().get("s").shape()).isEqualTo(Shape.SCALAR);
        assertThat(c.tensors().get("s").item()).isEqualTo(3.0);
        assertThat(c.tensors().get("b").floats()).containsExactly(4f);
        assertThat(c.tensors().get("b").dtype()).isEqualTo(DType.FLOAT32);
        assertThat(c.metadata()).containsExactly(java.util.Map.entry("k", "v"));
        // two empty tensors may share an offset: neither holds a byte
        String empties = "{" + f32("x", "[0]", "[4,4]") + "," + f32("y", "[0]", "[4,4]") + ","
                + f32("z", "[1]", "[0,4]") + "}";
        assertThat(Safetensors.decode(file(empties, 1)).tensors().get("z").floats()).containsExactly(1f);
    }

    @Test
    void fileProblemsNameTheFileAndTheReason() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("model.safetensors"));
        assertThatThrownBy(() -> Safetensors.read(sub)).isInstanceOf(ModelFileException.class)
                .hasMessage(sub + ": is a directory, expected a file");
        Path bad = Files.write(dir.resolve("bad.safetensors"), file("{" + f32("a", "[2]", "[0,8]") + "}", 3));
        assertThatThrownBy(() -> Safetensors.read(bad)).hasMessage(bad
                + ": corrupt: bytes 8..12 of the data, after the last tensor 'a', belong to no tensor");
    }
}

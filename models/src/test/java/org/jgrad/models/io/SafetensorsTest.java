package org.jgrad.models.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.models.nn.Linear;
import org.jgrad.models.nn.Mlp;
import org.jgrad.models.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    @Test
    void stateDictRoundTripIsBitExact() throws IOException {
        Sequential net = Mlp.of(new int[] {5, 4, 3}, "relu", new Random(1));
        net.namedParameters().get("0.bias").data().set(0, Float.MIN_VALUE); // a subnormal survives too
        Map<String, NDArray> before = net.stateDict();
        Path file = dir.resolve("net.safetensors");
        Safetensors.write(file, before, Map.of("note", "hello"));

        Sequential other = Mlp.of(new int[] {5, 4, 3}, "relu", new Random(2));
        Safetensors.Contents c = Safetensors.read(file);
        other.loadStateDict(c.tensors());
        assertThat(c.metadata()).containsExactly(Map.entry("note", "hello"));
        assertThat(c.tensors().keySet()).containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
        for (Map.Entry<String, NDArray> e : before.entrySet()) {
            float[] a = e.getValue().floats();
            float[] b = other.namedParameters().get(e.getKey()).data().floats();
            int[] bitsA = new int[a.length];
            int[] bitsB = new int[b.length];
            for (int i = 0; i < a.length; i++) {
                bitsA[i] = Float.floatToRawIntBits(a[i]);
                bitsB[i] = Float.floatToRawIntBits(b[i]);
            }
            assertThat(bitsB).as(e.getKey()).containsExactly(bitsA);
        }
    }

    /** The layout a Python reader relies on, checked by parsing the file here with no jgrad code. */
    @Test
    void fileLayoutIsWhatJsonAndNumpyRead() throws IOException {
        Linear layer = new Linear(3, 2, new Random(3));
        NDArray f64 = NDArray.of(new double[] {1.5, -0.25}, Shape.of(2));
        Map<String, NDArray> tensors = new java.util.LinkedHashMap<>(layer.stateDict());
        tensors.put("extra", f64);
        Path file = dir.resolve("layer.safetensors");
        Safetensors.write(file, tensors, Map.of("model", "linear"));

        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = in.getLong();
        assertThat(n % 8).isZero();
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
        assertThat(header.get("__metadata__").get("model").asText()).isEqualTo("linear");
        JsonNode w = header.get("weight");
        assertThat(w.get("dtype").asText()).isEqualTo("F32");
        assertThat(w.get("shape").toString()).isEqualTo("[2,3]");
        assertThat(w.get("data_offsets").toString()).isEqualTo("[0,24]");
        assertThat(header.get("bias").get("data_offsets").toString()).isEqualTo("[24,32]");
        assertThat(header.get("extra").get("dtype").asText()).isEqualTo("F64");
        assertThat(header.get("extra").get("data_offsets").toString()).isEqualTo("[32,48]");
        assertThat(bytes.length).isEqualTo(8 + n + 48);

        int data = 8 + (int) n;
        float[] weight = layer.weight().data().floats();
        for (int i = 0; i < 6; i++) {
            assertThat(in.getFloat(data + 4 * i)).isEqualTo(weight[i]);
        }
        assertThat(in.getDouble(data + 32)).isEqualTo(1.5);
        assertThat(in.getDouble(data + 40)).isEqualTo(-0.25);
    }

    @Test
    void readsAFileWrittenByAnotherWriter() {
        // written by hand the way Python's safetensors does: no metadata, header padded with spaces
        String json = "{\"b\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[8,12]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        byte[] header = (json + "   ").getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + 12).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header).putFloat(1f).putFloat(2f).putFloat(-3f);
        Safetensors.Contents c = Safetensors.decode(b.array());
        assertThat(c.tensors().get("a").floats()).containsExactly(1f, 2f);
        assertThat(c.tensors().get("b").shape()).isEqualTo(Shape.SCALAR);
        assertThat(c.tensors().get("b").item()).isEqualTo(-3.0);
        assertThat(c.metadata()).isEmpty();
    }

    @Test
    void truncatedAndCorruptFilesAreClearErrorsAndLeaveTheModelUnchanged() throws IOException {
        Linear model = new Linear(3, 2, new Random(4));
        Path good = dir.resolve("good.safetensors");
        Safetensors.write(good, new Linear(3, 2, new Random(5)).stateDict(), Map.of());
        byte[] bytes = Files.readAllBytes(good);
        Map<String, NDArray> before = model.stateDict();

        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 3));
        assertThatThrownBy(() -> model.loadStateDict(Safetensors.read(truncated).tensors()))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("truncated.safetensors")
                .hasMessageContaining("truncated");

        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> Safetensors.read(tiny)).hasMessageContaining("at least 8");

        byte[] badJson = bytes.clone();
        badJson[9] = 'x'; // {x"weight":...
        assertThatThrownBy(() -> Safetensors.decode(badJson)).hasMessageContaining("not valid JSON");

        byte[] hugeHeader = bytes.clone();
        ByteBuffer.wrap(hugeHeader).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        assertThatThrownBy(() -> Safetensors.decode(hugeHeader)).hasMessageContaining("header length");

        Path wrongShape = dir.resolve("wrong.safetensors");
        Safetensors.write(wrongShape, new Linear(4, 2, new Random(6)).stateDict(), Map.of());
        assertThatThrownBy(() -> model.loadStateDict(Safetensors.read(wrongShape).tensors()))
                .hasMessageContaining("'weight'").hasMessageContaining("(2, 4)").hasMessageContaining("(2, 3)");

        assertThat(model.stateDict().get("weight").floats()).containsExactly(before.get("weight").floats());
        assertThat(model.stateDict().get("bias").floats()).containsExactly(before.get("bias").floats());
    }

    @Test
    void writeReplacesAtomicallyAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Safetensors.write(file, new Linear(2, 1, new Random(0)).stateDict(), Map.of());
        Safetensors.write(file, new Linear(3, 1, new Random(0)).stateDict(), Map.of());
        assertThat(Safetensors.read(file).tensors().get("weight").shape()).isEqualTo(Shape.of(1, 3));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("m.safetensors");
        }
    }
}

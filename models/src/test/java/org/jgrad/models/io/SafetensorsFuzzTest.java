package org.jgrad.models.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.junit.jupiter.api.Test;

/**
 * 10,000 seeded mutations of one valid file. Each must either load, with exactly the numbers the mutated bytes
 * hold, or be refused with a one-line {@link ModelFileException}; any other exception fails.
 *
 * <p>What "exactly" means, per kind of mutation, from what is known about the file without the reader: a bit
 * flipped in the data must load, with that one bit flipped in that one value (the data is the tensors in the
 * map's order, back to back, which {@code fileLayoutIsWhatJsonAndNumpyRead} checks with plain JSON and byte
 * reads); a cut or appended bytes must be refused; a change to the header may load only if every tensor keeps its
 * dtype, element count and bits, and its name, its shape and the metadata too unless the change fell inside them.
 * Every tensor has a byte size of its own, so no edit of offsets can swap two tensors validly.
 */
class SafetensorsFuzzTest {
    private static final int CASES = 10_000;

    private final Map<String, NDArray> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private byte[] file;
    private String header;
    private int dataStart;
    private final Map<String, int[]> nameAt = new LinkedHashMap<>();
    private final Map<String, int[]> shapeAt = new LinkedHashMap<>();
    private int[] metadataAt;
    private final Map<String, Integer> counts = new TreeMap<>();

    /** A mutated file and the range of header text it changed ({@code from == to}: none, or an insertion). */
    private record Mutation(String kind, byte[] bytes, int from, int to) {
    }

    private void build() {
        Random r = new Random(7);
        tensors.put("layer.weight", floats(r, 3, 4));   // 48 bytes
        tensors.put("layer.bias", floats(r, 3));        // 12
        tensors.put("scale", NDArray.of(new double[] {r.nextGaussian()}, Shape.SCALAR)); // 8
        tensors.put("empty", floats(r, 0));             // 0
        tensors.put("counts", NDArray.of(new double[] {1, -2.5, 1e-300, Double.MIN_VALUE}, Shape.of(2, 2))); // 32
        tensors.put("b2", floats(r, 5));                // 20
        metadata.put("model", "mlp");
        metadata.put("classes", "[\"cat\",\"dog\"]");
        file = Safetensors.encode(tensors, metadata);
        long n = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
        dataStart = 8 + (int) n;
        header = new String(file, 8, (int) n, StandardCharsets.US_ASCII);
        for (String name : tensors.keySet()) {
            int at = header.indexOf("\"" + name + "\":{");
            assertThat(at).as(name).isPositive();
            nameAt.put(name, new int[] {at, at + name.length() + 2});
            int shape = header.indexOf("\"shape\":[", at);
            shapeAt.put(name, new int[] {shape, header.indexOf(']', shape) + 1});
        }
        int meta = header.indexOf("\"__metadata__\"");
        metadataAt = new int[] {meta, header.indexOf('}', meta) + 1};
    }

    private static NDArray floats(Random r, int... dims) {
        Shape s = Shape.of(dims);
        float[] v = new float[s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return NDArray.of(v, s);
    }

    @Test
    void tenThousandMutationsLoadTheFilesNumbersOrGiveAClearError() {
        build();
        check(new Mutation("none", file, 0, 0), tensors);
        for (int seed = 0; seed < CASES; seed++) {
            Random r = new Random(seed);
            int kind = r.nextInt(10);
            if (kind < 2) {
                flipData(r);
            } else if (kind < 4) {
                int at = r.nextInt(dataStart);
                byte[] b = file.clone();
                b[at] ^= (byte) (1 << r.nextInt(8));
                check(new Mutation("header bit flip", b, at - 8, at - 7), tensors);
            } else if (kind == 4) {
                check(new Mutation("cut", Arrays.copyOf(file, r.nextInt(file.length)), 0, 0), null);
            } else if (kind == 5) {
                byte[] b = Arrays.copyOf(file, file.length + 1 + r.nextInt(16));
                for (int i = file.length; i < b.length; i++) {
                    b[i] = (byte) r.nextInt(256);
                }
                check(new Mutation("append", b, 0, 0), null);
            } else {
                edit(r);
            }
        }
        // each kind ran, and the ones that must be refused or must load were seen doing so
        assertThat(counts).containsKeys("data bit flip: loaded", "header bit flip: refused", "cut: refused",
                "append: refused", "delete: refused", "insert: refused", "number: refused", "duplicate: refused",
                "swap offsets: refused", "string: refused", "after: refused", "insert: loaded", "delete: loaded");
        assertThat(counts).doesNotContainKeys("cut: loaded", "append: loaded", "duplicate: loaded",
                "swap offsets: loaded", "data bit flip: refused");
    }

    /** A bit in the data: the file stays valid, and exactly one value changes by that bit. */
    private void flipData(Random r) {
        int at = dataStart + r.nextInt(file.length - dataStart);
        int bit = r.nextInt(8);
        byte[] b = file.clone();
        b[at] ^= (byte) (1 << bit);
        Map<String, NDArray> expected = new LinkedHashMap<>();
        long offset = at - dataStart;
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            NDArray a = e.getValue();
            long length = (long) a.size() * a.dtype().bytes();
            if (offset >= 0 && offset < length) {
                expected.put(e.getKey(), flipped(a, (int) offset, bit));
            } else {
                expected.put(e.getKey(), a);
            }
            offset -= length;
        }
        check(new Mutation("data bit flip", b, 0, 0), expected);
    }

    /** {@code a} with bit {@code bit} of its little-endian byte {@code byteIndex} flipped. */
    private static NDArray flipped(NDArray a, int byteIndex, int bit) {
        int size = a.dtype().bytes();
        int element = byteIndex / size;
        int shift = 8 * (byteIndex % size) + bit;
        if (a.dtype() == DType.FLOAT32) {
            float[] v = a.floats().clone();
            v[element] = Float.intBitsToFloat(Float.floatToRawIntBits(v[element]) ^ (1 << shift));
            return NDArray.of(v, a.shape());
        }
        double[] v = a.doubles().clone();
        v[element] = Double.longBitsToDouble(Double.doubleToRawLongBits(v[element]) ^ (1L << shift));
        return NDArray.of(v, a.shape());
    }

    private static final String INSERTS = "{}[]\",:0123456789-+.eE \n\t\\xF/";
    private static final String[] NUMBERS = {"-1", "0", "-0", "1.5", "8.0", "1e3", "4294967296",
        "99999999999999999999", "18446744073709551616", "00", "1", "12", "48", "60"};

    /** An edit of the header text; half the time the length field is rewritten to fit, half the time not. */
    private void edit(Random r) {
        String h = header;
        String kind;
        int from;
        int to;
        String edited;
        switch (r.nextInt(7)) {
            case 0 -> {
                kind = "delete";
                from = r.nextInt(h.length());
                to = from + 1;
                edited = h.substring(0, from) + h.substring(to);
            }
            case 1 -> {
                kind = "insert";
                from = r.nextInt(h.length() + 1);
                to = from;
                edited = h.substring(0, from) + INSERTS.charAt(r.nextInt(INSERTS.length())) + h.substring(from);
            }
            case 2 -> {
                kind = "number";
                List<int[]> numbers = new ArrayList<>();
                for (int i = 0; i < h.length(); i++) {
                    if (Character.isDigit(h.charAt(i)) && (i == 0 || !Character.isLetterOrDigit(h.charAt(i - 1)))) {
                        int j = i;
                        while (j < h.length() && Character.isDigit(h.charAt(j))) {
                            j++;
                        }
                        numbers.add(new int[] {i, j});
                    }
                }
                int[] n = numbers.get(r.nextInt(numbers.size()));
                from = n[0];
                to = n[1];
                edited = h.substring(0, from) + NUMBERS[r.nextInt(NUMBERS.length)] + h.substring(to);
            }
            case 3 -> {
                kind = "duplicate";
                List<String> names = new ArrayList<>(tensors.keySet());
                String name = names.get(r.nextInt(names.size()));
                int at = nameAt.get(name)[0];
                String entry = h.substring(at, h.indexOf('}', at) + 1);
                from = h.lastIndexOf('}');
                to = from;
                edited = h.substring(0, from) + "," + entry + h.substring(from);
            }
            case 4 -> {
                kind = "swap offsets";
                List<String> names = new ArrayList<>(tensors.keySet());
                String a = names.get(r.nextInt(names.size()));
                String b = names.get(r.nextInt(names.size()));
                String oa = offsets(h, a);
                String ob = offsets(h, b);
                edited = h.replace(oa, "\u0000").replace(ob, oa).replace("\u0000", ob);
                from = 0;
                to = 0;
                if (a.equals(b)) {
                    return;
                }
            }
            case 5 -> {
                kind = "string";
                String[] pairs = {"\"F32\"", "\"F16\"", "\"F64\"", "\"I64\"", "\"layer.bias\"", "\"scale\"",
                    "\"mlp\"", "\"dtype\"", "\"shape\"", "\"data_offsets\"", "\"__metadata__\""};
                String old;
                do {
                    old = pairs[r.nextInt(pairs.length)];
                } while (!h.contains(old));
                from = h.indexOf(old);
                to = from + old.length();
                edited = h.substring(0, from) + pairs[r.nextInt(pairs.length)] + h.substring(to);
            }
            default -> {
                kind = "after";
                String[] tails = {" ", "   ", "\n", "\t", "x", "{}", "\u0000", ",", "}"};
                int end = h.stripTrailing().length();
                from = end;
                to = h.length();
                edited = h.substring(0, end) + tails[r.nextInt(tails.length)];
            }
        }
        byte[] text = edited.getBytes(StandardCharsets.UTF_8);
        long length = r.nextBoolean() ? text.length : dataStart - 8;
        ByteBuffer b = ByteBuffer.allocate(8 + text.length + file.length - dataStart).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(length).put(text).put(file, dataStart, file.length - dataStart);
        check(new Mutation(kind, b.array(), from, to), tensors);
    }

    private static String offsets(String h, String name) {
        int at = h.indexOf("\"data_offsets\":[", h.indexOf("\"" + name + "\":{"));
        return h.substring(at, h.indexOf(']', at) + 1);
    }

    /**
     * {@code expected} null: the file must be refused. Otherwise it may load only as described above. (Plain
     * comparisons rather than AssertJ here: this runs 10,000 times, and building descriptions costs more than the
     * reading.)
     */
    private void check(Mutation m, Map<String, NDArray> expected) {
        Safetensors.Contents c;
        try {
            c = Safetensors.decode(m.bytes());
        } catch (ModelFileException e) {
            String message = e.getMessage();
            if (message == null || message.isBlank() || message.contains("\n") || message.contains("REDACTED")) {
                fail(m.kind() + ": the message is not one clear line: " + message);
            }
            counts.merge(m.kind() + ": refused", 1, Integer::sum);
            return;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError(m.kind() + ": " + e + " instead of a ModelFileException", e);
        }
        counts.merge(m.kind() + ": loaded", 1, Integer::sum);
        if (expected == null) {
            fail(m.kind() + " loaded a file that must be refused");
        }
        List<Map.Entry<String, NDArray>> want = new ArrayList<>(expected.entrySet());
        List<Map.Entry<String, NDArray>> got = new ArrayList<>(c.tensors().entrySet());
        if (got.size() != want.size()) {
            fail(m.kind() + ": loaded " + got.size() + " tensors, the file has " + want.size());
        }
        for (int i = 0; i < want.size(); i++) {
            String name = want.get(i).getKey();
            NDArray w = want.get(i).getValue();
            NDArray g = got.get(i).getValue();
            if (g.dtype() != w.dtype() || g.size() != w.size() || !Arrays.equals(bits(g), bits(w))) {
                fail(m.kind() + ": tensor " + name + " loaded as " + g.dtype() + " " + Arrays.toString(bits(g))
                        + ", the file holds " + w.dtype() + " " + Arrays.toString(bits(w)));
            }
            if (!touches(m, nameAt.get(name)) && !got.get(i).getKey().equals(name)) {
                fail(m.kind() + ": tensor " + name + " loaded as " + got.get(i).getKey());
            }
            if (!touches(m, shapeAt.get(name)) && !g.shape().equals(w.shape())) {
                fail(m.kind() + ": tensor " + name + " has shape " + g.shape() + ", expected " + w.shape());
            }
        }
        if (!touches(m, metadataAt) && !c.metadata().equals(metadata)) {
            fail(m.kind() + ": metadata " + c.metadata() + ", expected " + metadata);
        }
    }

    private static boolean touches(Mutation m, int[] range) {
        return m.from() < range[1] && m.to() >= range[0] && !(m.from() == 0 && m.to() == 0);
    }

    private static long[] bits(NDArray a) {
        long[] out = new long[a.size()];
        if (a.dtype() == DType.FLOAT32) {
            float[] v = a.floats();
            for (int i = 0; i < out.length; i++) {
                out[i] = Float.floatToRawIntBits(v[i]);
            }
        } else {
            double[] v = a.doubles();
            for (int i = 0; i < out.length; i++) {
                out[i] = Double.doubleToRawLongBits(v[i]);
            }
        }
        return out;
    }
}

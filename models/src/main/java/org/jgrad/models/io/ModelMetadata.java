package org.jgrad.models.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Path;
import java.util.Map;

/**
 * Typed values read from a model file's {@code __metadata__} strings (JSON text such as {@code [64,16,1]}), each
 * failure one line naming the file, the field, what was expected and what was found:
 * {@code net.safetensors: __metadata__ 'layers' is not a JSON array of integers: found '[64,x]'}. (Jackson's own
 * message spans two lines and shows the source as {@code REDACTED}.)
 *
 * <pre>{@code
 * int[] sizes = ModelMetadata.json(file, contents.metadata(), "layers", int[].class);
 * }</pre>
 */
public final class ModelMetadata {
    /** Strict: no 1.5 read as 1, no "1" as 1, no null as 0, nothing after the value. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT).disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private ModelMetadata() {
    }

    /** The string stored under {@code key}; a {@link ModelFileException} when there is none. */
    public static String require(Path file, Map<String, String> metadata, String key) {
        String v = metadata.get(key);
        if (v == null) {
            throw new ModelFileException(file + ": __metadata__ lacks '" + key + "'");
        }
        return v;
    }

    /** The JSON under {@code key} as a {@code type}. */
    public static <T> T json(Path file, Map<String, String> metadata, String key, Class<T> type) {
        return json(file, metadata, key, JSON.constructType(type));
    }

    /** The JSON under {@code key} as a {@code type} (for generic types such as {@code List<String>}). */
    public static <T> T json(Path file, Map<String, String> metadata, String key, TypeReference<T> type) {
        return json(file, metadata, key, JSON.constructType(type));
    }

    private static <T> T json(Path file, Map<String, String> metadata, String key, JavaType type) {
        String text = require(file, metadata, key);
        try {
            T value = JSON.readValue(text, type);
            if (value == null) {
                throw new ModelFileException(problem(file, key, type, text));
            }
            return value;
        } catch (JacksonException e) {
            throw new ModelFileException(problem(file, key, type, text));
        }
    }

    private static String problem(Path file, String key, JavaType type, String text) {
        return file + ": __metadata__ '" + key + "' is not " + describe(type) + ": found '"
                + SafetensorsHeader.printable(text) + "'";
    }

    /** {@code int[]} as "a JSON array of integers", {@code List<String>} as "a JSON array of strings", ... */
    static String describe(JavaType type) {
        if (type.isArrayType() || type.isCollectionLikeType()) {
            return "a JSON array of " + plural(type.getContentType().getRawClass());
        }
        return "a JSON " + plural(type.getRawClass()).replaceAll("s$", "");
    }

    private static String plural(Class<?> c) {
        if (c == int.class || c == long.class || c == Integer.class || c == Long.class || c == short.class) {
            return "integers";
        }
        if (c == float.class || c == double.class || c == Float.class || c == Double.class) {
            return "numbers";
        }
        if (c == String.class) {
            return "strings";
        }
        return c.getSimpleName() + " values";
    }
}

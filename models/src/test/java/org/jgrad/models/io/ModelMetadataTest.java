package org.jgrad.models.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelMetadataTest {
    private static final Path FILE = Path.of("net.safetensors");

    @Test
    void readsTypedValues() {
        Map<String, String> meta = Map.of("layers", "[64, 16, 1]", "classes", "[\"cat\",\"dog\"]", "shift", "[0.5,-1]");
        assertThat(ModelMetadata.json(FILE, meta, "layers", int[].class)).containsExactly(64, 16, 1);
        assertThat(ModelMetadata.json(FILE, meta, "classes", new TypeReference<List<String>>() {
        })).containsExactly("cat", "dog");
        assertThat(ModelMetadata.json(FILE, meta, "shift", float[].class)).containsExactly(0.5f, -1f);
    }

    @Test
    void aBadFieldIsOneLineNamingTheFileTheFieldAndTheText() {
        Map<String, String> meta = Map.of("layers", "[64,x]", "frac", "[1.5]", "quoted", "[\"2\"]", "tail",
                "[1] [2]", "nul", "[null]", "multi", "[1,\n2,x]", "classes", "[1,{}]", "empty", "");
        assertThatThrownBy(() -> ModelMetadata.json(FILE, meta, "layers", int[].class))
                .isExactlyInstanceOf(ModelFileException.class)
                .hasMessage("net.safetensors: __metadata__ 'layers' is not a JSON array of integers: found '[64,x]'");
        // what Jackson would coerce silently: 1.5 to 1, "2" to 2, a second value ignored, null to 0
        for (String key : new String[] {"frac", "quoted", "tail", "nul"}) {
            assertThatThrownBy(() -> ModelMetadata.json(FILE, meta, key, int[].class)).as(key)
                    .hasMessageStartingWith("net.safetensors: __metadata__ '" + key + "' is not a JSON array of "
                            + "integers: found '");
        }
        assertThatThrownBy(() -> ModelMetadata.json(FILE, meta, "multi", int[].class))
                .hasMessage("net.safetensors: __metadata__ 'multi' is not a JSON array of integers: found "
                        + "'[1,\\u000a2,x]'");
        assertThatThrownBy(() -> ModelMetadata.json(FILE, meta, "classes", new TypeReference<List<String>>() {
        })).hasMessage("net.safetensors: __metadata__ 'classes' is not a JSON array of strings: found '[1,{}]'");
        assertThatThrownBy(() -> ModelMetadata.json(FILE, meta, "empty", float[].class))
                .hasMessage("net.safetensors: __metadata__ 'empty' is not a JSON array of numbers: found ''");
        assertThatThrownBy(() -> ModelMetadata.json(FILE, meta, "absent", int[].class))
                .hasMessage("net.safetensors: __metadata__ lacks 'absent'");
    }
}

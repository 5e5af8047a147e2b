package org.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON text for the explorer page, compared with text written out by hand. */
class JsonTextTest {

    @Test
    void stringsAreEscapedForJsonAndForAnHtmlScriptElement() {
        assertThat(JsonText.of("a\"b\\c\nd\te")).isEqualTo("\"a\\\"b\\\\c\\nd\\te\"");
        assertThat(JsonText.of("</script>&")).isEqualTo("\"\\u003c/script\\u003e\\u0026\"");
        assertThat(JsonText.of("\u2028\u0001")).isEqualTo("\"\\u2028\\u0001\"");
        assertThat(JsonText.of("dJ/db = 3 * c")).isEqualTo("\"dJ/db = 3 * c\"");
    }

    @Test
    void numbersListsAndMaps() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", 3);
        m.put("x", 0.5);
        m.put("whole", 2.0);
        m.put("v", new double[] {1, -0.25, Double.NaN});
        m.put("i", new int[] {1, 2});
        m.put("l", List.of(true, "s"));
        m.put("none", null);
        assertThat(JsonText.of(m)).isEqualTo(
                "{\"n\":3,\"x\":0.5,\"whole\":2,\"v\":[1,-0.25,\"NaN\"],\"i\":[1,2],\"l\":[true,\"s\"],\"none\":null}");
        assertThat(JsonText.of(1e-7)).isEqualTo("1.0E-7");
    }
}

package dev.canopy.support.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

class JsonBodyErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public record Item(String name, int count) {
    }

    public record Body(String url, List<Item> items, boolean enabled) {
    }

    private static String detail(String json) {
        JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class, () -> JSON.readValue(json, Body.class));
        return JsonBodyErrors.detail(e);
    }

    @Test
    void brokenJsonSaysWhere() {
        assertThat(detail("{\n  \"url\": \"x\",\n  \"items\": [ {\"name\": \"a\" ,, } ]\n}"))
                .startsWith("request body is not valid JSON at line 3, column");
    }

    @Test
    void wrongTypesNameTheFieldAndTheJsonTypeButNoJavaType() {
        String d = detail("{\"items\":[{\"name\":\"a\",\"count\":\"many\"}]}");
        assertThat(d).startsWith("field 'items[0].count': expected an integer at line 1");
        assertThat(detail("{\"items\": 5}")).startsWith("field 'items': expected an array");
        assertThat(detail("{\"enabled\": [1]}")).startsWith("field 'enabled': expected true or false");
        assertThat(detail("[1,2]")).startsWith("request body: expected an object");
        assertThat(detail("{\"surprise\": 1}")).startsWith("request body has an unknown field 'surprise'");
        for (String json : List.of("{\"items\":[{\"count\":\"many\"}]}", "{\"items\": 5}", "[1]", "{\"enabled\":{}}")) {
            assertThat(detail(json)).doesNotContain("java").doesNotContain("dev.canopy").doesNotContain("Body")
                    .doesNotContain("Item").doesNotContain("many");
        }
    }
}

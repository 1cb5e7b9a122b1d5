package io.tributary.registry.schema;

import static io.tributary.registry.schema.CompatibilityCase.change;
import static io.tributary.registry.schema.CompatibilityCase.history;
import static io.tributary.registry.schema.CompatibilityLevel.BACKWARD;
import static io.tributary.registry.schema.CompatibilityLevel.BACKWARD_TRANSITIVE;
import static io.tributary.registry.schema.CompatibilityLevel.FORWARD;
import static io.tributary.registry.schema.CompatibilityLevel.FORWARD_TRANSITIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.registry.schema.json.JsonSchemaFormat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JSON Schema compatibility at every level, with the verdicts of Confluent's rules (its documentation's
 * "JSON Schema compatibility rules": open, closed and partially open content models; widened and narrowed
 * types and bounds).
 */
class JsonSchemaCompatibilityTest {

    private static final JsonSchemaFormat JSON = new JsonSchemaFormat();

    private static String object(String props, String extra) {
        return "{\"type\":\"object\",\"properties\":{" + props + "}" + extra + "}";
    }

    private static final String CLOSED = ",\"additionalProperties\":false";

    static List<CompatibilityCase> cases() {
        String a = "\"a\":{\"type\":\"string\"}";
        String b = "\"b\":{\"type\":\"integer\"}";
        List<CompatibilityCase> out = new ArrayList<>();
        out.addAll(change("open model: add a typed property", object(a, ""), object(a + "," + b, ""), false, true));
        out.addAll(change("open model: add an unconstrained property", object(a, ""),
                object(a + ",\"b\":{}", ""), true, true));
        out.addAll(change("closed model: add an optional property", object(a, CLOSED), object(a + "," + b, CLOSED),
                true, false));
        out.addAll(change("closed model: add a required property", object(a, CLOSED),
                object(a + "," + b, CLOSED + ",\"required\":[\"b\"]"), false, false));
        out.addAll(change("closed model: add a required property with a default", object(a, CLOSED),
                object(a + ",\"b\":{\"type\":\"integer\",\"default\":0}", CLOSED + ",\"required\":[\"b\"]"),
                true, false));
        out.addAll(change("partially open model: add a property its schema covers",
                object(a, ",\"additionalProperties\":{\"type\":\"integer\"}"),
                object(a + "," + b, ",\"additionalProperties\":{\"type\":\"integer\"}"), true, true));
        out.addAll(change("drop required", object(a, ",\"required\":[\"a\"]"), object(a, ""), true, false));
        out.addAll(change("integer to number", "{\"type\":\"integer\"}", "{\"type\":\"number\"}", true, false));
        out.addAll(change("string to a union with null", "{\"type\":\"string\"}",
                "{\"type\":[\"string\",\"null\"]}", true, false));
        out.addAll(change("string to integer", "{\"type\":\"string\"}", "{\"type\":\"integer\"}", false, false));
        out.addAll(change("lower maxLength", "{\"type\":\"string\",\"maxLength\":10}",
                "{\"type\":\"string\",\"maxLength\":5}", false, true));
        out.addAll(change("add a pattern", "{\"type\":\"string\"}", "{\"type\":\"string\",\"pattern\":\"^a\"}",
                false, true));
        out.addAll(change("raise minimum", "{\"type\":\"number\",\"minimum\":0}",
                "{\"type\":\"number\",\"minimum\":1}", false, true));
        out.addAll(change("extend an enum", "{\"enum\":[\"A\",\"B\"]}", "{\"enum\":[\"A\",\"B\",\"C\"]}", true,
                false));
        out.addAll(change("close the content model", object(a, ""), object(a, CLOSED), false, true));
        out.addAll(change("anyOf gains an alternative", "{\"anyOf\":[{\"type\":\"string\"}]}",
                "{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}", true, false));
        out.addAll(change("items narrowed", "{\"type\":\"array\",\"items\":{\"type\":\"number\"}}",
                "{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}", false, true));
        out.addAll(change("$ref to the same definition", "{\"$defs\":{\"s\":{\"type\":\"string\"}},"
                + "\"$ref\":\"#/$defs/s\"}", "{\"type\":\"string\"}", true, true));
        // three versions: v2 adds b as required with a default, v3 drops the default
        String v1 = object(a, CLOSED);
        String v2 = object(a + ",\"b\":{\"type\":\"integer\",\"default\":0}", CLOSED + ",\"required\":[\"b\"]");
        String v3 = object(a + "," + b, CLOSED + ",\"required\":[\"b\"]");
        out.add(history("v3 drops b's default", BACKWARD, List.of(v1, v2), v3, true));
        out.add(history("v3 drops b's default", BACKWARD_TRANSITIVE, List.of(v1, v2), v3, false));
        String f1 = "{\"type\":\"string\",\"maxLength\":5}";
        String f2 = "{\"type\":\"string\",\"maxLength\":10}";
        String f3 = "{\"type\":\"string\",\"maxLength\":8}";
        out.add(history("v3 writes longer strings than v1 reads", FORWARD, List.of(f1, f2), f3, true));
        out.add(history("v3 writes longer strings than v1 reads", FORWARD_TRANSITIVE, List.of(f1, f2), f3, false));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verdictAsConfluentRules(CompatibilityCase c) {
        assertThat(c.verdict(JSON)).as(c.toString()).isEqualTo(c.compatible());
    }

    @Test
    void canonicalTextIsCompactJson() {
        assertThat(JSON.parse("{ \"type\" : \"string\" }", List.of()).canonical()).isEqualTo("{\"type\":\"string\"}");
    }

    @Test
    void referencesResolveByName() {
        String user = "{\"type\":\"object\",\"properties\":{\"home\":{\"$ref\":\"address.json\"}}}";
        String address = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}";
        assertThat(JSON.parse(user, List.of(new ResolvedReference("address.json", address)))).isNotNull();
        assertThatThrownBy(() -> JSON.parse(user, List.of())).isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("address.json");
    }

    @Test
    void invalidSchemasAreRejected() {
        for (String bad : List.of("{", "[]", "\"x\"", "{\"type\":\"strng\"}", "{\"properties\":[]}",
                "{\"anyOf\":[]}", "{\"type\":\"string\",\"minLength\":\"x\"}",
                "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"required\":true}")) {
            assertThatThrownBy(() -> JSON.parse(bad, List.of())).as(bad).isInstanceOf(InvalidSchemaException.class);
        }
    }
}

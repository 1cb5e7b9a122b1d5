package io.tributary.registry.schema;

import static io.tributary.registry.schema.CompatibilityCase.change;
import static io.tributary.registry.schema.CompatibilityCase.history;
import static io.tributary.registry.schema.CompatibilityLevel.BACKWARD;
import static io.tributary.registry.schema.CompatibilityLevel.BACKWARD_TRANSITIVE;
import static io.tributary.registry.schema.CompatibilityLevel.FORWARD;
import static io.tributary.registry.schema.CompatibilityLevel.FORWARD_TRANSITIVE;
import static io.tributary.registry.schema.CompatibilityLevel.FULL;
import static io.tributary.registry.schema.CompatibilityLevel.FULL_TRANSITIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Avro compatibility at every level, with the verdicts of Confluent's documentation ("Schema Evolution and
 * Compatibility": adding or removing fields with and without defaults) and the Avro specification's schema
 * resolution (promotions, enum symbols, unions).
 */
class AvroCompatibilityTest {

    private static final AvroFormat AVRO = new AvroFormat();

    private static String record(String... fields) {
        return "{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + String.join(",", fields) + "]}";
    }

    private static String field(String name, String type) {
        return "{\"name\":\"" + name + "\",\"type\":" + type + "}";
    }

    private static String field(String name, String type, String dflt) {
        return "{\"name\":\"" + name + "\",\"type\":" + type + ",\"default\":" + dflt + "}";
    }

    static List<CompatibilityCase> cases() {
        String a = field("a", "\"string\"");
        List<CompatibilityCase> out = new ArrayList<>();
        out.addAll(change("add a field with a default", record(a), record(a, field("b", "\"int\"", "0")),
                true, true));
        out.addAll(change("add a field without a default", record(a), record(a, field("b", "\"int\"")), false, true));
        out.addAll(change("remove a field that had a default", record(a, field("b", "\"int\"", "0")), record(a),
                true, true));
        out.addAll(change("remove a field without a default", record(a, field("b", "\"int\"")), record(a), true,
                false));
        out.addAll(change("promote int to long", record(field("n", "\"int\"")), record(field("n", "\"long\"")),
                true, false));
        out.addAll(change("string to int", record(field("n", "\"string\"")), record(field("n", "\"int\"")),
                false, false));
        out.addAll(change("string to bytes", record(field("n", "\"string\"")), record(field("n", "\"bytes\"")),
                true, true));
        String e2 = "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\"]}";
        String e3 = "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\",\"C\"]}";
        out.addAll(change("add an enum symbol", record(field("e", e2)), record(field("e", e3)), true, false));
        out.addAll(change("widen to a union with null", record(field("s", "\"string\"")),
                record(field("s", "[\"null\",\"string\"]", "null")), true, false));
        out.addAll(change("rename the record", record(a), record(a).replace("\"R\"", "\"S\""), false, false));
        out.addAll(change("the same schema", record(a), record(a), true, true));
        // three versions: the transitive levels look at the first one too
        String v1 = record(a);
        String v2 = record(a, field("b", "\"int\"", "0"));
        String v3 = record(a, field("b", "\"int\""));
        out.add(history("v3 drops b's default", BACKWARD, List.of(v1, v2), v3, true));
        out.add(history("v3 drops b's default", BACKWARD_TRANSITIVE, List.of(v1, v2), v3, false));
        out.add(history("v3 drops b's default", FULL, List.of(v1, v2), v3, true));
        out.add(history("v3 drops b's default", FULL_TRANSITIVE, List.of(v1, v2), v3, false));
        String f1 = record(a, field("b", "\"int\""));
        String f2 = record(a, field("b", "\"int\"", "0"));
        String f3 = record(a);
        out.add(history("v3 removes b, which v1 needs", FORWARD, List.of(f1, f2), f3, true));
        out.add(history("v3 removes b, which v1 needs", FORWARD_TRANSITIVE, List.of(f1, f2), f3, false));
        out.add(history("v3 removes b, which v1 needs", FULL_TRANSITIVE, List.of(f1, f2), f3, false));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verdictAsConfluentDocuments(CompatibilityCase c) {
        assertThat(c.verdict(AVRO)).as(c.toString()).isEqualTo(c.compatible());
    }

    @Test
    void canonicalTextIgnoresWhitespace() {
        String compact = record(field("a", "\"string\""));
        String spaced = compact.replace(",", " ,\n ").replace(":", " : ");
        assertThat(AVRO.parse(spaced, List.of()).canonical()).isEqualTo(AVRO.parse(compact, List.of()).canonical());
    }

    @Test
    void referencedTypesAreKnownByName() {
        String address = "{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"t\","
                + "\"fields\":[{\"name\":\"city\",\"type\":\"string\"}]}";
        String user = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\","
                + "\"fields\":[{\"name\":\"home\",\"type\":\"t.Address\"}]}";
        ParsedSchema parsed = AVRO.parse(user, List.of(new ResolvedReference("t.Address", address)));
        assertThat(parsed.canonical()).contains("\"type\":\"Address\"").doesNotContain("city");
        assertThatThrownBy(() -> AVRO.parse(user, List.of())).isInstanceOf(InvalidSchemaException.class);
    }

    @Test
    void invalidSchemasAreRejectedWithAMessage() {
        for (String bad : List.of("{", "{\"type\":\"recrd\"}", "{\"type\":\"record\",\"name\":\"R\"}",
                record(field("a", "\"int\"", "\"text\"")), "42x")) {
            assertThatThrownBy(() -> AVRO.parse(bad, List.of())).as(bad).isInstanceOf(InvalidSchemaException.class)
                    .hasMessageContaining("Invalid");
        }
    }
}

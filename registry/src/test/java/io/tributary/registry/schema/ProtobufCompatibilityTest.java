package io.tributary.registry.schema;

import static io.tributary.registry.schema.CompatibilityCase.change;
import static io.tributary.registry.schema.CompatibilityCase.history;
import static io.tributary.registry.schema.CompatibilityLevel.BACKWARD;
import static io.tributary.registry.schema.CompatibilityLevel.BACKWARD_TRANSITIVE;
import static io.tributary.registry.schema.CompatibilityLevel.FULL;
import static io.tributary.registry.schema.CompatibilityLevel.FULL_TRANSITIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.registry.schema.proto.ProtobufFormat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Protobuf compatibility at every level, with the verdicts of Confluent's Protobuf rules and the Protocol
 * Buffers guide's "Updating A Message Type" (wire-compatible scalar groups, added and removed fields, oneofs).
 */
class ProtobufCompatibilityTest {

    private static final ProtobufFormat PROTO = new ProtobufFormat();

    private static String proto(String body) {
        return "syntax = \"proto3\";\npackage it;\n" + body;
    }

    private static String msg(String fields) {
        return proto("message M {\n" + fields + "\n}\n");
    }

    static List<CompatibilityCase> cases() {
        List<CompatibilityCase> out = new ArrayList<>();
        String a = "int32 a = 1;";
        out.addAll(change("add a field", msg(a), msg(a + " string b = 2;"), true, true));
        out.addAll(change("remove a field", msg(a + " string b = 2;"), msg(a), true, true));
        out.addAll(change("rename a field", msg(a), msg("int32 renamed = 1;"), true, true));
        out.addAll(change("int32 to int64", msg(a), msg("int64 a = 1;"), true, true));
        out.addAll(change("int32 to sint32", msg(a), msg("sint32 a = 1;"), false, false));
        out.addAll(change("string to bytes", msg("string s = 1;"), msg("bytes s = 1;"), true, true));
        out.addAll(change("int32 to string", msg(a), msg("string a = 1;"), false, false));
        out.addAll(change("scalar to message", msg(a), proto("message N { int32 x = 1; }\nmessage M { N a = 1; }\n"),
                false, false));
        out.addAll(change("remove a message", proto("message M { int32 a = 1; }\nmessage N { int32 x = 1; }\n"),
                proto("message M { int32 a = 1; }\n"), false, true));
        out.addAll(change("change the package", msg(a), msg(a).replace("package it;", "package other;"), false,
                false));
        out.addAll(change("move a field into an existing oneof", msg(a + " oneof o { string b = 2; }"),
                msg("oneof o { string b = 2; int32 a = 1; }"), false, false));
        out.addAll(change("add a oneof with a new field", msg(a), msg(a + " oneof o { string b = 2; }"), true,
                true));
        out.addAll(change("repeated int32 to int32", msg("repeated int32 a = 1;"), msg(a), false, false));
        out.addAll(change("add an enum constant", proto("enum E { X = 0; }\nmessage M { E e = 1; }\n"),
                proto("enum E { X = 0; Y = 1; }\nmessage M { E e = 1; }\n"), true, true));
        out.addAll(change("enum to int32", proto("enum E { X = 0; }\nmessage M { E e = 1; }\n"),
                msg("int32 e = 1;"), true, true));
        out.addAll(change("map value type changed", msg("map<string, int32> m = 1;"),
                msg("map<string, string> m = 1;"), false, false));
        String p2 = "syntax = \"proto2\";\npackage it;\nmessage M { optional int32 a = 1; }\n";
        out.addAll(change("proto2: add a required field", p2,
                p2.replace("optional int32 a = 1;", "optional int32 a = 1; required int32 b = 2;"), false, false));
        String v1 = msg(a);
        String v2 = msg("");
        String v3 = msg("string a = 1;");
        out.add(history("v3 reuses tag 1 with another type", BACKWARD, List.of(v1, v2), v3, true));
        out.add(history("v3 reuses tag 1 with another type", BACKWARD_TRANSITIVE, List.of(v1, v2), v3, false));
        out.add(history("v3 reuses tag 1 with another type", FULL, List.of(v1, v2), v3, true));
        out.add(history("v3 reuses tag 1 with another type", FULL_TRANSITIVE, List.of(v1, v2), v3, false));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verdictAsConfluentRules(CompatibilityCase c) {
        assertThat(c.verdict(PROTO)).as(c.toString()).isEqualTo(c.compatible());
    }

    @Test
    void canonicalTextIgnoresLayout() {
        String tight = "syntax=\"proto3\";package it;message M{int32 a=1;}";
        String loose = "syntax = \"proto3\";\n\npackage it;\n\nmessage M {\n    int32 a = 1;\n}\n";
        assertThat(PROTO.parse(tight, List.of()).canonical()).isEqualTo(PROTO.parse(loose, List.of()).canonical())
                .startsWith("syntax").doesNotContain("Wire");
    }

    @Test
    void importsAreReferences() {
        String common = "syntax = \"proto3\";\npackage common;\nmessage Money { int64 cents = 1; }\n";
        String order = "syntax = \"proto3\";\npackage shop;\nimport \"common.proto\";\n"
                + "message Order { common.Money total = 1; }\n";
        assertThat(PROTO.parse(order, List.of(new ResolvedReference("common.proto", common)))).isNotNull();
        assertThatThrownBy(() -> PROTO.parse(order, List.of())).isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("common.proto");
    }

    @Test
    void invalidSchemasAreRejected() {
        for (String bad : List.of("message {", "syntax = \"proto3\"; message M { Unknown u = 1; }",
                "syntax = \"proto3\"; message M { int32 a = x; }", "syntax = \"proto3\"; import \"x.proto\";")) {
            assertThatThrownBy(() -> PROTO.parse(bad, List.of())).as(bad).isInstanceOf(InvalidSchemaException.class);
        }
    }
}

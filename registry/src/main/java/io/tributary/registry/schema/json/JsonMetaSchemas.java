package io.tributary.registry.schema.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates a JSON Schema against its specification's meta-schema with the networknt json-schema-validator
 * library: the draft its {@code $schema} names (draft-04, -06, -07, 2019-09, 2020-12), draft-07 when it names
 * none (as Confluent's registry defaults). The meta-schemas ship inside the library; nothing is fetched.
 * Thread-safe.
 */
final class JsonMetaSchemas {

    private static final Map<VersionFlag, JsonSchema> META = new ConcurrentHashMap<>();

    private JsonMetaSchemas() {}

    /** Why {@code schema} is not a valid schema of its draft; empty when it is. */
    static List<String> violations(JsonNode schema) {
        VersionFlag version = version(schema);
        JsonSchema meta = META.computeIfAbsent(version,
                v -> JsonSchemaFactory.getInstance(v).getSchema(SchemaLocation.of(iri(v))));
        return meta.validate(schema).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private static VersionFlag version(JsonNode schema) {
        try {
            Optional<VersionFlag> named = SpecVersionDetector.detectOptionalVersion(schema, false);
            return named.orElse(VersionFlag.V7);
        } catch (RuntimeException e) {
            return VersionFlag.V7; // a $schema the library does not know: checked as draft-07
        }
    }

    private static String iri(VersionFlag v) {
        return switch (v) {
            case V4 -> "http://json-schema.org/draft-04/schema";
            case V6 -> "http://json-schema.org/draft-06/schema";
            case V7 -> "http://json-schema.org/draft-07/schema";
            case V201909 -> "https://json-schema.org/draft/2019-09/schema";
            case V202012 -> "https://json-schema.org/draft/2020-12/schema";
        };
    }
}

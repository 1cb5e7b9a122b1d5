package io.tributary.registry.schema.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.registry.schema.InvalidSchemaException;
import io.tributary.registry.schema.ParsedSchema;
import io.tributary.registry.schema.ResolvedReference;
import io.tributary.registry.schema.SchemaFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON Schema documents. Canonical text: the document printed compactly by Jackson, keys in their order (as
 * Confluent's registry stores it). A schema is valid when it is an object or a boolean, it validates against
 * its draft's meta-schema ({@link JsonMetaSchemas}, the networknt library), and every {@code $ref} resolves
 * (within the document or to a reference's name). Compatibility: {@link JsonSchemaDiff}.
 */
public final class JsonSchemaFormat implements SchemaFormat {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TYPES = Set.of("string", "integer", "number", "boolean", "null", "object",
            "array");
    private static final Set<String> SCHEMA_MAPS = Set.of("properties", "patternProperties", "definitions",
            "$defs");
    private static final Set<String> SCHEMA_LISTS = Set.of("anyOf", "oneOf", "allOf");

    @Override
    public String type() {
        return "JSON";
    }

    @Override
    public ParsedSchema parse(String schema, List<ResolvedReference> references) {
        JsonNode node = read(schema);
        Map<String, JsonNode> referenced = new HashMap<>();
        for (ResolvedReference r : references) {
            referenced.put(r.name(), read(r.schema()));
        }
        check(node, "#");
        List<String> violations = JsonMetaSchemas.violations(node);
        if (!violations.isEmpty()) {
            throw new InvalidSchemaException("Invalid JSON Schema: " + String.join("; ", violations));
        }
        JsonRefs refs = new JsonRefs(node, referenced);
        String missing = refs.unresolved(node);
        if (missing != null) {
            throw new InvalidSchemaException("Invalid JSON Schema: $ref '" + missing + "' does not resolve");
        }
        return new Json(node, node.toString(), refs);
    }

    private static JsonNode read(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidSchemaException("Invalid JSON Schema: " + e.getOriginalMessage());
        }
        if (node == null || !(node.isObject() || node.isBoolean())) {
            throw new InvalidSchemaException("Invalid JSON Schema: a schema is an object or a boolean");
        }
        return node;
    }

    private static void check(JsonNode node, String path) {
        if (node.isBoolean()) {
            return;
        }
        if (!node.isObject()) {
            throw invalid(path, "a schema is an object or a boolean");
        }
        JsonNode type = node.get("type");
        if (type != null) {
            for (JsonNode t : type.isArray() ? type : List.of(type)) {
                if (!t.isTextual() || !TYPES.contains(t.asText())) {
                    throw invalid(path + "/type", "unknown type " + t);
                }
            }
        }
        JsonNode required = node.get("required");
        if (required != null && !(required.isArray() || required.isBoolean())) {
            throw invalid(path + "/required", "must be an array of property names");
        }
        for (String map : SCHEMA_MAPS) {
            JsonNode m = node.get(map);
            if (m != null) {
                if (!m.isObject()) {
                    throw invalid(path + "/" + map, "must be an object");
                }
                m.fields().forEachRemaining(e -> check(e.getValue(), path + "/" + map + "/" + e.getKey()));
            }
        }
        for (String list : SCHEMA_LISTS) {
            JsonNode l = node.get(list);
            if (l != null) {
                if (!l.isArray() || l.isEmpty()) {
                    throw invalid(path + "/" + list, "must be a non-empty array");
                }
                l.forEach(s -> check(s, path + "/" + list));
            }
        }
        for (String one : List.of("not", "additionalProperties", "additionalItems", "contains")) {
            if (node.has(one)) {
                check(node.get(one), path + "/" + one);
            }
        }
        JsonNode items = node.get("items");
        if (items != null) {
            for (JsonNode i : items.isArray() ? items : List.of(items)) {
                check(i, path + "/items");
            }
        }
        if (node.has("enum") && !node.get("enum").isArray()) {
            throw invalid(path + "/enum", "must be an array");
        }
    }

    private static InvalidSchemaException invalid(String path, String why) {
        return new InvalidSchemaException("Invalid JSON Schema at " + path + ": " + why);
    }

    /** A parsed JSON Schema. */
    record Json(JsonNode node, String canonical, JsonRefs refs) implements ParsedSchema {

        @Override
        public String type() {
            return "JSON";
        }

        @Override
        public String recordName() {
            JsonNode title = node.get("title");
            return title != null && title.isTextual() ? title.asText() : null;
        }

        @Override
        public List<String> readerIncompatibilities(ParsedSchema writer) {
            Json w = (Json) writer;
            return JsonSchemaDiff.incompatibilities(w.node, w.refs, node, refs);
        }
    }
}

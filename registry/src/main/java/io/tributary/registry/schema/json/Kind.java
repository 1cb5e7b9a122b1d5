package io.tributary.registry.schema.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What kind of schema a JSON Schema node is, as a validator library would model it. */
enum Kind {
    EMPTY, FALSE, STRING, NUMBER, BOOLEAN, NULL, OBJECT, ARRAY, ENUM, COMBINED, NOT;

    private static final Set<String> OBJECT_WORDS = Set.of("properties", "required", "additionalProperties",
            "patternProperties", "minProperties", "maxProperties", "dependencies");
    private static final Set<String> ARRAY_WORDS = Set.of("items", "additionalItems", "minItems", "maxItems",
            "uniqueItems", "contains");
    private static final Set<String> STRING_WORDS = Set.of("minLength", "maxLength", "pattern");
    private static final Set<String> NUMBER_WORDS = Set.of("minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum", "multipleOf");

    static Kind of(JsonNode node) {
        if (node.isBoolean()) {
            return node.asBoolean() ? EMPTY : FALSE;
        }
        if (!node.isObject()) {
            return EMPTY;
        }
        if (node.has("anyOf") || node.has("oneOf") || node.has("allOf")) {
            return COMBINED;
        }
        if (node.has("enum") || node.has("const")) {
            return ENUM;
        }
        JsonNode type = node.get("type");
        if (type != null && type.isArray()) {
            return type.size() == 1 ? ofType(type.get(0).asText()) : COMBINED;
        }
        if (type != null && type.isTextual()) {
            return ofType(type.asText());
        }
        if (node.has("not")) {
            return NOT;
        }
        if (has(node, OBJECT_WORDS)) {
            return OBJECT;
        }
        if (has(node, ARRAY_WORDS)) {
            return ARRAY;
        }
        if (has(node, STRING_WORDS)) {
            return STRING;
        }
        return has(node, NUMBER_WORDS) ? NUMBER : EMPTY;
    }

    private static boolean has(JsonNode node, Set<String> words) {
        for (String w : words) {
            if (node.has(w)) {
                return true;
            }
        }
        return false;
    }

    private static Kind ofType(String type) {
        return switch (type) {
            case "string" -> STRING;
            case "integer", "number" -> NUMBER;
            case "boolean" -> BOOLEAN;
            case "null" -> NULL;
            case "object" -> OBJECT;
            case "array" -> ARRAY;
            default -> EMPTY;
        };
    }

    /** {@code anyOf}, {@code oneOf} or {@code allOf}; a list of types is an {@code anyOf}. */
    static String criterion(JsonNode node) {
        for (String c : List.of("anyOf", "oneOf", "allOf")) {
            if (node.has(c)) {
                return c;
            }
        }
        return "anyOf";
    }

    /** The alternatives (or conditions) of a combined schema; one per type for a list of types. */
    static List<JsonNode> subschemas(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode combined = node.get(criterion(node));
        if (combined != null && combined.isArray()) {
            combined.forEach(out::add);
            return out;
        }
        JsonNode type = node.get("type");
        if (type != null && type.isArray()) {
            for (JsonNode t : type) {
                ObjectNode copy = ((ObjectNode) node).deepCopy();
                copy.set("type", t);
                out.add(copy);
            }
        }
        return out;
    }
}

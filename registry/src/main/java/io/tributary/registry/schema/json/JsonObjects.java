package io.tributary.registry.schema.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Objects under Confluent's content models: open (no {@code additionalProperties} schema, no pattern
 * properties, additional properties allowed), closed ({@code additionalProperties: false}) and partially open
 * (an {@code additionalProperties} schema or pattern properties). A property may be added to a closed or
 * partially open original (if that model's schema covers it) and removed from an open update. Stateless.
 */
final class JsonObjects {

    private JsonObjects() {}

    static void compare(JsonSchemaDiff diff, String path, JsonNode o, JsonNode u, int depth) {
        Map<String, JsonNode> po = JsonSchemaDiff.fields(o.get("properties"));
        Map<String, JsonNode> pu = JsonSchemaDiff.fields(u.get("properties"));
        Set<String> ro = required(o);
        Set<String> ru = required(u);
        for (String name : po.keySet()) {
            if (pu.containsKey(name) && !ro.contains(name) && ru.contains(name) && !hasDefault(diff, pu.get(name))) {
                diff.difference(path + "/required/" + name, Change.REQUIRED_ATTRIBUTE_ADDED);
            }
        }
        Set<String> names = new LinkedHashSet<>(po.keySet());
        names.addAll(pu.keySet());
        for (String name : names) {
            String at = path + "/properties/" + name;
            JsonNode so = po.get(name);
            JsonNode su = pu.get(name);
            if (su == null) {
                removed(diff, at, so, u, name, depth);
            } else if (so == null) {
                added(diff, at, o, su, name, ru.contains(name), depth);
            } else {
                diff.compare(at, so, su, depth + 1);
            }
        }
        additional(diff, path, o, u, depth);
        JsonConstraints.upper(diff, path, o, u, "maxProperties", Change.MAX_PROPERTIES_ADDED,
                Change.MAX_PROPERTIES_DECREASED);
        JsonConstraints.lower(diff, path, o, u, "minProperties", Change.MIN_PROPERTIES_ADDED,
                Change.MIN_PROPERTIES_INCREASED);
    }

    private static void removed(JsonSchemaDiff diff, String at, JsonNode so, JsonNode update, String name,
            int depth) {
        if (open(update)) {
            return; // PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL
        }
        JsonNode partial = partialSchema(update, name);
        if (partial != null) {
            if (!diff.isCompatible(at, so, partial, depth + 1)) {
                diff.difference(at, Change.PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL);
            }
        } else if (!(so.isBoolean() && !so.asBoolean())) {
            diff.difference(at, Change.PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL);
        }
    }

    private static void added(JsonSchemaDiff diff, String at, JsonNode original, JsonNode su, String name,
            boolean required, int depth) {
        if (open(original)) {
            if (Kind.of(diff.updateRefs().resolve(su)) != Kind.EMPTY) {
                diff.difference(at, Change.PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL);
            }
            return;
        }
        JsonNode partial = partialSchema(original, name);
        if (partial != null && !diff.isCompatible(at, partial, su, depth + 1)) {
            diff.difference(at, Change.PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL);
        }
        if (required && !hasDefault(diff, su)) {
            diff.difference(at, Change.REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL);
        }
    }

    private static void additional(JsonSchemaDiff diff, String path, JsonNode o, JsonNode u, int depth) {
        String at = path + "/additionalProperties";
        boolean permitsO = permits(o);
        boolean permitsU = permits(u);
        JsonNode so = additionalSchema(o);
        JsonNode su = additionalSchema(u);
        if (permitsO != permitsU) {
            if (!permitsU) {
                diff.difference(at, Change.ADDITIONAL_PROPERTIES_REMOVED);
            }
        } else if (so == null && su != null) {
            diff.difference(at, Change.ADDITIONAL_PROPERTIES_NARROWED);
        } else if (so != null && su != null) {
            diff.compare(at, so, su, depth + 1);
        }
    }

    private static Set<String> required(JsonNode node) {
        Set<String> out = new LinkedHashSet<>();
        node.path("required").forEach(r -> out.add(r.asText()));
        return out;
    }

    private static boolean hasDefault(JsonSchemaDiff diff, JsonNode schema) {
        return diff.updateRefs().resolve(schema).has("default");
    }

    private static boolean permits(JsonNode node) {
        JsonNode ap = node.get("additionalProperties");
        return ap == null || !(ap.isBoolean() && !ap.asBoolean());
    }

    /** The schema of additional properties, null if there is none ({@code true}, absent or {@code false}). */
    private static JsonNode additionalSchema(JsonNode node) {
        JsonNode ap = node.get("additionalProperties");
        return ap != null && ap.isObject() ? ap : null;
    }

    private static boolean open(JsonNode node) {
        return !node.has("patternProperties") && additionalSchema(node) == null && permits(node);
    }

    private static JsonNode partialSchema(JsonNode node, String name) {
        for (Map.Entry<String, JsonNode> e : JsonSchemaDiff.fields(node.get("patternProperties")).entrySet()) {
            try {
                if (Pattern.compile(e.getKey()).matcher(name).find()) {
                    return e.getValue();
                }
            } catch (PatternSyntaxException ex) {
                // a pattern that does not compile matches nothing
            }
        }
        return additionalSchema(node);
    }
}

package io.tributary.registry.schema.json;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Resolves {@code $ref}s of one schema: {@code #/...} JSON pointers into the schema itself, and names of
 * referenced schemas (optionally with a {@code #/...} fragment). An unresolvable reference stays as it is
 * (an empty schema to the comparison). Immutable.
 */
final class JsonRefs {

    private static final int MAX_HOPS = 32;

    private final JsonNode root;
    private final Map<String, JsonNode> referenced;

    JsonRefs(JsonNode root, Map<String, JsonNode> referenced) {
        this.root = root;
        this.referenced = Map.copyOf(referenced);
    }

    /** {@code node} with its {@code $ref}s followed. */
    JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int i = 0; i < MAX_HOPS && current.isObject() && current.path("$ref").isTextual(); i++) {
            JsonNode target = target(current.get("$ref").asText());
            if (target == null) {
                return current;
            }
            current = target;
        }
        return current;
    }

    /** Whether every {@code $ref} in {@code node} resolves. */
    String unresolved(JsonNode node) {
        if (node.isObject() && node.path("$ref").isTextual() && target(node.get("$ref").asText()) == null) {
            return node.get("$ref").asText();
        }
        for (JsonNode child : node) {
            String missing = unresolved(child);
            if (missing != null) {
                return missing;
            }
        }
        return null;
    }

    private JsonNode target(String ref) {
        int hash = ref.indexOf('#');
        String document = hash < 0 ? ref : ref.substring(0, hash);
        String fragment = hash < 0 ? "" : ref.substring(hash + 1);
        JsonNode base;
        if (document.isEmpty()) {
            base = root;
        } else {
            base = referenced.get(document);
            if (base == null) {
                base = referenced.get(ref);
                fragment = "";
            }
            if (base == null) {
                return null;
            }
        }
        if (fragment.isEmpty()) {
            return base;
        }
        try {
            JsonNode found = base.at(JsonPointer.compile(fragment));
            return found.isMissingNode() ? null : found;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

package io.tributary.registry.schema.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares two JSON Schemas the way Confluent Schema Registry does: it walks the original (writer) and the
 * update (reader) side by side and lists each difference found; the update reads what the original allowed
 * when every difference is of a compatible kind ({@link Change#compatible}).
 *
 * <p>Covered: types (integer widened to number, a type joining a union), boolean schemas, {@code enum},
 * {@code const}, string length and pattern, number bounds and {@code multipleOf}, objects (properties under
 * open, closed and partially open content models, {@code required} with defaults, {@code additionalProperties},
 * property counts), arrays ({@code items} as one schema or a tuple, {@code additionalItems}, item counts,
 * {@code uniqueItems}), {@code anyOf}/{@code oneOf}/{@code allOf}, {@code not}, and {@code $ref} to local
 * definitions and to referenced schemas. Not covered: {@code dependencies}, {@code if/then/else},
 * {@code patternProperties} regex semantics beyond a plain match on the name.
 *
 * <p>Not thread-safe: one instance per comparison.
 */
final class JsonSchemaDiff {

    private static final int MAX_DEPTH = 64;

    private final JsonRefs originalRefs;
    private final JsonRefs updateRefs;
    private final List<String> incompatible = new ArrayList<>();
    private final Set<String> visiting = new HashSet<>();

    private JsonSchemaDiff(JsonRefs originalRefs, JsonRefs updateRefs) {
        this.originalRefs = originalRefs;
        this.updateRefs = updateRefs;
    }

    /** The incompatible differences from {@code original} to {@code update}, as messages; empty if none. */
    static List<String> incompatibilities(JsonNode original, JsonRefs originalRefs, JsonNode update,
            JsonRefs updateRefs) {
        JsonSchemaDiff diff = new JsonSchemaDiff(originalRefs, updateRefs);
        diff.compare("#", original, update, 0);
        return diff.incompatible;
    }

    private void add(String path, Change change) {
        if (!change.compatible) {
            incompatible.add("{errorType:'" + change + "', description:'Found incompatible change: " + change
                    + " at " + path + "'}");
        }
    }

    /** Compares in a scratch diff; returns whether the update is compatible there. */
    private boolean compatible(String path, JsonNode original, JsonNode update, int depth) {
        JsonSchemaDiff sub = new JsonSchemaDiff(originalRefs, updateRefs);
        sub.visiting.addAll(visiting);
        sub.compare(path, original, update, depth);
        return sub.incompatible.isEmpty();
    }

    void compare(String path, JsonNode original, JsonNode update, int depth) {
        if (original == null && update == null) {
            return;
        }
        if (original == null) {
            add(path, Change.SCHEMA_ADDED);
            return;
        }
        if (update == null) {
            return; // SCHEMA_REMOVED: compatible
        }
        if (depth > MAX_DEPTH) {
            return;
        }
        JsonNode o = originalRefs.resolve(original);
        JsonNode u = updateRefs.resolve(update);
        String key = System.identityHashCode(o) + ":" + System.identityHashCode(u);
        if (!visiting.add(key)) {
            return; // a recursive schema: this pair is already being compared further up
        }
        try {
            compareResolved(path, o, u, depth);
        } finally {
            visiting.remove(key);
        }
    }

    private void compareResolved(String path, JsonNode o, JsonNode u, int depth) {
        Kind ko = Kind.of(o);
        Kind ku = Kind.of(u);
        if (ko != Kind.COMBINED && ku == Kind.COMBINED && compareIntoUnion(path, o, u, depth)) {
            return;
        }
        if (ko == Kind.COMBINED && ku != Kind.COMBINED) {
            List<JsonNode> subs = Kind.subschemas(o);
            if (subs.size() == 1 && compatible(path, subs.get(0), u, depth + 1)) {
                return;
            }
        }
        if (ko != ku) {
            if (ko == Kind.FALSE || ku == Kind.EMPTY) {
                return;
            }
            if (ko == Kind.NUMBER && ku == Kind.NUMBER) {
                return;
            }
            add(path, Change.TYPE_CHANGED);
            return;
        }
        switch (ko) {
            case STRING -> JsonConstraints.string(this, path, o, u);
            case NUMBER -> JsonConstraints.number(this, path, o, u);
            case ENUM -> JsonConstraints.enumeration(this, path, o, u);
            case OBJECT -> JsonObjects.compare(this, path, o, u, depth);
            case ARRAY -> JsonArrays.compare(this, path, o, u, depth);
            case COMBINED -> combined(path, o, u, depth);
            case NOT -> {
                if (!compatible(path + "/not", u.get("not"), o.get("not"), depth + 1)) {
                    add(path, Change.NOT_TYPE_EXTENDED);
                }
            }
            default -> {
                // boolean, null, empty and false schemas have nothing more to compare
            }
        }
    }

    /** The original is one of the update's alternatives (a sum type extended). */
    private boolean compareIntoUnion(String path, JsonNode o, JsonNode u, int depth) {
        List<JsonNode> subs = Kind.subschemas(u);
        String criterion = Kind.criterion(u);
        if (subs.size() != 1 && criterion.equals("allOf")) {
            return false;
        }
        for (JsonNode sub : subs) {
            if (compatible(path, o, sub, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    private void combined(String path, JsonNode o, JsonNode u, int depth) {
        String co = Kind.criterion(o);
        String cu = Kind.criterion(u);
        if (!co.equals(cu)) {
            boolean extended = co.equals("allOf") || (co.equals("oneOf") && cu.equals("anyOf"));
            if (!extended) {
                add(path, Change.COMBINED_TYPE_CHANGED);
                return;
            }
        }
        List<JsonNode> os = Kind.subschemas(o);
        List<JsonNode> us = Kind.subschemas(u);
        if (cu.equals("allOf") && co.equals("allOf")) {
            // every condition of the update must have been a condition of the original
            for (JsonNode sub : us) {
                if (os.stream().noneMatch(x -> compatible(path, x, sub, depth + 1))) {
                    add(path, Change.PRODUCT_TYPE_EXTENDED);
                    return;
                }
            }
            return;
        }
        // every alternative of the original must be read by an alternative of the update
        Iterator<JsonNode> it = os.iterator();
        while (it.hasNext()) {
            JsonNode sub = it.next();
            if (us.stream().noneMatch(x -> compatible(path, sub, x, depth + 1))) {
                add(path, Change.SUM_TYPE_NARROWED);
                return;
            }
        }
    }

    void difference(String path, Change change) {
        add(path, change);
    }

    JsonRefs originalRefs() {
        return originalRefs;
    }

    JsonRefs updateRefs() {
        return updateRefs;
    }

    boolean isCompatible(String path, JsonNode original, JsonNode update, int depth) {
        return compatible(path, original, update, depth);
    }

    static Map<String, JsonNode> fields(JsonNode node) {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }
}

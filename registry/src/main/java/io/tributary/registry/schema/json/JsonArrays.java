package io.tributary.registry.schema.json;

import com.fasterxml.jackson.databind.JsonNode;

/** Arrays: one schema for every item, or a tuple of item schemas with {@code additionalItems}. Stateless. */
final class JsonArrays {

    private JsonArrays() {}

    static void compare(JsonSchemaDiff diff, String path, JsonNode o, JsonNode u, int depth) {
        JsonNode io = o.get("items");
        JsonNode iu = u.get("items");
        boolean tupleO = io != null && io.isArray();
        boolean tupleU = iu != null && iu.isArray();
        if (tupleO != tupleU) {
            diff.difference(path + "/items", Change.TYPE_CHANGED);
        } else if (tupleO) {
            tuple(diff, path, o, u, depth);
        } else {
            diff.compare(path + "/items", io == null ? null : io, iu == null ? null : iu, depth + 1);
        }
        JsonNode ao = o.get("additionalItems");
        JsonNode au = u.get("additionalItems");
        boolean permitsO = ao == null || !(ao.isBoolean() && !ao.asBoolean());
        boolean permitsU = au == null || !(au.isBoolean() && !au.asBoolean());
        if (permitsO && !permitsU) {
            diff.difference(path + "/additionalItems", Change.ADDITIONAL_ITEMS_REMOVED);
        } else if (permitsO == permitsU && (ao == null || !ao.isObject()) && au != null && au.isObject()) {
            diff.difference(path + "/additionalItems", Change.ADDITIONAL_ITEMS_NARROWED);
        } else if (ao != null && ao.isObject() && au != null && au.isObject()) {
            diff.compare(path + "/additionalItems", ao, au, depth + 1);
        }
        JsonConstraints.upper(diff, path, o, u, "maxItems", Change.MAX_ITEMS_ADDED, Change.MAX_ITEMS_DECREASED);
        JsonConstraints.lower(diff, path, o, u, "minItems", Change.MIN_ITEMS_ADDED, Change.MIN_ITEMS_INCREASED);
        if (!o.path("uniqueItems").asBoolean(false) && u.path("uniqueItems").asBoolean(false)) {
            diff.difference(path + "/uniqueItems", Change.UNIQUE_ITEMS_ADDED);
        }
    }

    private static void tuple(JsonSchemaDiff diff, String path, JsonNode o, JsonNode u, int depth) {
        JsonNode io = o.get("items");
        JsonNode iu = u.get("items");
        int n = Math.max(io.size(), iu.size());
        for (int i = 0; i < n; i++) {
            String at = path + "/items/" + i;
            if (i < io.size() && i < iu.size()) {
                diff.compare(at, io.get(i), iu.get(i), depth + 1);
            } else if (i >= iu.size()) {
                boolean openU = !u.has("additionalItems") || u.get("additionalItems").asBoolean(true);
                boolean falseItem = io.get(i).isBoolean() && !io.get(i).asBoolean();
                if (!openU && !falseItem) {
                    diff.difference(at, Change.ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL);
                }
            } else {
                boolean openO = !o.has("additionalItems") || o.get("additionalItems").isBoolean()
                        && o.get("additionalItems").asBoolean();
                if (openO && Kind.of(diff.updateRefs().resolve(iu.get(i))) != Kind.EMPTY) {
                    diff.difference(at, Change.ITEM_ADDED_TO_OPEN_CONTENT_MODEL);
                }
            }
        }
    }
}

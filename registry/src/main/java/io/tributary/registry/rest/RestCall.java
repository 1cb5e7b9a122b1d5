package io.tributary.registry.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.registry.RegistryException;
import java.util.Map;

/** A request matched to a route: path parameters, query parameters and the JSON body (null if none). */
record RestCall(Map<String, String> params, Map<String, String> query, JsonNode body) {

    String param(String name) {
        return params.get(name);
    }

    boolean flag(String name) {
        String v = query.get(name);
        return v != null && (v.isEmpty() || v.equalsIgnoreCase("true"));
    }

    String query(String name) {
        return query.get(name);
    }

    JsonNode requireBody() {
        if (body == null || !body.isObject()) {
            throw RegistryException.badRequest("The request needs a JSON object body");
        }
        return body;
    }
}

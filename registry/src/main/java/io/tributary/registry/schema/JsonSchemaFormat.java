package io.tributary.registry.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** JSON Schema documents. */
public final class JsonSchemaFormat implements SchemaFormat {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String type() {
        return "JSON";
    }

    @Override
    public ParsedSchema parse(String schema, List<ResolvedReference> references) {
        JsonNode node;
        try {
            node = JSON.readTree(schema);
        } catch (JsonProcessingException e) {
            throw new InvalidSchemaException("Invalid JSON " + AvroFormat.abbreviate(schema) + ": "
                    + e.getOriginalMessage());
        }
        if (node == null || !(node.isObject() || node.isBoolean())) {
            throw new InvalidSchemaException("A JSON Schema is an object or a boolean: " + AvroFormat.abbreviate(schema));
        }
        return new Json(node, node.toString());
    }

    /** A parsed JSON Schema. */
    record Json(JsonNode node, String canonical) implements ParsedSchema {

        @Override
        public String type() {
            return "JSON";
        }

        @Override
        public List<String> readerIncompatibilities(ParsedSchema writer) {
            return List.of();
        }
    }
}

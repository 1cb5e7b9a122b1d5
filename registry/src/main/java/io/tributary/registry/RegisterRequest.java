package io.tributary.registry;

import io.tributary.registry.schema.SchemaReference;
import java.util.List;

/**
 * The body of a registration, lookup or compatibility request: the schema text, its type (null: AVRO), its
 * references, and in IMPORT mode the id (and optionally the version) it must get.
 */
public record RegisterRequest(String schema, String schemaType, List<SchemaReference> references, Integer id,
        Integer version) {

    public RegisterRequest {
        references = references == null ? List.of() : List.copyOf(references);
        schemaType = schemaType == null || schemaType.isBlank() ? "AVRO" : schemaType.trim().toUpperCase();
    }
}

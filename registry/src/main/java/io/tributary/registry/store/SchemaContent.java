package io.tributary.registry.store;

import io.tributary.registry.schema.SchemaReference;
import java.util.List;

/** What one schema id stands for: the type, canonical text and references. Equal contents share an id. */
public record SchemaContent(String schemaType, String schema, List<SchemaReference> references) {

    public SchemaContent {
        references = List.copyOf(references);
    }
}

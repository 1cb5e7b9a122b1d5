package io.tributary.registry.store;

import io.tributary.registry.schema.SchemaReference;
import java.util.List;

/** One version of a subject as the {@code _schemas} topic holds it. Immutable. */
public record StoredSchema(String subject, int version, int id, String schemaType, String schema,
        List<SchemaReference> references, boolean deleted) {

    public StoredSchema {
        references = List.copyOf(references);
    }

    /** The same version, soft-deleted. */
    public StoredSchema softDeleted() {
        return new StoredSchema(subject, version, id, schemaType, schema, references, true);
    }

    /** What the schema id stands for. */
    public SchemaContent content() {
        return new SchemaContent(schemaType, schema, references);
    }
}

package io.tributary.registry.schema;

import java.util.List;

/** One schema language: parses a schema with the schemas it references. Implementations are stateless. */
public interface SchemaFormat {

    /** {@code AVRO}, {@code JSON} or {@code PROTOBUF}, as in the REST API's {@code schemaType}. */
    String type();

    /**
     * Parses {@code schema}.
     *
     * @param references the schemas it references, dependencies before the schemas that use them
     * @throws InvalidSchemaException with a message for the client when the schema is not valid
     */
    ParsedSchema parse(String schema, List<ResolvedReference> references);
}

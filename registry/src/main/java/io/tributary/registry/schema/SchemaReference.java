package io.tributary.registry.schema;

/**
 * A schema's use of another registered schema: {@code name} is how the schema refers to it (an Avro full name,
 * a JSON Schema {@code $ref} URL, a Protobuf import path), {@code subject} and {@code version} where it is
 * registered.
 */
public record SchemaReference(String name, String subject, int version) {}

package io.tributary.registry.schema;

/** A reference with the text of the schema it names, as the format parses it. */
public record ResolvedReference(String name, String schema) {}

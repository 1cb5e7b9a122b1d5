package io.tributary.registry.schema;

import java.util.List;

/**
 * A schema that parsed: its canonical text (two registrations of the same schema have the same canonical text
 * and so the same id) and the reader/writer compatibility check the compatibility levels are built on.
 * Implementations are immutable.
 */
public interface ParsedSchema {

    /** {@code AVRO}, {@code JSON} or {@code PROTOBUF}. */
    String type();

    /** The text stored and served for this schema. */
    String canonical();

    /**
     * Why data written with {@code writer} cannot be read with this schema; empty when it can. {@code writer} is
     * of the same type.
     */
    List<String> readerIncompatibilities(ParsedSchema writer);

    /**
     * The fully qualified name of the record this schema describes, as Confluent's record name strategies name
     * subjects (an Avro named type, a Protobuf file's first message, a JSON Schema's {@code title}); null if none.
     */
    String recordName();
}

package io.tributary.registry.schema;

import java.util.List;

/** Protobuf schemas ({@code .proto} text). */
public final class ProtobufFormat implements SchemaFormat {

    @Override
    public String type() {
        return "PROTOBUF";
    }

    @Override
    public ParsedSchema parse(String schema, List<ResolvedReference> references) {
        throw new InvalidSchemaException("PROTOBUF is not supported yet");
    }
}

package io.tributary.registry.schema.proto;

import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ProtoParser;
import io.tributary.registry.schema.InvalidSchemaException;
import io.tributary.registry.schema.ParsedSchema;
import io.tributary.registry.schema.ResolvedReference;
import io.tributary.registry.schema.SchemaFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Protobuf schemas: {@code .proto} text parsed by Square's wire-schema parser (the one Confluent's registry
 * uses), without protoc. References are imported files, by import path. Canonical text: the parsed file
 * printed back by wire ({@code ProtoFileElement.toSchema()}) without wire's header comment. A schema is valid
 * when it parses, every import is a reference (or a {@code google/protobuf/} well-known file) and every
 * field's type resolves.
 * Compatibility: {@link ProtoDiff}.
 */
public final class ProtobufFormat implements SchemaFormat {

    @Override
    public String type() {
        return "PROTOBUF";
    }

    @Override
    public ParsedSchema parse(String schema, List<ResolvedReference> references) {
        ProtoFileElement file = parseFile("schema.proto", schema);
        ProtoTypes types = new ProtoTypes();
        types.add(file, true);
        Set<String> imported = new HashSet<>();
        for (ResolvedReference r : references) {
            types.add(parseFile(r.name(), r.schema()), false);
            imported.add(r.name());
        }
        for (String imp : file.getImports()) {
            if (!imported.contains(imp) && !imp.startsWith("google/protobuf/")) {
                throw new InvalidSchemaException("Invalid Protobuf schema: import \"" + imp
                        + "\" is not among the schema's references");
            }
        }
        for (Map.Entry<String, ProtoTypes.Named> m : types.ownMessages().entrySet()) {
            checkFieldTypes(types, m.getKey(), (MessageElement) m.getValue().element());
        }
        return new Proto(file, types, canonical(file));
    }

    private static void checkFieldTypes(ProtoTypes types, String scope, MessageElement message) {
        for (ProtoTypes.Field f : ProtoTypes.fields(message)) {
            String type = f.element().getType();
            String[] map = ProtoTypes.mapTypes(type);
            for (String t : map == null ? new String[] {type} : map) {
                if (!ProtoTypes.SCALARS.contains(t) && !t.startsWith("google.protobuf.")
                        && types.resolve(t, scope) == null) {
                    throw new InvalidSchemaException("Invalid Protobuf schema: type " + t + " of field "
                            + scope + "." + f.element().getName() + " is not defined");
                }
            }
        }
    }

    /** wire's printout without its "formatted by Wire" and "Source:" comment lines. */
    private static String canonical(ProtoFileElement file) {
        String text = file.toSchema();
        while (text.startsWith("// ")) {
            int nl = text.indexOf('\n');
            text = nl < 0 ? "" : text.substring(nl + 1);
        }
        return text.stripLeading();
    }

    private static ProtoFileElement parseFile(String path, String text) {
        try {
            return ProtoParser.Companion.parse(Location.Companion.get(path), text);
        } catch (RuntimeException e) {
            throw new InvalidSchemaException("Invalid Protobuf schema " + path + ": " + e.getMessage());
        }
    }

    /** A parsed Protobuf schema. */
    record Proto(ProtoFileElement file, ProtoTypes types, String canonical) implements ParsedSchema {

        @Override
        public String type() {
            return "PROTOBUF";
        }

        @Override
        public String recordName() {
            return file.getTypes().stream().filter(t -> t instanceof MessageElement).findFirst()
                    .map(t -> file.getPackageName() == null ? t.getName() : file.getPackageName() + "." + t.getName())
                    .orElse(null);
        }

        @Override
        public List<String> readerIncompatibilities(ParsedSchema writer) {
            Proto w = (Proto) writer;
            return ProtoDiff.incompatibilities(w.file, w.types, file, types);
        }
    }
}

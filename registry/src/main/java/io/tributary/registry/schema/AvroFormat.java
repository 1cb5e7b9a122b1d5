package io.tributary.registry.schema;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * Avro schemas through the Apache Avro library. Canonical text: the parsed schema printed compactly
 * ({@code Schema.toString()}, as Confluent's registry stores it), with referenced named types printed by name.
 * Compatibility: Avro's own {@link SchemaCompatibility} reader/writer check.
 */
public final class AvroFormat implements SchemaFormat {

    @Override
    public String type() {
        return "AVRO";
    }

    @Override
    public ParsedSchema parse(String schema, List<ResolvedReference> references) {
        Schema.Parser parser = new Schema.Parser().setValidateDefaults(true);
        List<Schema> referenced = new ArrayList<>();
        try {
            for (ResolvedReference ref : references) {
                referenced.add(parser.parse(ref.schema()));
            }
        } catch (AvroRuntimeException | NullPointerException | IllegalArgumentException e) {
            throw new InvalidSchemaException("Invalid schema reference: " + e.getMessage());
        }
        try {
            Schema parsed = parser.parse(schema);
            String canonical = referenced.isEmpty() ? parsed.toString() : parsed.toString(referenced, false);
            return new Avro(parsed, canonical);
        } catch (AvroRuntimeException | NullPointerException | IllegalArgumentException
                | UnsupportedOperationException e) {
            throw new InvalidSchemaException("Invalid schema " + abbreviate(schema) + ": " + e.getMessage());
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    /** A parsed Avro schema. */
    record Avro(Schema schema, String canonical) implements ParsedSchema {

        @Override
        public String type() {
            return "AVRO";
        }

        @Override
        public String recordName() {
            return switch (schema.getType()) {
                case RECORD, ENUM, FIXED -> schema.getFullName();
                default -> null;
            };
        }

        @Override
        public List<String> readerIncompatibilities(ParsedSchema writer) {
            Schema w = ((Avro) writer).schema;
            SchemaCompatibility.SchemaPairCompatibility result =
                    SchemaCompatibility.checkReaderWriterCompatibility(schema, w);
            List<String> messages = new ArrayList<>();
            for (SchemaCompatibility.Incompatibility i : result.getResult().getIncompatibilities()) {
                messages.add("{errorType:'" + i.getType() + "', description:'The type (path '" + i.getLocation()
                        + "') of the reader schema does not match the writer schema', additionalInfo:'"
                        + i.getMessage() + "'}");
            }
            return messages;
        }
    }
}

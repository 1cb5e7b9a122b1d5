package io.tributary.registry.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.registry.schema.SchemaReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code _schemas} topic's record format: JSON keys and values laid out as Confluent Schema Registry lays
 * them out ({@code {"keytype":"SCHEMA","subject":"s","version":1,"magic":1}} and so on), so the topic reads
 * the same to either. Stateless and thread-safe.
 */
public final class RecordCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordCodec() {}

    public static byte[] key(RegistryRecord record) {
        ObjectNode key = JSON.createObjectNode();
        switch (record) {
            case RegistryRecord.Schema s -> {
                key.put("keytype", "SCHEMA").put("subject", s.subject()).put("version", s.version());
                key.put("magic", 1);
            }
            case RegistryRecord.Config c -> key.put("keytype", "CONFIG").put("subject", c.subject()).put("magic", 0);
            case RegistryRecord.Mode m -> key.put("keytype", "MODE").put("subject", m.subject()).put("magic", 0);
            case RegistryRecord.Ignored i -> throw new IllegalArgumentException("not written: " + i.reason());
        }
        return bytes(key);
    }

    /** The value, or null for a tombstone. */
    public static byte[] value(RegistryRecord record) {
        ObjectNode value = JSON.createObjectNode();
        switch (record) {
            case RegistryRecord.Schema s -> {
                if (s.schema() == null) {
                    return null;
                }
                StoredSchema v = s.schema();
                value.put("subject", v.subject()).put("version", v.version()).put("id", v.id());
                value.put("schemaType", v.schemaType());
                ArrayNode refs = value.putArray("references");
                for (SchemaReference r : v.references()) {
                    refs.addObject().put("name", r.name()).put("subject", r.subject()).put("version", r.version());
                }
                value.put("schema", v.schema()).put("deleted", v.deleted());
            }
            case RegistryRecord.Config c -> {
                if (c.level() == null) {
                    return null;
                }
                value.put("compatibilityLevel", c.level());
            }
            case RegistryRecord.Mode m -> {
                if (m.mode() == null) {
                    return null;
                }
                value.put("mode", m.mode());
            }
            case RegistryRecord.Ignored i -> throw new IllegalArgumentException("not written: " + i.reason());
        }
        return bytes(value);
    }

    /** Decodes a record read from the topic; anything unexpected becomes {@link RegistryRecord.Ignored}. */
    public static RegistryRecord decode(byte[] keyBytes, byte[] valueBytes) {
        try {
            JsonNode key = JSON.readTree(keyBytes);
            JsonNode value = valueBytes == null ? null : JSON.readTree(valueBytes);
            String subject = key.path("subject").isTextual() ? key.get("subject").asText() : null;
            return switch (key.path("keytype").asText()) {
                case "SCHEMA" -> new RegistryRecord.Schema(subject, key.path("version").asInt(),
                        value == null ? null : schema(value));
                case "CONFIG" -> new RegistryRecord.Config(subject,
                        value == null ? null : value.path("compatibilityLevel").asText(null));
                case "MODE" -> new RegistryRecord.Mode(subject, value == null ? null : value.path("mode").asText(null));
                default -> new RegistryRecord.Ignored("key type " + key.path("keytype").asText());
            };
        } catch (IOException | RuntimeException e) {
            return new RegistryRecord.Ignored("undecodable record: " + e.getMessage());
        }
    }

    private static StoredSchema schema(JsonNode v) {
        List<SchemaReference> refs = new ArrayList<>();
        for (JsonNode r : v.path("references")) {
            refs.add(new SchemaReference(r.path("name").asText(), r.path("subject").asText(),
                    r.path("version").asInt()));
        }
        return new StoredSchema(v.path("subject").asText(), v.path("version").asInt(), v.path("id").asInt(),
                v.path("schemaType").asText("AVRO"), v.path("schema").asText(), refs, v.path("deleted").asBoolean());
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.tributary.metadata.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tributary.metadata.BrokerEndpoint;
import io.tributary.metadata.MetadataRecord;
import io.tributary.metadata.MetadataRecord.BrokerRecord;
import io.tributary.metadata.MetadataRecord.ClusterRecord;
import io.tributary.metadata.MetadataRecord.ConfigRecord;
import io.tributary.metadata.MetadataRecord.PartitionRecord;
import io.tributary.metadata.MetadataRecord.ProducerIdsRecord;
import io.tributary.metadata.MetadataRecord.RemoveTopicRecord;
import io.tributary.metadata.MetadataRecord.TopicRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ObjLongConsumer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * Turns metadata records into v2 record batches (one JSON value per record) and back, so the
 * metadata log is stored by the same storage engine as user data. Stateless and thread-safe.
 *
 * <p>The JSON is what Jackson's data binding makes of {@link MetadataRecord} with its annotations:
 * an object with the type name in {@code "type"} first, then every record component in
 * declaration order, {@code null}s included, {@link Uuid}s as strings. It is written and read with
 * Jackson's streaming API instead, field by field: data binding's introspection of the record
 * classes was a large part of a node's start-up. Reading accepts the fields in any order, ignores
 * unknown ones and gives missing ones their default (null, 0, false), as data binding did.
 */
public final class MetadataBatchCodec {

    private static final JsonFactory JSON = new JsonFactory();

    private MetadataBatchCodec() {}

    /** One uncompressed batch holding {@code records}, offsets to be assigned by the log. */
    public static ByteBuffer encode(List<MetadataRecord> records, long timestampMs) {
        List<SimpleRecord> simple = new ArrayList<>(records.size());
        for (MetadataRecord r : records) {
            simple.add(new SimpleRecord(timestampMs, null, toJson(r)));
        }
        return MemoryRecords.withRecords(Compression.NONE, simple.toArray(new SimpleRecord[0])).buffer();
    }

    /** Decodes every record of the batches in {@code buffer}, giving each with its offset. */
    public static void decode(ByteBuffer buffer, ObjLongConsumer<MetadataRecord> sink) {
        MemoryRecords records = MemoryRecords.readableRecords(buffer);
        for (RecordBatch batch : records.batches()) {
            batch.ensureValid();
            for (Record r : batch) {
                ByteBuffer v = r.value();
                byte[] bytes = new byte[v.remaining()];
                v.get(bytes);
                sink.accept(fromJson(bytes), r.offset());
            }
        }
    }

    /**
     * Initialises the JSON writer and reader now instead of at the first record; a start calls it
     * on a background thread. Idempotent and thread-safe.
     */
    public static void warmUp() {
        fromJson(toJson(new ClusterRecord("warm-up")));
    }

    static byte[] toJson(MetadataRecord r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            write(g, r);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, MetadataRecord r) throws IOException {
        switch (r) {
            case ClusterRecord c -> {
                g.writeStringField("type", "cluster");
                g.writeStringField("clusterId", c.clusterId());
            }
            case BrokerRecord b -> {
                g.writeStringField("type", "broker");
                g.writeNumberField("brokerId", b.brokerId());
                g.writeFieldName("endpoints");
                writeEndpoints(g, b.endpoints());
                g.writeStringField("rack", b.rack());
                g.writeBooleanField("fenced", b.fenced());
                g.writeStringField("incarnationId", b.incarnationId());
                g.writeNumberField("epoch", b.epoch());
            }
            case TopicRecord t -> {
                g.writeStringField("type", "topic");
                g.writeStringField("name", t.name());
                writeUuid(g, "topicId", t.topicId());
            }
            case PartitionRecord p -> {
                g.writeStringField("type", "partition");
                writeUuid(g, "topicId", p.topicId());
                g.writeNumberField("partition", p.partition());
                writeInts(g, "replicas", p.replicas());
                writeInts(g, "isr", p.isr());
                g.writeNumberField("leader", p.leader());
                g.writeNumberField("leaderEpoch", p.leaderEpoch());
                g.writeNumberField("partitionEpoch", p.partitionEpoch());
                writeInts(g, "addingReplicas", p.addingReplicas());
                writeInts(g, "removingReplicas", p.removingReplicas());
            }
            case RemoveTopicRecord t -> {
                g.writeStringField("type", "remove-topic");
                writeUuid(g, "topicId", t.topicId());
            }
            case ConfigRecord c -> {
                g.writeStringField("type", "config");
                g.writeStringField("resourceType", c.resourceType());
                g.writeStringField("resourceName", c.resourceName());
                g.writeStringField("name", c.name());
                g.writeStringField("value", c.value());
            }
            case ProducerIdsRecord p -> {
                g.writeStringField("type", "producer-ids");
                g.writeNumberField("brokerId", p.brokerId());
                g.writeNumberField("nextProducerId", p.nextProducerId());
            }
        }
    }

    private static void writeUuid(JsonGenerator g, String name, Uuid id) throws IOException {
        g.writeStringField(name, id == null ? null : id.toString());
    }

    private static void writeInts(JsonGenerator g, String name, List<Integer> values) throws IOException {
        g.writeFieldName(name);
        if (values == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (Integer v : values) {
            if (v == null) {
                g.writeNull();
            } else {
                g.writeNumber(v);
            }
        }
        g.writeEndArray();
    }

    private static void writeEndpoints(JsonGenerator g, List<BrokerEndpoint> endpoints) throws IOException {
        if (endpoints == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (BrokerEndpoint e : endpoints) {
            if (e == null) {
                g.writeNull();
                continue;
            }
            g.writeStartObject();
            g.writeStringField("listener", e.listener());
            g.writeStringField("host", e.host());
            g.writeNumberField("port", e.port());
            g.writeStringField("securityProtocol", e.securityProtocol());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    static MetadataRecord fromJson(byte[] bytes) {
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a metadata record is not a JSON object");
            }
            Map<String, Object> f = readObject(p);
            Object type = f.get("type");
            return switch (type instanceof String s ? s : "") {
                case "cluster" -> new ClusterRecord(string(f, "clusterId"));
                case "broker" -> new BrokerRecord(integer(f, "brokerId"), endpoints(f.get("endpoints")),
                        string(f, "rack"), f.get("fenced") instanceof Boolean b && b, string(f, "incarnationId"),
                        f.get("epoch") instanceof Number n ? n.longValue() : -1L);
                case "topic" -> new TopicRecord(string(f, "name"), uuid(f, "topicId"));
                case "partition" -> new PartitionRecord(uuid(f, "topicId"), integer(f, "partition"),
                        ints(f.get("replicas")), ints(f.get("isr")), integer(f, "leader"),
                        integer(f, "leaderEpoch"), integer(f, "partitionEpoch"),
                        f.get("addingReplicas") == null ? null : ints(f.get("addingReplicas")),
                        f.get("removingReplicas") == null ? null : ints(f.get("removingReplicas")));
                case "remove-topic" -> new RemoveTopicRecord(uuid(f, "topicId"));
                case "config" -> new ConfigRecord(string(f, "resourceType"), string(f, "resourceName"),
                        string(f, "name"), string(f, "value"));
                case "producer-ids" -> new ProducerIdsRecord(integer(f, "brokerId"),
                        f.get("nextProducerId") instanceof Number n ? n.longValue() : 0L);
                default -> throw new IOException("unknown metadata record type " + type);
            };
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(e instanceof IOException io ? io
                    : new IOException("malformed metadata record: " + e.getMessage(), e));
        }
    }

    /** The fields of the object whose START_OBJECT was just read: strings, numbers, booleans, nulls, lists, maps. */
    private static Map<String, Object> readObject(JsonParser p) throws IOException {
        Map<String, Object> fields = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            fields.put(name, readValue(p, p.nextToken()));
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new IOException("truncated metadata record");
        }
        return fields;
    }

    private static Object readValue(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new IOException("truncated metadata record");
        }
        return switch (t) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case START_OBJECT -> readObject(p);
            case START_ARRAY -> {
                List<Object> values = new ArrayList<>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    values.add(readValue(p, next));
                }
                yield values;
            }
            default -> throw new IOException("unexpected " + t + " in a metadata record");
        };
    }

    private static String string(Map<String, ?> f, String name) {
        Object v = f.get(name);
        return v == null ? null : v.toString();
    }

    private static int integer(Map<String, ?> f, String name) {
        return f.get(name) instanceof Number n ? n.intValue() : 0;
    }

    private static Uuid uuid(Map<String, ?> f, String name) {
        String s = string(f, name);
        return s == null ? null : Uuid.fromString(s);
    }

    private static List<Integer> ints(Object v) {
        if (!(v instanceof List<?> list)) {
            return null;
        }
        List<Integer> out = new ArrayList<>(list.size());
        for (Object o : list) {
            out.add(o instanceof Number n ? n.intValue() : null);
        }
        return out;
    }

    private static List<BrokerEndpoint> endpoints(Object v) {
        if (!(v instanceof List<?> list)) {
            return null;
        }
        List<BrokerEndpoint> out = new ArrayList<>(list.size());
        for (Object o : list) {
            if (o instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, ?> e = (Map<String, ?>) m;
                out.add(new BrokerEndpoint(string(e, "listener"), string(e, "host"), integer(e, "port"),
                        string(e, "securityProtocol")));
            } else {
                out.add(null);
            }
        }
        return out;
    }
}

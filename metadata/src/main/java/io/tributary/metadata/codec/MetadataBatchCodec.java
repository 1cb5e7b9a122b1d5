package io.tributary.metadata.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.tributary.metadata.MetadataRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
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
 */
public final class MetadataBatchCodec {

    private static final ObjectMapper MAPPER = mapper();

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
     * Builds the JSON reader and writer of {@link MetadataRecord} now instead of at the first
     * record (Jackson's introspection is a large part of a node's start-up); a start calls it on
     * a background thread. Idempotent and thread-safe.
     */
    public static void warmUp() {
        MAPPER.writerFor(MetadataRecord.class);
        MAPPER.readerFor(MetadataRecord.class);
    }

    static byte[] toJson(MetadataRecord r) {
        try {
            return MAPPER.writerFor(MetadataRecord.class).writeValueAsBytes(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MetadataRecord fromJson(byte[] bytes) {
        try {
            return MAPPER.readValue(bytes, MetadataRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectMapper mapper() {
        SimpleModule uuids = new SimpleModule("kafka-uuid");
        uuids.addSerializer(Uuid.class, new JsonSerializer<>() {
            @Override
            public void serialize(Uuid value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.toString());
            }
        });
        uuids.addDeserializer(Uuid.class, new JsonDeserializer<>() {
            @Override
            public Uuid deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return Uuid.fromString(p.getValueAsString());
            }
        });
        return new ObjectMapper()
                .registerModule(uuids)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }
}

package io.tributary.metadata.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.tributary.metadata.BrokerEndpoint;
import io.tributary.metadata.MetadataRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class MetadataBatchCodecTest {

    private static final Uuid ID = Uuid.fromString("6QvBm1GkRZq3tvmBUTnb6w");

    /** Every record type, with nulls where a component may be null. */
    static List<MetadataRecord> samples() {
        return List.of(
                new MetadataRecord.ClusterRecord("fBsRvx5KR3C2Qf6f0PSL8A"),
                new MetadataRecord.BrokerRecord(1, List.of(
                        new BrokerEndpoint("PLAINTEXT", "127.0.0.1", 9092, "PLAINTEXT"),
                        new BrokerEndpoint("SSL", "h\u00e9\"st\n", 9093, "SSL")), null, false),
                new MetadataRecord.BrokerRecord(2, List.of(), "rack-1", true),
                new MetadataRecord.TopicRecord("orders", ID),
                new MetadataRecord.PartitionRecord(ID, 3, List.of(1, 2, 3), List.of(1), 1, 7, 9),
                new MetadataRecord.PartitionRecord(ID, 0, List.of(), List.of(), -1, 0, 0),
                new MetadataRecord.RemoveTopicRecord(ID),
                new MetadataRecord.ConfigRecord("topic", "orders", "retention.ms", "1000"),
                new MetadataRecord.ConfigRecord("broker", "", "log.cleaner.threads", null),
                new MetadataRecord.ProducerIdsRecord(1, 5_000_000_000L));
    }

    /** The data-binding mapper the codec used before, as the reference for the stored format. */
    private static ObjectMapper databind() {
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
        return new ObjectMapper().registerModule(uuids)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    @Test
    void writesWhatDataBindingWrote() throws Exception {
        ObjectMapper mapper = databind();
        for (MetadataRecord r : samples()) {
            byte[] expected = mapper.writerFor(MetadataRecord.class).writeValueAsBytes(r);
            assertThat(new String(MetadataBatchCodec.toJson(r), StandardCharsets.UTF_8))
                    .isEqualTo(new String(expected, StandardCharsets.UTF_8));
        }
    }

    @Test
    void readsWhatDataBindingWroteAndReadsItBack() throws Exception {
        ObjectMapper mapper = databind();
        for (MetadataRecord r : samples()) {
            assertThat(MetadataBatchCodec.fromJson(mapper.writerFor(MetadataRecord.class).writeValueAsBytes(r)))
                    .isEqualTo(r);
            assertThat(mapper.readValue(MetadataBatchCodec.toJson(r), MetadataRecord.class)).isEqualTo(r);
        }
    }

    @Test
    void readsFieldsInAnyOrderIgnoresUnknownOnesAndDefaultsMissingOnes() {
        String json = "{\"leader\":2,\"extra\":{\"a\":[1,{\"b\":null}]},\"type\":\"partition\",\"partition\":4,"
                + "\"topicId\":\"" + ID + "\",\"replicas\":[2]}";
        assertThat(MetadataBatchCodec.fromJson(json.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new MetadataRecord.PartitionRecord(ID, 4, List.of(2), null, 2, 0, 0));
        assertThat(MetadataBatchCodec.fromJson("{\"type\":\"broker\",\"brokerId\":3}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new MetadataRecord.BrokerRecord(3, null, null, false));
    }

    @Test
    void rejectsUnknownTypesAndMalformedRecords() {
        for (String bad : new String[] {"{\"type\":\"nope\"}", "{\"clusterId\":\"x\"}", "[1]",
                "{\"type\":\"cluster\"", ""}) {
            assertThatThrownBy(() -> MetadataBatchCodec.fromJson(bad.getBytes(StandardCharsets.UTF_8)))
                    .as(bad).isInstanceOf(UncheckedIOException.class);
        }
    }

    @Test
    void batchesRoundTripWithOffsets() {
        List<MetadataRecord> in = samples();
        List<MetadataRecord> out = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        MetadataBatchCodec.decode(MetadataBatchCodec.encode(in, 1234L), (r, offset) -> {
            out.add(r);
            offsets.add(offset);
        });
        assertThat(out).isEqualTo(in);
        assertThat(offsets).isEqualTo(Arrays.asList(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L));
    }
}

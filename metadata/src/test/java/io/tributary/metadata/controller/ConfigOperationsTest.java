package io.tributary.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.BrokerEndpoint;
import io.tributary.metadata.MetadataDelta;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.MetadataRecord;
import io.tributary.metadata.controller.ConfigOperations.Change;
import io.tributary.metadata.controller.ConfigOperations.Op;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.junit.jupiter.api.Test;

class ConfigOperationsTest {

    private static final ConfigResource TOPIC = new ConfigResource(ConfigResource.Type.TOPIC, "t");
    private static final ConfigResource CLUSTER = new ConfigResource(ConfigResource.Type.BROKER, "");
    private static final Set<String> STATIC = Set.of("log.dirs", "log.retention.ms", "listeners");

    private static MetadataImage apply(MetadataImage image, List<MetadataRecord> records) {
        MetadataDelta delta = new MetadataDelta(image);
        long offset = image.offset();
        for (MetadataRecord r : records) {
            delta.apply(++offset, r);
        }
        return delta.build();
    }

    private static MetadataImage withTopic(Map<String, String> configs) {
        MetadataImage image = apply(MetadataImage.EMPTY, List.of(new MetadataRecord.ClusterRecord("c"),
                new MetadataRecord.BrokerRecord(1, List.of(new BrokerEndpoint("PLAINTEXT", "h", 1, "PLAINTEXT")), null,
                        false)));
        ControllerResult<Map<String, ApiError>> r = TopicOperations.createTopics(image,
                new ControllerConfig(1, 1, (short) 1, true),
                List.of(new TopicOperations.NewTopic("t", 1, (short) 1, Map.of(), configs)), false);
        return apply(image, r.records());
    }

    private static MetadataImage incremental(MetadataImage image, ConfigResource r, Errors expected,
            Change... changes) {
        ControllerResult<Map<ConfigResource, ApiError>> result = ConfigOperations.incrementalAlter(image,
                Map.of(r, List.of(changes)), false, STATIC);
        assertThat(result.response().get(r).error()).isEqualTo(expected);
        if (expected != Errors.NONE) {
            assertThat(result.records()).isEmpty();
        }
        return apply(image, result.records());
    }

    @Test
    void setDeleteAppendSubtract() {
        MetadataImage image = withTopic(Map.of("retention.ms", "1000"));
        image = incremental(image, TOPIC, Errors.NONE, new Change("segment.bytes", Op.SET, "2048"),
                new Change("retention.ms", Op.DELETE, null), new Change("cleanup.policy", Op.APPEND, "compact"));
        assertThat(image.topic("t").orElseThrow().configs())
                .isEqualTo(Map.of("segment.bytes", "2048", "cleanup.policy", "delete,compact"));
        image = incremental(image, TOPIC, Errors.NONE, new Change("cleanup.policy", Op.SUBTRACT, "delete"));
        assertThat(image.topic("t").orElseThrow().configs()).containsEntry("cleanup.policy", "compact");
    }

    @Test
    void oneBadEntryChangesNothing() {
        MetadataImage image = withTopic(Map.of());
        incremental(image, TOPIC, Errors.INVALID_CONFIG, new Change("segment.bytes", Op.SET, "2048"),
                new Change("no.such.config", Op.SET, "1"));
        incremental(image, TOPIC, Errors.INVALID_CONFIG, new Change("segment.bytes", Op.SET, "2048"),
                new Change("retention.ms", Op.SET, "-7"));
        incremental(image, TOPIC, Errors.INVALID_CONFIG, new Change("segment.bytes", Op.SET, "abc"));
        incremental(image, TOPIC, Errors.INVALID_CONFIG, new Change("segment.bytes", Op.APPEND, "1"));
        incremental(image, TOPIC, Errors.INVALID_CONFIG, new Change("cleanup.policy", Op.SET, "shred"));
        incremental(image, TOPIC, Errors.INVALID_REQUEST, new Change("segment.bytes", Op.SET, "2048"),
                new Change("segment.bytes", Op.DELETE, null));
        incremental(image, new ConfigResource(ConfigResource.Type.TOPIC, "missing"), Errors.UNKNOWN_TOPIC_OR_PARTITION,
                new Change("segment.bytes", Op.SET, "2048"));
    }

    @Test
    void brokerDynamicDefaultsAndReadOnlyConfigs() {
        MetadataImage image = withTopic(Map.of());
        image = incremental(image, CLUSTER, Errors.NONE, new Change("log.retention.ms", Op.SET, "5000"));
        assertThat(image.brokerConfigs("")).isEqualTo(Map.of("log.retention.ms", "5000"));
        incremental(image, CLUSTER, Errors.INVALID_REQUEST, new Change("log.retention.bytes", Op.SET, "1"),
                new Change("log.dirs", Op.SET, "/tmp/x"));
        incremental(image, new ConfigResource(ConfigResource.Type.BROKER, "1"), Errors.INVALID_CONFIG,
                new Change("log.segment.bytes", Op.SET, "1"));
        incremental(image, new ConfigResource(ConfigResource.Type.BROKER, "x"), Errors.INVALID_REQUEST,
                new Change("log.segment.bytes", Op.SET, "100000"));
        assertThat(image.brokerConfigs("")).isEqualTo(Map.of("log.retention.ms", "5000"));
    }

    @Test
    void alterConfigsReplacesAllOverridesAndValidateOnlyWritesNothing() {
        MetadataImage image = withTopic(Map.of("retention.ms", "1000", "segment.bytes", "4096"));
        Map<ConfigResource, Map<String, String>> req = new LinkedHashMap<>();
        req.put(TOPIC, Map.of("cleanup.policy", "compact"));
        ControllerResult<Map<ConfigResource, ApiError>> dry = ConfigOperations.alter(image, req, true, STATIC);
        assertThat(dry.response().get(TOPIC).isSuccess()).isTrue();
        assertThat(dry.records()).isEmpty();
        ControllerResult<Map<ConfigResource, ApiError>> r = ConfigOperations.alter(image, req, false, STATIC);
        assertThat(apply(image, r.records()).topic("t").orElseThrow().configs())
                .isEqualTo(Map.of("cleanup.policy", "compact"));
        req.put(TOPIC, Map.of("max.message.bytes", "-5"));
        r = ConfigOperations.alter(image, req, false, STATIC);
        assertThat(r.response().get(TOPIC).error()).isEqualTo(Errors.INVALID_CONFIG);
        assertThat(r.records()).isEmpty();
    }
}

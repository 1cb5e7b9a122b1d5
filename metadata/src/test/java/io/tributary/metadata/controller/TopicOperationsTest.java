package io.tributary.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.BrokerEndpoint;
import io.tributary.metadata.MetadataDelta;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.MetadataRecord;
import io.tributary.metadata.controller.TopicOperations.NewPartitions;
import io.tributary.metadata.controller.TopicOperations.NewTopic;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.junit.jupiter.api.Test;

class TopicOperationsTest {

    private static final ControllerConfig CONFIG = new ControllerConfig(1, 3, (short) 1, true);

    private static MetadataImage apply(MetadataImage image, List<MetadataRecord> records) {
        MetadataDelta delta = new MetadataDelta(image);
        long offset = image.offset();
        for (MetadataRecord r : records) {
            delta.apply(++offset, r);
        }
        return delta.build();
    }

    private static MetadataImage oneBroker() {
        return apply(MetadataImage.EMPTY, List.of(new MetadataRecord.ClusterRecord("c1"),
                new MetadataRecord.BrokerRecord(1,
                        List.of(new BrokerEndpoint("PLAINTEXT", "127.0.0.1", 9092, "PLAINTEXT")), null, false)));
    }

    private static NewTopic topic(String name, int partitions, int rf, Map<String, String> configs) {
        return new NewTopic(name, partitions, (short) rf, Map.of(), configs);
    }

    @Test
    void createsTopicsWithDefaultsAndConfigs() {
        MetadataImage image = oneBroker();
        ControllerResult<Map<String, ApiError>> r = TopicOperations.createTopics(image, CONFIG,
                List.of(topic("a", -1, -1, Map.of()), topic("b", 2, 1, Map.of("retention.ms", "1000"))), false);
        assertThat(r.response()).allSatisfy((name, error) -> assertThat(error.isSuccess()).isTrue());
        MetadataImage next = apply(image, r.records());
        assertThat(next.topic("a").orElseThrow().partitionCount()).isEqualTo(3);
        assertThat(next.topic("b").orElseThrow().partitionCount()).isEqualTo(2);
        assertThat(next.topic("b").orElseThrow().configs()).containsEntry("retention.ms", "1000");
        assertThat(next.topic("b").orElseThrow().partition(1).leader()).isEqualTo(1);
    }

    @Test
    void validateOnlyWritesNothing() {
        ControllerResult<Map<String, ApiError>> r = TopicOperations.createTopics(oneBroker(), CONFIG,
                List.of(topic("a", 1, 1, Map.of())), true);
        assertThat(r.response().get("a").isSuccess()).isTrue();
        assertThat(r.records()).isEmpty();
    }

    @Test
    void rejectsBadRequestsWithKafkasErrors() {
        MetadataImage image = apply(oneBroker(), TopicOperations.createTopics(oneBroker(), CONFIG,
                List.of(topic("exists", 1, 1, Map.of()), topic("a.b", 1, 1, Map.of())), false).records());
        Map<String, ApiError> r = TopicOperations.createTopics(image, CONFIG, List.of(
                topic("exists", 1, 1, Map.of()),
                topic("bad/name", 1, 1, Map.of()),
                topic("a_b", 1, 1, Map.of()),
                topic("zero", 0, 1, Map.of()),
                topic("rf3", 1, 3, Map.of()),
                topic("rf0", 1, 0, Map.of()),
                topic("huge", TopicOperations.MAX_PARTITIONS + 1, 1, Map.of()),
                topic("cfg", 1, 1, Map.of("no.such.config", "1")),
                topic("cfgval", 1, 1, Map.of("retention.ms", "soon")),
                topic("dup", 1, 1, Map.of()),
                topic("dup", 1, 1, Map.of())), false).response();
        assertThat(r.get("exists").error()).isEqualTo(Errors.TOPIC_ALREADY_EXISTS);
        assertThat(r.get("bad/name").error()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
        assertThat(r.get("a_b").error()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
        assertThat(r.get("zero").error()).isEqualTo(Errors.INVALID_PARTITIONS);
        assertThat(r.get("rf3").error()).isEqualTo(Errors.INVALID_REPLICATION_FACTOR);
        assertThat(r.get("rf0").error()).isEqualTo(Errors.INVALID_REPLICATION_FACTOR);
        assertThat(r.get("huge").error()).isEqualTo(Errors.INVALID_PARTITIONS);
        assertThat(r.get("cfg").error()).isEqualTo(Errors.INVALID_CONFIG);
        assertThat(r.get("cfgval").error()).isEqualTo(Errors.INVALID_CONFIG);
        assertThat(r.get("dup").error()).isEqualTo(Errors.INVALID_REQUEST);
    }

    @Test
    void deletesAndGrowsTopics() {
        MetadataImage image = apply(oneBroker(), TopicOperations.createTopics(oneBroker(), CONFIG,
                List.of(topic("t", 2, 1, Map.of())), false).records());
        ControllerResult<Map<String, ApiError>> grow = TopicOperations.createPartitions(image,
                List.of(new NewPartitions("t", 5, List.of()), new NewPartitions("missing", 2, List.of())), false);
        assertThat(grow.response().get("t").isSuccess()).isTrue();
        assertThat(grow.response().get("missing").error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        image = apply(image, grow.records());
        assertThat(image.topic("t").orElseThrow().partitionCount()).isEqualTo(5);
        assertThat(TopicOperations.createPartitions(image, List.of(new NewPartitions("t", 3, List.of())), false)
                .response().get("t").error()).isEqualTo(Errors.INVALID_PARTITIONS);

        ControllerResult<Map<String, ApiError>> dup = TopicOperations.createPartitions(image,
                List.of(new NewPartitions("t", 7, List.of()), new NewPartitions("t", 8, List.of())), false);
        assertThat(dup.response().get("t").error()).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(dup.records()).isEmpty();

        ControllerResult<Map<String, ApiError>> del = TopicOperations.deleteTopics(image, CONFIG, List.of("t", "nope"));
        assertThat(del.response().get("t").isSuccess()).isTrue();
        assertThat(del.response().get("nope").error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(apply(image, del.records()).topic("t")).isEmpty();
        assertThat(TopicOperations.deleteTopics(image, new ControllerConfig(1, 1, (short) 1, false), List.of("t"))
                .response().get("t").error()).isEqualTo(Errors.TOPIC_DELETION_DISABLED);
    }
}

package io.tributary.broker.group;

import io.tributary.metadata.controller.Controller;
import io.tributary.metadata.controller.TopicOperations.NewTopic;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates {@code __consumer_offsets} (compacted, {@code offsets.topic.num.partitions} partitions)
 * through the controller. Stateless.
 */
public final class OffsetsTopicCreator {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetsTopicCreator.class);

    private OffsetsTopicCreator() {}

    /** The topic as it is created, whoever creates it (also a client's metadata request). */
    public static NewTopic topic(GroupConfig config) {
        return new NewTopic(OffsetsTopic.NAME, config.offsetsPartitions(), config.offsetsReplicationFactor(),
                Map.of(), Map.of("cleanup.policy", "compact", "segment.bytes", "104857600"));
    }

    /** Completes once the topic exists (created now or earlier, by anyone). */
    public static CompletableFuture<Void> create(Controller controller, GroupConfig config) {
        NewTopic topic = topic(config);
        return controller.createTopics(List.of(topic), false)
                .thenAccept(result -> {
                    ApiError error = result.get(OffsetsTopic.NAME);
                    if (error != null && error.error() == Errors.TOPIC_ALREADY_EXISTS) {
                        return;
                    }
                    if (error != null && error.error() != Errors.NONE) {
                        throw new IllegalStateException("Could not create " + OffsetsTopic.NAME + ": " + error);
                    }
                    LOG.info("Created {} with {} partitions", OffsetsTopic.NAME, config.offsetsPartitions());
                });
    }
}

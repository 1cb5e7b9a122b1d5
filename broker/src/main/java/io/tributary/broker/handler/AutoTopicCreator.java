package io.tributary.broker.handler;

import io.tributary.broker.BrokerContext;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.controller.TopicOperations.NewTopic;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Creates topics that clients ask about but that do not exist, with the broker's default
 * partition count and replication factor ({@code num.partitions}, {@code default.replication.factor}),
 * except internal topics, which get their own layout (as in Apache Kafka, a client's metadata
 * request may be what creates {@code __consumer_offsets}: it must come out with its configured
 * partitions and compaction, not as an ordinary topic). Stateless; the controller serialises
 * concurrent creations of the same name (the loser sees TOPIC_ALREADY_EXISTS, which is fine here).
 */
public final class AutoTopicCreator {

    private final BrokerContext broker;
    private final Map<String, NewTopic> internalTopics;

    /** @param internalTopics by name, how each internal topic is created */
    public AutoTopicCreator(BrokerContext broker, Map<String, NewTopic> internalTopics) {
        this.broker = broker;
        this.internalTopics = Map.copyOf(internalTopics);
    }

    /** Creates {@code names}; completes with the image after the creation is committed. */
    public CompletableFuture<MetadataImage> create(List<String> names) {
        List<NewTopic> topics = names.stream()
                .map(n -> internalTopics.getOrDefault(n, new NewTopic(n, -1, (short) -1, Map.of(), Map.of())))
                .toList();
        return broker.controller()
                .createTopics(topics, false)
                .thenApply(results -> broker.image());
    }
}

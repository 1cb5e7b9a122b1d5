package io.tributary.broker.handler;

import io.tributary.broker.BrokerContext;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.controller.TopicOperations.NewTopic;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;

/**
 * Creates topics that clients ask about but that do not exist, with the broker's default
 * partition count and replication factor ({@code num.partitions}, {@code default.replication.factor}),
 * except internal topics, which get their own layout (as in Apache Kafka, a client's metadata
 * request may be what creates {@code __consumer_offsets}: it must come out with its configured
 * partitions and compaction, not as an ordinary topic). Stateless; the controller serialises
 * concurrent creations of the same name (the loser sees TOPIC_ALREADY_EXISTS, which is fine here).
 */
public final class AutoTopicCreator {

    /** How long an answer waits for this node to learn of topics the controller has. */
    static final long CATCH_UP_MS = 2_000L;

    private final BrokerContext broker;
    private final Map<String, NewTopic> internalTopics;

    /** @param internalTopics by name, how each internal topic is created */
    public AutoTopicCreator(BrokerContext broker, Map<String, NewTopic> internalTopics) {
        this.broker = broker;
        this.internalTopics = Map.copyOf(internalTopics);
    }

    /**
     * Creates {@code names}; completes with this node's image once it has every topic created now
     * or before (the controller may sit on another node, whose commit this one learns a moment
     * later), or after {@link #CATCH_UP_MS} with the image as it is then. Answering from an image
     * that lacks a topic a client already saw elsewhere would tell it the topic is gone.
     */
    public CompletableFuture<MetadataImage> create(List<String> names) {
        List<NewTopic> topics = names.stream()
                .map(n -> internalTopics.getOrDefault(n, new NewTopic(n, -1, (short) -1, Map.of(), Map.of())))
                .toList();
        return broker.controller()
                .createTopics(topics, false)
                .thenCompose(results -> {
                    List<String> existing = names.stream().filter(n -> {
                        ApiError e = results.get(n);
                        return e == null || e.isSuccess() || e.error() == Errors.TOPIC_ALREADY_EXISTS;
                    }).toList();
                    return broker.metadata()
                            .awaitImage(image -> existing.stream().allMatch(n -> image.topic(n).isPresent()))
                            .completeOnTimeout(null, CATCH_UP_MS, TimeUnit.MILLISECONDS)
                            .thenApply(image -> broker.image());
                });
    }
}

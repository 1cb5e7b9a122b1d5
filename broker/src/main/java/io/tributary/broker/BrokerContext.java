package io.tributary.broker;

import io.netty.util.Timer;
import io.tributary.broker.producer.ProducerIdManager;
import io.tributary.broker.replica.ReplicaManager;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.controller.Controller;
import io.tributary.metadata.publish.ImagePublisher;
import org.apache.kafka.common.utils.Time;

/**
 * What request handlers share: settings, the metadata controller (local or on another node), the
 * newest published metadata image, the replica manager (the hosted partitions), producer ids, the
 * clock, the timer for delayed operations and the traffic metrics. Immutable; the objects it holds
 * document their own thread-safety.
 */
public record BrokerContext(
        BrokerSettings settings,
        BrokerConfigView brokerConfig,
        Controller controller,
        ImagePublisher metadata,
        ReplicaManager replicaManager,
        TopicConfigResolver topicConfigs,
        ProducerIdManager producerIds,
        Time time,
        Timer timer,
        BrokerMetrics metrics) {

    /** A context that records no metrics. */
    public BrokerContext(BrokerSettings settings, BrokerConfigView brokerConfig, Controller controller,
            ImagePublisher metadata, ReplicaManager replicaManager, TopicConfigResolver topicConfigs,
            ProducerIdManager producerIds, Time time, Timer timer) {
        this(settings, brokerConfig, controller, metadata, replicaManager, topicConfigs, producerIds, time, timer,
                BrokerMetrics.NONE);
    }

    /** The newest metadata image published on this node (its partitions are in place). */
    public MetadataImage image() {
        return metadata.image();
    }
}

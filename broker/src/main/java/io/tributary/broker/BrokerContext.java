package io.tributary.broker;

import io.netty.util.Timer;
import io.tributary.broker.replica.ReplicaManager;
import io.tributary.broker.producer.ProducerIdManager;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.controller.QuorumController;
import org.apache.kafka.common.utils.Time;

/**
 * What request handlers share: settings, the metadata controller and its newest image, the replica
 * manager (the hosted partitions), producer ids, the clock, the timer for delayed operations and
 * the traffic metrics. Immutable; the objects it holds document their own thread-safety.
 */
public record BrokerContext(
        BrokerSettings settings,
        BrokerConfigView brokerConfig,
        QuorumController controller,
        ReplicaManager replicaManager,
        TopicConfigResolver topicConfigs,
        ProducerIdManager producerIds,
        Time time,
        Timer timer,
        BrokerMetrics metrics) {

    /** A context that records no metrics. */
    public BrokerContext(BrokerSettings settings, BrokerConfigView brokerConfig, QuorumController controller,
            ReplicaManager replicaManager, TopicConfigResolver topicConfigs, ProducerIdManager producerIds, Time time,
            Timer timer) {
        this(settings, brokerConfig, controller, replicaManager, topicConfigs, producerIds, time, timer,
                BrokerMetrics.NONE);
    }

    /** The newest committed metadata image. */
    public MetadataImage image() {
        return controller.image();
    }
}

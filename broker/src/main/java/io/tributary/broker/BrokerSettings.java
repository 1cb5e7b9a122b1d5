package io.tributary.broker;

import io.tributary.metadata.BrokerEndpoint;
import java.util.List;

/**
 * The broker-level settings the request handlers need, taken from the server configuration.
 * Immutable.
 *
 * @param nodeId this broker's id
 * @param advertisedEndpoints the addresses clients are told to use, one per listener
 * @param autoCreateTopics {@code auto.create.topics.enable}
 * @param defaultPartitions {@code num.partitions}
 * @param defaultReplicationFactor {@code default.replication.factor}
 * @param minInsyncReplicas {@code min.insync.replicas} (broker default; topics may override)
 */
public record BrokerSettings(
        int nodeId,
        List<BrokerEndpoint> advertisedEndpoints,
        boolean autoCreateTopics,
        int defaultPartitions,
        short defaultReplicationFactor,
        int minInsyncReplicas) {

    public BrokerSettings {
        advertisedEndpoints = List.copyOf(advertisedEndpoints);
    }
}

package io.tributary.broker;

/**
 * The broker-level settings the request handlers need, taken from the server configuration.
 * Immutable.
 *
 * @param nodeId this broker's id
 * @param autoCreateTopics {@code auto.create.topics.enable}
 * @param defaultPartitions {@code num.partitions}
 * @param defaultReplicationFactor {@code default.replication.factor}
 * @param minInsyncReplicas {@code min.insync.replicas} (broker default; topics may override)
 */
public record BrokerSettings(
        int nodeId,
        boolean autoCreateTopics,
        int defaultPartitions,
        short defaultReplicationFactor,
        int minInsyncReplicas) {
}

package io.tributary.broker.group;

/**
 * The group coordinator's settings (Apache Kafka's key names in brackets). Immutable.
 *
 * @param offsetsPartitions partitions of {@code __consumer_offsets} [offsets.topic.num.partitions]
 * @param offsetsReplicationFactor [offsets.topic.replication.factor]
 * @param initialRebalanceDelayMs delay of a new group's first rebalance [group.initial.rebalance.delay.ms]
 * @param minSessionTimeoutMs [group.min.session.timeout.ms]
 * @param maxSessionTimeoutMs [group.max.session.timeout.ms]
 * @param offsetMetadataMaxBytes largest metadata string of a committed offset [offset.metadata.max.bytes]
 * @param offsetsRetentionMs how long offsets of an empty group are kept [offsets.retention.minutes]
 * @param offsetsRetentionCheckIntervalMs how often expiry runs [offsets.retention.check.interval.ms]
 * @param consumerSessionTimeoutMs session timeout of consumer-protocol members [group.consumer.session.timeout.ms]
 * @param consumerHeartbeatIntervalMs heartbeat interval of consumer-protocol members
 *        [group.consumer.heartbeat.interval.ms]
 * @param shards coordinator threads; each owns the groups of the offsets partitions hashed to it
 */
public record GroupConfig(
        int offsetsPartitions,
        short offsetsReplicationFactor,
        int initialRebalanceDelayMs,
        int minSessionTimeoutMs,
        int maxSessionTimeoutMs,
        int offsetMetadataMaxBytes,
        long offsetsRetentionMs,
        long offsetsRetentionCheckIntervalMs,
        int consumerSessionTimeoutMs,
        int consumerHeartbeatIntervalMs,
        int shards) {

    /** Longest group id accepted; longer ones are INVALID_GROUP_ID. */
    public static final int MAX_GROUP_ID_LENGTH = 249;

    public static GroupConfig defaults() {
        return new GroupConfig(50, (short) 1, 3000, 6000, 1_800_000, 4096, 7L * 24 * 60 * 60 * 1000,
                600_000, 45_000, 5_000, 2);
    }

    public GroupConfig withOffsetsPartitions(int n) {
        return new GroupConfig(n, offsetsReplicationFactor, initialRebalanceDelayMs, minSessionTimeoutMs,
                maxSessionTimeoutMs, offsetMetadataMaxBytes, offsetsRetentionMs, offsetsRetentionCheckIntervalMs,
                consumerSessionTimeoutMs, consumerHeartbeatIntervalMs, shards);
    }

    public GroupConfig withInitialRebalanceDelayMs(int ms) {
        return new GroupConfig(offsetsPartitions, offsetsReplicationFactor, ms, minSessionTimeoutMs,
                maxSessionTimeoutMs, offsetMetadataMaxBytes, offsetsRetentionMs, offsetsRetentionCheckIntervalMs,
                consumerSessionTimeoutMs, consumerHeartbeatIntervalMs, shards);
    }

    public GroupConfig withOffsetsRetentionMs(long ms) {
        return new GroupConfig(offsetsPartitions, offsetsReplicationFactor, initialRebalanceDelayMs,
                minSessionTimeoutMs, maxSessionTimeoutMs, offsetMetadataMaxBytes, ms, offsetsRetentionCheckIntervalMs,
                consumerSessionTimeoutMs, consumerHeartbeatIntervalMs, shards);
    }
}

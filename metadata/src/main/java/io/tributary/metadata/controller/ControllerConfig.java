package io.tributary.metadata.controller;

/**
 * The controller's settings.
 *
 * @param nodeId this node's id
 * @param defaultPartitions {@code num.partitions}, used when a create request says -1
 * @param defaultReplicationFactor {@code default.replication.factor}, used when a request says -1
 * @param deleteTopicEnable {@code delete.topic.enable}
 * @param brokerSessionTimeoutMs {@code broker.session.timeout.ms}: a broker without a heartbeat for
 *     this long is fenced and its leaderships move away
 * @param uncleanLeaderElectionEnable the static {@code unclean.leader.election.enable}, below the
 *     cluster-wide dynamic value and a topic's own
 * @param leaderBalance automatic preferred-leader elections
 */
public record ControllerConfig(int nodeId, int defaultPartitions, short defaultReplicationFactor,
        boolean deleteTopicEnable, long brokerSessionTimeoutMs, boolean uncleanLeaderElectionEnable,
        LeaderBalance leaderBalance) {

    /**
     * {@code auto.leader.rebalance.enable}, {@code leader.imbalance.check.interval.seconds} (in ms)
     * and {@code leader.imbalance.per.broker.percentage}, Kafka's defaults in {@link #DEFAULT}.
     */
    public record LeaderBalance(boolean enabled, long intervalMs, int imbalancePercent) {
        public static final LeaderBalance DEFAULT = new LeaderBalance(true, 300_000L, 10);
    }

    public ControllerConfig(int nodeId, int defaultPartitions, short defaultReplicationFactor,
            boolean deleteTopicEnable, long brokerSessionTimeoutMs, boolean uncleanLeaderElectionEnable) {
        this(nodeId, defaultPartitions, defaultReplicationFactor, deleteTopicEnable, brokerSessionTimeoutMs,
                uncleanLeaderElectionEnable, LeaderBalance.DEFAULT);
    }

    public ControllerConfig(int nodeId, int defaultPartitions, short defaultReplicationFactor,
            boolean deleteTopicEnable, long brokerSessionTimeoutMs) {
        this(nodeId, defaultPartitions, defaultReplicationFactor, deleteTopicEnable, brokerSessionTimeoutMs, false);
    }

    /** Kafka's default {@code broker.session.timeout.ms}. */
    public static final long DEFAULT_SESSION_TIMEOUT_MS = 9_000L;

    public ControllerConfig(int nodeId, int defaultPartitions, short defaultReplicationFactor,
            boolean deleteTopicEnable) {
        this(nodeId, defaultPartitions, defaultReplicationFactor, deleteTopicEnable, DEFAULT_SESSION_TIMEOUT_MS);
    }
}

package io.tributary.broker.group;

import io.tributary.broker.BrokerConfigView;

/** Reads the {@link GroupConfig} from the broker's configuration (Kafka's key names). Stateless. */
public final class GroupConfigs {

    private GroupConfigs() {}

    public static GroupConfig from(BrokerConfigView view) {
        GroupConfig d = GroupConfig.defaults();
        return new GroupConfig(
                intValue(view, "offsets.topic.num.partitions", d.offsetsPartitions()),
                (short) intValue(view, "offsets.topic.replication.factor", d.offsetsReplicationFactor()),
                intValue(view, "group.initial.rebalance.delay.ms", d.initialRebalanceDelayMs()),
                intValue(view, "group.min.session.timeout.ms", d.minSessionTimeoutMs()),
                intValue(view, "group.max.session.timeout.ms", d.maxSessionTimeoutMs()),
                intValue(view, "offset.metadata.max.bytes", d.offsetMetadataMaxBytes()),
                longValue(view, "offsets.retention.minutes", d.offsetsRetentionMs() / 60_000) * 60_000,
                longValue(view, "offsets.retention.check.interval.ms", d.offsetsRetentionCheckIntervalMs()),
                intValue(view, "group.consumer.session.timeout.ms", d.consumerSessionTimeoutMs()),
                intValue(view, "group.consumer.heartbeat.interval.ms", d.consumerHeartbeatIntervalMs()),
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    private static int intValue(BrokerConfigView view, String key, int dflt) {
        return view.value(key).map(String::trim).map(Integer::parseInt).orElse(dflt);
    }

    private static long longValue(BrokerConfigView view, String key, long dflt) {
        return view.value(key).map(String::trim).map(Long::parseLong).orElse(dflt);
    }
}

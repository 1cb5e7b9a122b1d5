package io.tributary.server.config;

import static io.tributary.server.config.BrokerConfigs.COMPRESSION_TYPE;
import static io.tributary.server.config.BrokerConfigs.LOG_CLEANER_DELETE_RETENTION_MS;
import static io.tributary.server.config.BrokerConfigs.LOG_CLEANER_MAX_COMPACTION_LAG_MS;
import static io.tributary.server.config.BrokerConfigs.LOG_CLEANER_MIN_CLEANABLE_RATIO;
import static io.tributary.server.config.BrokerConfigs.LOG_CLEANER_MIN_COMPACTION_LAG_MS;
import static io.tributary.server.config.BrokerConfigs.LOG_CLEANUP_POLICY;
import static io.tributary.server.config.BrokerConfigs.LOG_FLUSH_INTERVAL_MESSAGES;
import static io.tributary.server.config.BrokerConfigs.LOG_FLUSH_INTERVAL_MS;
import static io.tributary.server.config.BrokerConfigs.LOG_FLUSH_SCHEDULER_INTERVAL_MS;
import static io.tributary.server.config.BrokerConfigs.LOG_INDEX_INTERVAL_BYTES;
import static io.tributary.server.config.BrokerConfigs.LOG_INDEX_SIZE_MAX_BYTES;
import static io.tributary.server.config.BrokerConfigs.LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS;
import static io.tributary.server.config.BrokerConfigs.LOG_MESSAGE_TIMESTAMP_BEFORE_MAX_MS;
import static io.tributary.server.config.BrokerConfigs.LOG_MESSAGE_TIMESTAMP_TYPE;
import static io.tributary.server.config.BrokerConfigs.LOG_PREALLOCATE;
import static io.tributary.server.config.BrokerConfigs.LOG_RETENTION_BYTES;
import static io.tributary.server.config.BrokerConfigs.LOG_RETENTION_HOURS;
import static io.tributary.server.config.BrokerConfigs.LOG_RETENTION_MINUTES;
import static io.tributary.server.config.BrokerConfigs.LOG_RETENTION_MS;
import static io.tributary.server.config.BrokerConfigs.LOG_ROLL_HOURS;
import static io.tributary.server.config.BrokerConfigs.LOG_ROLL_MS;
import static io.tributary.server.config.BrokerConfigs.LOG_SEGMENT_BYTES;
import static io.tributary.server.config.BrokerConfigs.LOG_SEGMENT_DELETE_DELAY_MS;
import static io.tributary.server.config.BrokerConfigs.MESSAGE_MAX_BYTES;
import static io.tributary.server.config.BrokerConfigs.MIN_INSYNC_REPLICAS;
import static io.tributary.server.config.BrokerConfigs.UNCLEAN_LEADER_ELECTION_ENABLE;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Topic-level config name to the broker-level keys that supply its default, in Kafka's precedence
 * order (first wins), as DescribeConfigs reports synonyms.
 */
final class TopicConfigSynonyms {

    private TopicConfigSynonyms() {}

    static final Map<String, List<String>> SYNONYMS = build();

    private static Map<String, List<String>> build() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("segment.bytes", List.of(LOG_SEGMENT_BYTES));
        m.put("segment.ms", List.of(LOG_ROLL_MS, LOG_ROLL_HOURS));
        m.put("segment.index.bytes", List.of(LOG_INDEX_SIZE_MAX_BYTES));
        m.put("index.interval.bytes", List.of(LOG_INDEX_INTERVAL_BYTES));
        m.put("flush.messages", List.of(LOG_FLUSH_INTERVAL_MESSAGES));
        m.put("flush.ms", List.of(LOG_FLUSH_INTERVAL_MS, LOG_FLUSH_SCHEDULER_INTERVAL_MS));
        m.put("max.message.bytes", List.of(MESSAGE_MAX_BYTES));
        m.put("message.timestamp.type", List.of(LOG_MESSAGE_TIMESTAMP_TYPE));
        m.put("message.timestamp.before.max.ms", List.of(LOG_MESSAGE_TIMESTAMP_BEFORE_MAX_MS));
        m.put("message.timestamp.after.max.ms", List.of(LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS));
        m.put("retention.ms", List.of(LOG_RETENTION_MS, LOG_RETENTION_MINUTES, LOG_RETENTION_HOURS));
        m.put("retention.bytes", List.of(LOG_RETENTION_BYTES));
        m.put("file.delete.delay.ms", List.of(LOG_SEGMENT_DELETE_DELAY_MS));
        m.put("preallocate", List.of(LOG_PREALLOCATE));
        m.put("cleanup.policy", List.of(LOG_CLEANUP_POLICY));
        m.put("compression.type", List.of(COMPRESSION_TYPE));
        m.put("min.insync.replicas", List.of(MIN_INSYNC_REPLICAS));
        m.put("unclean.leader.election.enable", List.of(UNCLEAN_LEADER_ELECTION_ENABLE));
        m.put("delete.retention.ms", List.of(LOG_CLEANER_DELETE_RETENTION_MS));
        m.put("min.compaction.lag.ms", List.of(LOG_CLEANER_MIN_COMPACTION_LAG_MS));
        m.put("max.compaction.lag.ms", List.of(LOG_CLEANER_MAX_COMPACTION_LAG_MS));
        m.put("min.cleanable.dirty.ratio", List.of(LOG_CLEANER_MIN_CLEANABLE_RATIO));
        return java.util.Collections.unmodifiableMap(m);
    }
}

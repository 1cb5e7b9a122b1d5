package io.tributary.metadata.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The topic-level configs Tributary knows: Apache Kafka's names, types, defaults and the
 * broker-level synonym that supplies the default. Immutable and shared.
 */
public final class TopicConfigDef {

    /** One topic config. {@code brokerSynonym} is null when no broker key sets its default. */
    public record Key(String name, ConfigType type, String defaultValue, String brokerSynonym, double min,
            Set<String> allowed) {}

    /** Confluent's default subject name strategy: subjects {@code <topic>-key} and {@code <topic>-value}. */
    public static final String TOPIC_NAME_STRATEGY = "io.confluent.kafka.serializers.subject.TopicNameStrategy";

    private static final String SUBJECT_NAME_STRATEGY_NAMES = TOPIC_NAME_STRATEGY
            + ", io.confluent.kafka.serializers.subject.RecordNameStrategy and "
            + "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy";

    /** The subject name strategies broker-side schema validation supports (lower case, as values are compared). */
    private static final Set<String> SUBJECT_NAME_STRATEGIES = Set.of(TOPIC_NAME_STRATEGY.toLowerCase(Locale.ROOT),
            "io.confluent.kafka.serializers.subject.recordnamestrategy",
            "io.confluent.kafka.serializers.subject.topicrecordnamestrategy");

    private static final Map<String, Key> KEYS = build();

    private TopicConfigDef() {}

    public static Map<String, Key> keys() {
        return KEYS;
    }

    public static Optional<Key> key(String name) {
        return Optional.ofNullable(KEYS.get(name));
    }

    /**
     * Validates a set of topic config overrides.
     *
     * @return null when every entry is a known config with a valid value, else the message of
     *     the first problem (as Kafka words it)
     */
    public static String validate(Map<String, String> configs) {
        for (Map.Entry<String, String> e : configs.entrySet()) {
            Key key = KEYS.get(e.getKey());
            if (key == null) {
                return "Unknown topic config name: " + e.getKey();
            }
            if (e.getValue() == null) {
                return "Null value not supported for topic configs: " + e.getKey();
            }
            if (key.allowed() == SUBJECT_NAME_STRATEGIES
                    && !SUBJECT_NAME_STRATEGIES.contains(e.getValue().trim().toLowerCase(Locale.ROOT))) {
                return "Invalid value " + e.getValue() + " for configuration " + key.name() + ": broker-side schema "
                        + "validation supports the subject name strategies " + SUBJECT_NAME_STRATEGY_NAMES;
            }
            String problem = key.type().check(key.name(), e.getValue(), key.min(), key.allowed());
            if (problem != null) {
                return problem;
            }
            if (e.getKey().endsWith(".replication.throttled.replicas") && !e.getValue().isBlank()) {
                return "Replication throttles are not supported yet: " + e.getKey() + " must be empty";
            }
        }
        return null;
    }

    private static Map<String, Key> build() {
        Map<String, Key> m = new LinkedHashMap<>();
        String max = Long.toString(Long.MAX_VALUE);
        add(m, "cleanup.policy", ConfigType.LIST, "delete", "log.cleanup.policy", 0, Set.of("delete", "compact"));
        add(m, "compression.type", ConfigType.STRING, "producer", "compression.type", 0,
                Set.of("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"));
        add(m, "compression.gzip.level", ConfigType.INT, "-1", "compression.gzip.level", -1, Set.of());
        add(m, "compression.lz4.level", ConfigType.INT, "9", "compression.lz4.level", 1, Set.of());
        add(m, "compression.zstd.level", ConfigType.INT, "3", "compression.zstd.level", -131072, Set.of());
        add(m, "confluent.key.schema.validation", ConfigType.BOOLEAN, "false", null, 0, Set.of());
        add(m, "confluent.key.subject.name.strategy", ConfigType.STRING, TOPIC_NAME_STRATEGY, null, 0,
                SUBJECT_NAME_STRATEGIES);
        add(m, "confluent.value.schema.validation", ConfigType.BOOLEAN, "false", null, 0, Set.of());
        add(m, "confluent.value.subject.name.strategy", ConfigType.STRING, TOPIC_NAME_STRATEGY, null, 0,
                SUBJECT_NAME_STRATEGIES);
        add(m, "delete.retention.ms", ConfigType.LONG, "86400000", "log.cleaner.delete.retention.ms", 0, Set.of());
        add(m, "file.delete.delay.ms", ConfigType.LONG, "60000", "log.segment.delete.delay.ms", 0, Set.of());
        add(m, "flush.messages", ConfigType.LONG, max, "log.flush.interval.messages", 1, Set.of());
        add(m, "flush.ms", ConfigType.LONG, max, "log.flush.interval.ms", 0, Set.of());
        add(m, "follower.replication.throttled.replicas", ConfigType.LIST, "", null, 0, Set.of());
        add(m, "index.interval.bytes", ConfigType.INT, "4096", "log.index.interval.bytes", 0, Set.of());
        add(m, "leader.replication.throttled.replicas", ConfigType.LIST, "", null, 0, Set.of());
        add(m, "local.retention.bytes", ConfigType.LONG, "-2", "log.local.retention.bytes", -2, Set.of());
        add(m, "local.retention.ms", ConfigType.LONG, "-2", "log.local.retention.ms", -2, Set.of());
        add(m, "max.compaction.lag.ms", ConfigType.LONG, max, "log.cleaner.max.compaction.lag.ms", 1, Set.of());
        add(m, "max.message.bytes", ConfigType.INT, "1048588", "message.max.bytes", 0, Set.of());
        add(m, "message.timestamp.after.max.ms", ConfigType.LONG, "3600000", "log.message.timestamp.after.max.ms", 0,
                Set.of());
        add(m, "message.timestamp.before.max.ms", ConfigType.LONG, max, "log.message.timestamp.before.max.ms", 0,
                Set.of());
        add(m, "message.timestamp.type", ConfigType.STRING, "CreateTime", "log.message.timestamp.type", 0,
                Set.of("createtime", "logappendtime"));
        add(m, "min.cleanable.dirty.ratio", ConfigType.DOUBLE, "0.5", "log.cleaner.min.cleanable.ratio", 0, Set.of());
        add(m, "min.compaction.lag.ms", ConfigType.LONG, "0", "log.cleaner.min.compaction.lag.ms", 0, Set.of());
        add(m, "min.insync.replicas", ConfigType.INT, "1", "min.insync.replicas", 1, Set.of());
        add(m, "preallocate", ConfigType.BOOLEAN, "false", "log.preallocate", 0, Set.of());
        add(m, "remote.storage.enable", ConfigType.BOOLEAN, "false", null, 0, Set.of());
        add(m, "retention.bytes", ConfigType.LONG, "-1", "log.retention.bytes", Long.MIN_VALUE, Set.of());
        add(m, "retention.ms", ConfigType.LONG, "604800000", "log.retention.ms", -1, Set.of());
        add(m, "segment.bytes", ConfigType.INT, "1073741824", "log.segment.bytes", 14, Set.of());
        add(m, "segment.index.bytes", ConfigType.INT, "10485760", "log.index.size.max.bytes", 4, Set.of());
        add(m, "segment.jitter.ms", ConfigType.LONG, "0", "log.roll.jitter.ms", 0, Set.of());
        add(m, "segment.ms", ConfigType.LONG, "604800000", "log.roll.ms", 1, Set.of());
        add(m, "unclean.leader.election.enable", ConfigType.BOOLEAN, "false", "unclean.leader.election.enable", 0,
                Set.of());
        return Collections.unmodifiableMap(m);
    }

    private static void add(Map<String, Key> m, String name, ConfigType type, String dflt, String synonym, double min,
            Set<String> allowed) {
        m.put(name, new Key(name, type, dflt, synonym, min, allowed));
    }
}

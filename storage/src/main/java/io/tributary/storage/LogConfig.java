package io.tributary.storage;

import io.tributary.storage.directio.DirectIo;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.record.TimestampType;

/**
 * The settings of one partition's log, named and defaulted as Apache Kafka's topic-level configs
 * ({@code segment.bytes}, {@code segment.ms}, ...), plus two broker-level settings no topic can
 * override, which {@link #with} keeps and {@link #names()} and {@link #toMap()} leave out: {@code
 * directIo} ({@code log.direct.io}: segment files use direct I/O, see {@link DirectIo}) and {@code
 * producerIdExpirationMs} ({@code producer.id.expiration.ms}: how long an idle idempotent
 * producer's state is kept). Immutable; a config change replaces the instance held by the log.
 */
public record LogConfig(
        int segmentBytes,
        long segmentMs,
        int segmentIndexBytes,
        int indexIntervalBytes,
        long flushIntervalMessages,
        long flushIntervalMs,
        int maxMessageBytes,
        TimestampType timestampType,
        long retentionMs,
        long retentionBytes,
        long fileDeleteDelayMs,
        boolean preallocate,
        boolean compact,
        boolean delete,
        String compressionType,
        long deleteRetentionMs,
        double minCleanableDirtyRatio,
        long minCompactionLagMs,
        long maxCompactionLagMs,
        long messageTimestampBeforeMaxMs,
        long messageTimestampAfterMaxMs,
        boolean directIo,
        long producerIdExpirationMs) {

    public static final String SEGMENT_BYTES = "segment.bytes";
    public static final String SEGMENT_MS = "segment.ms";
    public static final String SEGMENT_INDEX_BYTES = "segment.index.bytes";
    public static final String INDEX_INTERVAL_BYTES = "index.interval.bytes";
    public static final String FLUSH_MESSAGES = "flush.messages";
    public static final String FLUSH_MS = "flush.ms";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String MESSAGE_TIMESTAMP_TYPE = "message.timestamp.type";
    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String FILE_DELETE_DELAY_MS = "file.delete.delay.ms";
    public static final String PREALLOCATE = "preallocate";
    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String COMPRESSION_TYPE = "compression.type";
    public static final String DELETE_RETENTION_MS = "delete.retention.ms";
    public static final String MIN_CLEANABLE_DIRTY_RATIO = "min.cleanable.dirty.ratio";
    public static final String MIN_COMPACTION_LAG_MS = "min.compaction.lag.ms";
    public static final String MAX_COMPACTION_LAG_MS = "max.compaction.lag.ms";
    public static final String MESSAGE_TIMESTAMP_BEFORE_MAX_MS = "message.timestamp.before.max.ms";
    public static final String MESSAGE_TIMESTAMP_AFTER_MAX_MS = "message.timestamp.after.max.ms";

    /** Values of {@code compression.type}: {@code producer} keeps the producer's codec. */
    public static final java.util.Set<String> COMPRESSION_TYPES =
            java.util.Set.of("producer", "uncompressed", "gzip", "snappy", "lz4", "zstd");

    /** Apache Kafka's defaults. */
    public static LogConfig defaults() {
        return new LogConfig(
                1024 * 1024 * 1024,
                7L * 24 * 60 * 60 * 1000,
                10 * 1024 * 1024,
                4096,
                Long.MAX_VALUE,
                Long.MAX_VALUE,
                1024 * 1024 + 12,
                TimestampType.CREATE_TIME,
                7L * 24 * 60 * 60 * 1000,
                -1L,
                60_000L,
                false,
                false,
                true,
                "producer",
                24L * 60 * 60 * 1000,
                0.5,
                0L,
                Long.MAX_VALUE,
                Long.MAX_VALUE,
                60L * 60 * 1000,
                false,
                24L * 60 * 60 * 1000);
    }

    public LogConfig {
        if (segmentBytes < 14) {
            throw new IllegalArgumentException(SEGMENT_BYTES + " must be at least 14");
        }
        if (segmentMs < 1) {
            throw new IllegalArgumentException(SEGMENT_MS + " must be at least 1");
        }
        if (segmentIndexBytes < 8) {
            throw new IllegalArgumentException(SEGMENT_INDEX_BYTES + " must be at least 8");
        }
        if (indexIntervalBytes < 0) {
            throw new IllegalArgumentException(INDEX_INTERVAL_BYTES + " must be at least 0");
        }
        if (flushIntervalMessages < 1 || flushIntervalMs < 0) {
            throw new IllegalArgumentException("flush intervals must be positive");
        }
        if (maxMessageBytes < 0) {
            throw new IllegalArgumentException(MAX_MESSAGE_BYTES + " must be at least 0");
        }
        if (timestampType != TimestampType.CREATE_TIME && timestampType != TimestampType.LOG_APPEND_TIME) {
            throw new IllegalArgumentException(MESSAGE_TIMESTAMP_TYPE + " must be CreateTime or LogAppendTime");
        }
        if (!COMPRESSION_TYPES.contains(compressionType)) {
            throw new IllegalArgumentException(COMPRESSION_TYPE + " must be one of "
                    + new java.util.TreeSet<>(COMPRESSION_TYPES));
        }
        if (deleteRetentionMs < 0 || minCompactionLagMs < 0 || maxCompactionLagMs < 1) {
            throw new IllegalArgumentException("compaction lags and delete.retention.ms must not be negative");
        }
        if (messageTimestampBeforeMaxMs < 0 || messageTimestampAfterMaxMs < 0) {
            throw new IllegalArgumentException("message.timestamp.before/after.max.ms must not be negative");
        }
        if (producerIdExpirationMs < 1) {
            throw new IllegalArgumentException("producer.id.expiration.ms must be at least 1");
        }
        if (!(minCleanableDirtyRatio >= 0 && minCleanableDirtyRatio <= 1)) {
            throw new IllegalArgumentException(MIN_CLEANABLE_DIRTY_RATIO + " must be between 0 and 1");
        }
    }

    /**
     * Applies topic-level overrides (Kafka's topic config names) on top of this config.
     *
     * @throws IllegalArgumentException naming the key when a value does not parse or is out of range
     */
    public LogConfig with(Map<String, String> overrides) {
        Map<String, String> m = new HashMap<>(overrides);
        try {
            return new LogConfig(
                    intOf(m, SEGMENT_BYTES, segmentBytes),
                    longOf(m, SEGMENT_MS, segmentMs),
                    intOf(m, SEGMENT_INDEX_BYTES, segmentIndexBytes),
                    intOf(m, INDEX_INTERVAL_BYTES, indexIntervalBytes),
                    longOf(m, FLUSH_MESSAGES, flushIntervalMessages),
                    longOf(m, FLUSH_MS, flushIntervalMs),
                    intOf(m, MAX_MESSAGE_BYTES, maxMessageBytes),
                    m.containsKey(MESSAGE_TIMESTAMP_TYPE)
                            ? TimestampType.forName(m.get(MESSAGE_TIMESTAMP_TYPE).trim())
                            : timestampType,
                    longOf(m, RETENTION_MS, retentionMs),
                    longOf(m, RETENTION_BYTES, retentionBytes),
                    longOf(m, FILE_DELETE_DELAY_MS, fileDeleteDelayMs),
                    m.containsKey(PREALLOCATE) ? Boolean.parseBoolean(m.get(PREALLOCATE).trim()) : preallocate,
                    m.containsKey(CLEANUP_POLICY) ? policyHas(m.get(CLEANUP_POLICY), "compact") : compact,
                    m.containsKey(CLEANUP_POLICY) ? policyHas(m.get(CLEANUP_POLICY), "delete") : delete,
                    m.containsKey(COMPRESSION_TYPE) ? m.get(COMPRESSION_TYPE).trim().toLowerCase(java.util.Locale.ROOT)
                            : compressionType,
                    longOf(m, DELETE_RETENTION_MS, deleteRetentionMs),
                    doubleOf(m, MIN_CLEANABLE_DIRTY_RATIO, minCleanableDirtyRatio),
                    longOf(m, MIN_COMPACTION_LAG_MS, minCompactionLagMs),
                    longOf(m, MAX_COMPACTION_LAG_MS, maxCompactionLagMs),
                    longOf(m, MESSAGE_TIMESTAMP_BEFORE_MAX_MS, messageTimestampBeforeMaxMs),
                    longOf(m, MESSAGE_TIMESTAMP_AFTER_MAX_MS, messageTimestampAfterMaxMs),
                    directIo,
                    producerIdExpirationMs);
        } catch (java.util.NoSuchElementException e) {
            throw new IllegalArgumentException("Invalid value for " + MESSAGE_TIMESTAMP_TYPE, e);
        }
    }

    /** This config with direct I/O for segment files switched {@code on} or off. */
    public LogConfig withDirectIo(boolean on) {
        return withBrokerSettings(on, producerIdExpirationMs);
    }

    /** This config with {@code producer.id.expiration.ms} set to {@code ms}. */
    public LogConfig withProducerIdExpirationMs(long ms) {
        return withBrokerSettings(directIo, ms);
    }

    private LogConfig withBrokerSettings(boolean direct, long expirationMs) {
        return new LogConfig(segmentBytes, segmentMs, segmentIndexBytes, indexIntervalBytes, flushIntervalMessages,
                flushIntervalMs, maxMessageBytes, timestampType, retentionMs, retentionBytes, fileDeleteDelayMs,
                preallocate, compact, delete, compressionType, deleteRetentionMs, minCleanableDirtyRatio,
                minCompactionLagMs, maxCompactionLagMs, messageTimestampBeforeMaxMs, messageTimestampAfterMaxMs,
                direct, expirationMs);
    }

    /** The topic-level config names this record carries. */
    public static java.util.Set<String> names() {
        return java.util.Set.of(SEGMENT_BYTES, SEGMENT_MS, SEGMENT_INDEX_BYTES, INDEX_INTERVAL_BYTES,
                FLUSH_MESSAGES, FLUSH_MS, MAX_MESSAGE_BYTES, MESSAGE_TIMESTAMP_TYPE, RETENTION_MS,
                RETENTION_BYTES, FILE_DELETE_DELAY_MS, PREALLOCATE, CLEANUP_POLICY, COMPRESSION_TYPE,
                DELETE_RETENTION_MS, MIN_CLEANABLE_DIRTY_RATIO, MIN_COMPACTION_LAG_MS, MAX_COMPACTION_LAG_MS,
                MESSAGE_TIMESTAMP_BEFORE_MAX_MS, MESSAGE_TIMESTAMP_AFTER_MAX_MS);
    }

    /** This config as Kafka topic-level key/value strings. */
    public Map<String, String> toMap() {
        Map<String, String> m = new java.util.TreeMap<>();
        m.put(SEGMENT_BYTES, Integer.toString(segmentBytes));
        m.put(SEGMENT_MS, Long.toString(segmentMs));
        m.put(SEGMENT_INDEX_BYTES, Integer.toString(segmentIndexBytes));
        m.put(INDEX_INTERVAL_BYTES, Integer.toString(indexIntervalBytes));
        m.put(FLUSH_MESSAGES, Long.toString(flushIntervalMessages));
        m.put(FLUSH_MS, Long.toString(flushIntervalMs));
        m.put(MAX_MESSAGE_BYTES, Integer.toString(maxMessageBytes));
        m.put(MESSAGE_TIMESTAMP_TYPE, timestampType.name);
        m.put(RETENTION_MS, Long.toString(retentionMs));
        m.put(RETENTION_BYTES, Long.toString(retentionBytes));
        m.put(FILE_DELETE_DELAY_MS, Long.toString(fileDeleteDelayMs));
        m.put(PREALLOCATE, Boolean.toString(preallocate));
        m.put(CLEANUP_POLICY, compact && delete ? "compact,delete" : compact ? "compact" : delete ? "delete" : "");
        m.put(COMPRESSION_TYPE, compressionType);
        m.put(DELETE_RETENTION_MS, Long.toString(deleteRetentionMs));
        m.put(MIN_CLEANABLE_DIRTY_RATIO, Double.toString(minCleanableDirtyRatio));
        m.put(MIN_COMPACTION_LAG_MS, Long.toString(minCompactionLagMs));
        m.put(MAX_COMPACTION_LAG_MS, Long.toString(maxCompactionLagMs));
        m.put(MESSAGE_TIMESTAMP_BEFORE_MAX_MS, Long.toString(messageTimestampBeforeMaxMs));
        m.put(MESSAGE_TIMESTAMP_AFTER_MAX_MS, Long.toString(messageTimestampAfterMaxMs));
        return m;
    }

    private static boolean policyHas(String policy, String wanted) {
        for (String p : policy.split(",")) {
            if (p.trim().equalsIgnoreCase(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static double doubleOf(Map<String, String> m, String key, double dflt) {
        String v = m.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value " + v + " for configuration " + key, e);
        }
    }

    private static int intOf(Map<String, String> m, String key, int dflt) {
        String v = m.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value " + v + " for configuration " + key, e);
        }
    }

    private static long longOf(Map<String, String> m, String key, long dflt) {
        String v = m.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value " + v + " for configuration " + key, e);
        }
    }
}

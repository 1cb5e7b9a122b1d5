package io.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka's {@code message.timestamp.before.max.ms} and {@code message.timestamp.after.max.ms}:
 * under CreateTime a client's record must be stamped within [now - before, now + after] (after
 * defaults to one hour, before to unbounded); under LogAppendTime the broker's time replaces it.
 */
class TimestampBoundsTest {
    @TempDir
    Path dir;

    static final long NOW = 1_800_000_000_000L;
    static final long HOUR = 3_600_000L;
    final ManualTime time = new ManualTime(NOW);

    Log open(Map<String, String> topicConfig) throws Exception {
        return Log.open(dir.resolve("t-0"), LogConfig.defaults().with(topicConfig), time, 0, false);
    }

    static ByteBuffer at(long timestamp) {
        return TestBatches.withValues(timestamp, List.of(new byte[] {1}, new byte[] {2}));
    }

    @Test
    void byDefaultRecordsMoreThanAnHourAheadAreRefusedAndOldOnesAccepted() throws Exception {
        try (Log log = open(Map.of())) {
            log.appendAsLeader(at(NOW + HOUR - 1), 0); // records at +0 and +1 ms
            log.appendAsLeader(at(0), 0);
            assertThatThrownBy(() -> log.appendAsLeader(at(NOW + HOUR + 1), 0))
                    .isInstanceOf(InvalidTimestampException.class).hasMessageContaining("out of range");
            assertThat(log.logEndOffset()).isEqualTo(4);
        }
    }

    @Test
    void bothBoundsFollowTheTopicsConfig() throws Exception {
        try (Log log = open(Map.of(LogConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS, "1000",
                LogConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS, Long.toString(Long.MAX_VALUE)))) {
            log.appendAsLeader(at(NOW - 1000), 0);
            log.appendAsLeader(at(Long.MAX_VALUE - 10), 0);
            assertThatThrownBy(() -> log.appendAsLeader(at(NOW - 1001), 0))
                    .isInstanceOf(InvalidTimestampException.class);
            ByteBuffer withoutTimestamp = MemoryRecords.withRecords(Compression.NONE,
                    new SimpleRecord(RecordBatch.NO_TIMESTAMP, null, new byte[] {1}),
                    new SimpleRecord(NOW - 2000, null, new byte[] {2})).buffer();
            assertThatThrownBy(() -> log.appendAsLeader(withoutTimestamp, 0))
                    .as("a record without a timestamp exempts only itself")
                    .isInstanceOf(InvalidTimestampException.class);
            assertThat(log.logEndOffset()).isEqualTo(4);
        }
    }

    @Test
    void logAppendTimeTopicsTakeAnyClientTimestamp() throws Exception {
        try (Log log = open(Map.of(LogConfig.MESSAGE_TIMESTAMP_TYPE, "LogAppendTime"))) {
            log.appendAsLeader(at(NOW + 10 * HOUR), 0);
            assertThat(log.logEndOffset()).isEqualTo(2);
        }
    }
}

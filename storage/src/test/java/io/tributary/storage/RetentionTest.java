package io.tributary.storage;

import static io.tributary.storage.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {
    @TempDir
    Path dir;

    final ManualTime time = new ManualTime(1_000_000L);

    /** Segments of two batches of 10 records each (one batch is about 180 bytes). */
    LogConfig small(Map<String, String> overrides) {
        int batchSize = batch(10, 0).remaining();
        return LogConfig.defaults().with(Map.of("segment.bytes", Integer.toString(batchSize * 2),
                "file.delete.delay.ms", "1000")).with(overrides);
    }

    Log open(LogConfig config) throws Exception {
        return Log.open(dir.resolve("t-0"), config, time, 0L, false);
    }

    long[] files(String suffix) throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("t-0"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix))
                    .mapToLong(n -> Long.parseLong(n.substring(0, 20))).sorted().toArray();
        }
    }

    @Test
    void retentionNeverDeletesASegmentReachingAboveTheHighWatermark() throws Exception {
        try (Log log = open(small(Map.of("retention.ms", "10000")))) {
            for (int i = 0; i < 5; i++) {
                log.appendAsLeader(batch(10, time.milliseconds()), 0);
            }
            assertThat(log.numberOfSegments()).isEqualTo(3);
            log.updateHighWatermark(25); // followers have the first segment [0, 20) and part of the second
            time.sleep(100_000);
            assertThat(log.deleteOldSegments()).as("everything expired, only [0, 20) is below 25").isEqualTo(1);
            assertThat(log.logStartOffset()).isEqualTo(20);
            log.updateHighWatermark(50);
            assertThat(log.deleteOldSegments()).isEqualTo(2);
            assertThat(log.logStartOffset()).isEqualTo(50);
        }
    }

    @Test
    void retentionMsDeletesExpiredSegmentsAndRollsAnExpiredActiveSegment() throws Exception {
        try (Log log = open(small(Map.of("retention.ms", "10000")))) {
            for (int i = 0; i < 5; i++) {
                log.appendAsLeader(batch(10, time.milliseconds() + i * 1000L), 0);
            }
            assertThat(log.numberOfSegments()).isEqualTo(3);
            time.sleep(12_500);
            // timestamps 1_000_000..1_004_000; now 1_012_500: the first segment (max 1_001_000) is expired
            assertThat(log.deleteOldSegments()).isEqualTo(1);
            assertThat(log.logStartOffset()).isEqualTo(20);
            assertThat(files(".log.deleted")).containsExactly(0L);
            assertThatThrownBy(() -> log.read(0, 1000, Long.MAX_VALUE, false))
                    .isInstanceOf(OffsetOutOfRangeException.class);
            time.sleep(1_000);
            log.deleteRetiredSegments();
            assertThat(files(".log.deleted")).isEmpty();
            time.sleep(100_000);
            assertThat(log.deleteOldSegments()).isEqualTo(2);
            assertThat(log.numberOfSegments()).isEqualTo(1);
            assertThat(log.logStartOffset()).isEqualTo(50);
            assertThat(log.logEndOffset()).isEqualTo(50);
            assertThat(log.appendAsLeader(batch(1, time.milliseconds()), 0).firstOffset()).isEqualTo(50);
        }
    }

    @Test
    void retentionBytesKeepsTheNewestSegmentsWithinTheLimit() throws Exception {
        int segmentBytes = batch(10, 0).remaining() * 2;
        try (Log log = open(small(Map.of("retention.bytes", Integer.toString(segmentBytes * 2))))) {
            for (int i = 0; i < 9; i++) {
                log.appendAsLeader(batch(10, time.milliseconds()), 0);
            }
            assertThat(log.numberOfSegments()).isEqualTo(5);
            // as Kafka: delete the oldest segments while the log stays at or above the limit
            assertThat(log.deleteOldSegments()).isEqualTo(2);
            assertThat(log.logStartOffset()).isEqualTo(40);
            assertThat(log.size()).isLessThan(segmentBytes * 3L);
        }
    }

    @Test
    void compactOnlyPolicyKeepsOldSegments() throws Exception {
        try (Log log = open(small(Map.of("retention.ms", "1", "cleanup.policy", "compact")))) {
            for (int i = 0; i < 5; i++) {
                log.appendAsLeader(batch(10, time.milliseconds()), 0);
            }
            time.sleep(10_000);
            assertThat(log.deleteOldSegments()).isZero();
        }
    }

    @Test
    void logStartOffsetMovesDeletesWholeSegmentsAndSurvivesRestart() throws Exception {
        Path logDir = dir;
        TopicPartition tp = new TopicPartition("t", 0);
        try (LogManager m = LogManager.open(List.of(logDir), small(Map.of()), time)) {
            Log log = m.getOrCreate(tp, Uuid.randomUuid(), small(Map.of()));
            for (int i = 0; i < 5; i++) {
                log.appendAsLeader(batch(10, time.milliseconds()), 0);
            }
            assertThatThrownBy(() -> log.advanceLogStartOffset(51)).isInstanceOf(OffsetOutOfRangeException.class);
            assertThat(log.advanceLogStartOffset(25)).isEqualTo(25);
            assertThat(log.advanceLogStartOffset(3)).isEqualTo(25);
            assertThat(log.deleteOldSegments()).isEqualTo(1);
            assertThat(log.logStartOffset()).isEqualTo(25);
            assertThat(log.read(25, 100_000, Long.MAX_VALUE, false).records().sizeInBytes()).isPositive();
            assertThatThrownBy(() -> log.read(24, 1000, Long.MAX_VALUE, false))
                    .isInstanceOf(OffsetOutOfRangeException.class);
            assertThat(log.offsetForTimestamp(0).orElseThrow().offset()).isEqualTo(25);
        }
        assertThat(Files.readAllLines(logDir.resolve("log-start-offset-checkpoint")))
                .containsExactly("0", "1", "t 0 25");
        try (LogManager m = LogManager.open(List.of(logDir), small(Map.of()), time)) {
            assertThat(m.get(tp).orElseThrow().logStartOffset()).isEqualTo(25);
        }
    }
}

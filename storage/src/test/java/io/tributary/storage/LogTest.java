package io.tributary.storage;

import static io.tributary.storage.TestBatches.batch;
import static io.tributary.storage.TestBatches.batchesOf;
import static io.tributary.storage.TestBatches.recordsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.codec.FileRegionRecords;
import io.tributary.storage.segment.BatchLocator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTest {
    @TempDir
    Path dir;

    final ManualTime time = new ManualTime(1_000_000L);

    Log open(LogConfig config) throws Exception {
        return Log.open(dir.resolve("t-0"), config, time, 0L, false);
    }

    @Test
    void appendAssignsOffsetsAndReadReturnsTheBatches() throws Exception {
        try (Log log = open(LogConfig.defaults())) {
            AppendResult a = log.appendAsLeader(batch(3, 100), 5);
            AppendResult b = log.appendAsLeader(batch(2, 200), 5);
            assertThat(a.firstOffset()).isEqualTo(0);
            assertThat(a.lastOffset()).isEqualTo(2);
            assertThat(a.recordCount()).isEqualTo(3);
            assertThat(a.logAppendTime()).isEqualTo(-1);
            assertThat(b.firstOffset()).isEqualTo(3);
            assertThat(b.lastOffset()).isEqualTo(4);
            assertThat(log.logEndOffset()).isEqualTo(5);
            ReadResult r = log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, false);
            List<Record> records = recordsOf(r.records());
            assertThat(records).extracting(Record::offset).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(batchesOf(r.records())).allSatisfy(x -> assertThat(x.partitionLeaderEpoch()).isEqualTo(5));
            assertThat(r.logEndOffset()).isEqualTo(5);
            assertThat(log.latestEpoch()).hasValue(5);
            // reading from the middle of a batch starts at that batch
            assertThat(batchesOf(log.read(4, 1 << 20, Long.MAX_VALUE, false).records()))
                    .extracting(RecordBatch::baseOffset).containsExactly(3L);
            assertThat(log.read(5, 1 << 20, Long.MAX_VALUE, false).records().sizeInBytes()).isZero();
            assertThatThrownBy(() -> log.read(6, 100, Long.MAX_VALUE, false))
                    .isInstanceOf(OffsetOutOfRangeException.class);
            assertThatThrownBy(() -> log.read(-1, 100, Long.MAX_VALUE, false))
                    .isInstanceOf(OffsetOutOfRangeException.class);
        }
    }

    @Test
    void smallReadsCarryACopyOfTheirBytesAndLargeOnesDoNot() throws Exception {
        try (Log log = open(LogConfig.defaults())) {
            for (int i = 0; i < 400; i++) {
                log.appendAsLeader(batch(5, i), 0);
            }
            FileRegionRecords small = log.read(1000, 4000, Long.MAX_VALUE, false).records();
            assertThat(small.sizeInBytes()).isBetween(1, BatchLocator.SMALL_REGION_BYTES);
            assertThat(small.bytes()).isEqualTo(TestBatches.bytes(small));
            FileRegionRecords tail = log.read(1995, 1 << 20, Long.MAX_VALUE, false).records();
            assertThat(tail.bytes()).isEqualTo(TestBatches.bytes(tail));
            assertThat(recordsOf(tail)).extracting(Record::offset).containsExactly(1995L, 1996L, 1997L, 1998L,
                    1999L);
            FileRegionRecords large = log.read(0, 1 << 20, Long.MAX_VALUE, false).records();
            assertThat(large.sizeInBytes()).isGreaterThan(BatchLocator.SMALL_REGION_BYTES);
            assertThat(large.bytes()).isNull();
        }
    }

    /** Regions of exactly {@code SMALL_REGION_BYTES} carry their bytes, one byte more does not. */
    @Test
    void theSmallRegionBoundaryAndReadsCutByMaxOffset() throws Exception {
        int small = BatchLocator.SMALL_REGION_BYTES;
        try (Log log = open(LogConfig.defaults())) {
            log.appendAsLeader(batch(3, 0), 0);
            log.appendAsLeader(batchOfSize(small), 0);
            log.appendAsLeader(batchOfSize(small + 1), 0);
            log.appendAsLeader(batch(3, 0), 0);
            FileRegionRecords exact = log.read(3, small, Long.MAX_VALUE, false).records();
            assertThat(exact.sizeInBytes()).isEqualTo(small);
            assertThat(exact.bytes()).isEqualTo(TestBatches.bytes(exact));
            FileRegionRecords over = log.read(4, small + 1, Long.MAX_VALUE, false).records();
            assertThat(over.sizeInBytes()).isEqualTo(small + 1);
            assertThat(over.bytes()).isNull();
            // the first batch alone: a small read cut by maxOffset carries exactly its bytes
            FileRegionRecords cut = log.read(0, 1 << 20, 3, false).records();
            assertThat(cut.offsetSpan()).isEqualTo(3);
            assertThat(cut.bytes()).isEqualTo(TestBatches.bytes(cut));
            assertThat(recordsOf(cut)).extracting(Record::offset).containsExactly(0L, 1L, 2L);
        }
    }

    /** An uncompressed batch of one record whose value makes the batch exactly {@code size} bytes. */
    private static ByteBuffer batchOfSize(int size) {
        int value = size;
        ByteBuffer b;
        do {
            value--;
            b = TestBatches.withValues(0L, List.of(new byte[value]));
        } while (b.remaining() > size);
        assertThat(b.remaining()).isEqualTo(size);
        return b;
    }

    @Test
    void readHonoursMaxBytesMinOneMessageAndMaxOffset() throws Exception {
        try (Log log = open(LogConfig.defaults())) {
            int size = batch(2, 0).remaining();
            for (int i = 0; i < 4; i++) {
                log.appendAsLeader(batch(2, 0), 0);
            }
            FileRegionRecords cut = log.read(0, size * 2 + 1, Long.MAX_VALUE, false).records();
            assertThat(cut.sizeInBytes()).isEqualTo(size * 2);
            assertThat(cut.offsetSpan()).isEqualTo(4);
            assertThat(log.read(2, size * 2, Long.MAX_VALUE, false).records().sizeInBytes()).isEqualTo(size * 2);
            FileRegionRecords tail = log.read(6, 1 << 20, Long.MAX_VALUE, false).records();
            assertThat(tail.sizeInBytes()).isEqualTo(size);
            assertThat(tail.offsetSpan()).isEqualTo(2);
            assertThat(log.read(0, 1, Long.MAX_VALUE, false).records().sizeInBytes()).isZero();
            assertThat(log.read(0, 1, Long.MAX_VALUE, true).records().sizeInBytes()).isEqualTo(size);
            assertThat(batchesOf(log.read(0, 1 << 20, 4, false).records()))
                    .extracting(RecordBatch::lastOffset).containsExactly(1L, 3L);
            assertThat(log.read(0, 1 << 20, 1, true).records().sizeInBytes()).isZero();
        }
    }

    @Test
    void rollsOnSegmentBytesAndReadsAcrossSegments() throws Exception {
        int size = batch(5, 0).remaining();
        LogConfig config = LogConfig.defaults().with(Map.of(LogConfig.SEGMENT_BYTES, Integer.toString(size * 3)));
        try (Log log = open(config)) {
            for (int i = 0; i < 10; i++) {
                log.appendAsLeader(batch(5, i), 0);
            }
            assertThat(log.numberOfSegments()).isEqualTo(4);
            assertThat(log.size()).isEqualTo(10L * size);
            assertThat(Files.exists(log.dir().resolve("00000000000000000015.log"))).isTrue();
            assertThat(Files.exists(log.dir().resolve("00000000000000000015.index"))).isTrue();
            assertThat(Files.exists(log.dir().resolve("00000000000000000015.timeindex"))).isTrue();
            assertThat(Files.exists(log.dir().resolve("00000000000000000045.snapshot"))).isTrue();
            // rolled segment's index trimmed
            assertThat(Files.size(log.dir().resolve("00000000000000000000.index"))).isLessThan(100);
            long next = 0;
            while (next < log.logEndOffset()) {
                ReadResult r = log.read(next, size, Long.MAX_VALUE, true);
                List<Record> recs = recordsOf(r.records());
                assertThat(recs.get(0).offset()).isEqualTo(next);
                next = recs.get(recs.size() - 1).offset() + 1;
            }
            assertThat(next).isEqualTo(50);
        }
    }

    @Test
    void rejectsOversizedBatches() throws Exception {
        int size = batch(20, 0).remaining();
        LogConfig config = LogConfig.defaults().with(Map.of(LogConfig.MAX_MESSAGE_BYTES, Integer.toString(size - 1)));
        try (Log log = open(config)) {
            assertThatThrownBy(() -> log.appendAsLeader(batch(20, 0), 0)).isInstanceOf(RecordTooLargeException.class);
            log.updateConfig(LogConfig.defaults().with(Map.of(LogConfig.SEGMENT_BYTES, Integer.toString(size - 1))));
            assertThatThrownBy(() -> log.appendAsLeader(batch(20, 0), 0))
                    .isInstanceOf(RecordBatchTooLargeException.class);
            var corrupt = batch(20, 0);
            corrupt.put(corrupt.limit() - 1, (byte) 7);
            log.updateConfig(LogConfig.defaults());
            assertThatThrownBy(() -> log.appendAsLeader(corrupt, 0)).isInstanceOf(CorruptRecordException.class);
            assertThat(log.logEndOffset()).isZero();
        }
    }

    @Test
    void logAppendTimeIsStamped() throws Exception {
        LogConfig config = LogConfig.defaults().with(Map.of(LogConfig.MESSAGE_TIMESTAMP_TYPE, "LogAppendTime"));
        try (Log log = open(config)) {
            AppendResult r = log.appendAsLeader(batch(3, 5), 0);
            assertThat(r.logAppendTime()).isEqualTo(time.milliseconds());
            RecordBatch b = batchesOf(log.read(0, 1 << 20, Long.MAX_VALUE, false).records()).get(0);
            b.ensureValid();
            assertThat(b.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
            assertThat(b.maxTimestamp()).isEqualTo(time.milliseconds());
        }
    }

    @Test
    void timestampLookups() throws Exception {
        LogConfig config = LogConfig.defaults().with(Map.of(LogConfig.INDEX_INTERVAL_BYTES, "1"));
        try (Log log = open(config)) {
            assertThat(log.maxTimestampOffset()).isEmpty();
            log.appendAsLeader(batch(Compression.gzip().build(), 5, 100, -1, (short) -1, -1), 2); // 100..104
            log.appendAsLeader(batch(5, 300), 3); // offsets 5..9, ts 300..304
            log.appendAsLeader(batch(5, 200), 3); // offsets 10..14, ts 200..204
            log.roll();
            log.appendAsLeader(batch(5, 304), 4); // 15..19, ts 304..308
            assertThat(log.offsetForTimestamp(0)).contains(new TimestampOffset(100, 0, 2));
            assertThat(log.offsetForTimestamp(102)).contains(new TimestampOffset(102, 2, 2));
            assertThat(log.offsetForTimestamp(202)).contains(new TimestampOffset(300, 5, 3));
            assertThat(log.offsetForTimestamp(305)).contains(new TimestampOffset(305, 16, 4));
            assertThat(log.offsetForTimestamp(309)).isEmpty();
            assertThat(log.maxTimestampOffset()).contains(new TimestampOffset(308, 19, 4));
        }
    }

    @Test
    void maxTimestampPrefersTheEarliestRecord() throws Exception {
        try (Log log = open(LogConfig.defaults())) {
            log.appendAsLeader(batch(3, 100), 0); // 100..102
            log.appendAsLeader(batch(1, 102), 0);
            assertThat(log.maxTimestampOffset()).contains(new TimestampOffset(102, 2, 0));
        }
    }

    @Test
    void segmentMsRollsWithTheManualClock() throws Exception {
        LogConfig config = LogConfig.defaults().with(Map.of(LogConfig.SEGMENT_MS, "1000"));
        try (Log log = open(config)) {
            log.appendAsLeader(batch(1, 0), 0);
            time.advance(1000);
            log.rollIfDue();
            assertThat(log.numberOfSegments()).isEqualTo(1);
            time.advance(1);
            log.appendAsLeader(batch(1, 0), 0);
            assertThat(log.numberOfSegments()).isEqualTo(2);
            time.advance(1001);
            log.runPeriodicTasks();
            assertThat(log.numberOfSegments()).isEqualTo(3);
            log.runPeriodicTasks();
            assertThat(log.numberOfSegments()).isEqualTo(3);
        }
    }

    @Test
    void flushMessagesAndFlushMs() throws Exception {
        try (Log log = open(LogConfig.defaults().with(Map.of(LogConfig.FLUSH_MESSAGES, "1")))) {
            log.appendAsLeader(batch(2, 0), 0);
            assertThat(log.recoveryPoint()).isEqualTo(2);
        }
        Path d2 = dir.resolve("t-1");
        try (Log log = Log.open(d2, LogConfig.defaults().with(Map.of(LogConfig.FLUSH_MS, "500")), time, 0, false)) {
            log.appendAsLeader(batch(2, 0), 0);
            log.flushIfDue();
            assertThat(log.recoveryPoint()).isZero();
            time.advance(500);
            log.flushIfDue();
            assertThat(log.recoveryPoint()).isEqualTo(2);
            log.appendAsLeader(batch(2, 0), 0);
            log.roll();
            log.appendAsLeader(batch(2, 0), 0);
            log.flushIfDue();
            assertThat(log.recoveryPoint()).isEqualTo(4);
        }
    }

    @Test
    void truncateRemovesTheTailAndReopens() throws Exception {
        int size = batch(2, 0).remaining();
        LogConfig config = LogConfig.defaults().with(Map.of(LogConfig.SEGMENT_BYTES, Integer.toString(size * 2)));
        try (Log log = open(config)) {
            for (int i = 0; i < 6; i++) {
                log.appendAsLeader(batch(2, i), i);
            }
            assertThat(log.numberOfSegments()).isEqualTo(3);
            log.truncateTo(5); // the batch 4..5 goes as a whole
            assertThat(log.logEndOffset()).isEqualTo(4);
            assertThat(log.numberOfSegments()).isEqualTo(2);
            assertThat(log.latestEpoch()).hasValue(1);
            AppendResult r = log.appendAsLeader(batch(2, 9), 7);
            assertThat(r.firstOffset()).isEqualTo(4);
            assertThat(readAll(log)).extracting(Record::offset).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
            log.truncateFullyAndStartAt(100);
            assertThat(log.logStartOffset()).isEqualTo(100);
            assertThat(log.logEndOffset()).isEqualTo(100);
            assertThat(log.appendAsLeader(batch(1, 0), 8).firstOffset()).isEqualTo(100);
        }
        try (Log log = Log.open(dir.resolve("t-0"), config, time, 0, true)) {
            assertThat(log.logStartOffset()).isEqualTo(100);
            assertThat(log.logEndOffset()).isEqualTo(101);
            assertThat(log.latestEpoch()).hasValue(8);
        }
    }

    @Test
    void aNewLogWritesNoLeaderEpochCheckpointUntilItHasAnEpoch() throws Exception {
        try (Log log = open(LogConfig.defaults())) {
            assertThat(log.dir().resolve("leader-epoch-checkpoint")).doesNotExist();
            assertThat(log.latestEpoch()).isEmpty();
            log.appendAsLeader(batch(1, 0), 2);
            assertThat(log.dir().resolve("leader-epoch-checkpoint")).exists();
        }
    }

    @Test
    void leaderEpochCheckpointIsKafkaFormat() throws Exception {
        try (Log log = open(LogConfig.defaults())) {
            log.appendAsLeader(batch(2, 0), 1);
            log.appendAsLeader(batch(2, 0), 3);
            assertThat(Files.readString(log.dir().resolve("leader-epoch-checkpoint"), StandardCharsets.UTF_8))
                    .isEqualTo("0\n2\n1 0\n3 2\n");
            assertThat(log.endOffsetForEpoch(1)).isEqualTo(new EpochEndOffset(1, 2));
            assertThat(log.endOffsetForEpoch(2)).isEqualTo(new EpochEndOffset(1, 2));
            assertThat(log.endOffsetForEpoch(3)).isEqualTo(new EpochEndOffset(3, 4));
            assertThat(log.endOffsetForEpoch(4)).isEqualTo(EpochEndOffset.UNDEFINED);
        }
    }

    @Test
    void cleanReopenKeepsEverything() throws Exception {
        int size = batch(3, 0).remaining();
        LogConfig config = LogConfig.defaults().with(Map.of(LogConfig.SEGMENT_BYTES, Integer.toString(size * 2),
                LogConfig.INDEX_INTERVAL_BYTES, "1"));
        try (Log log = open(config)) {
            for (int i = 0; i < 7; i++) {
                log.appendAsLeader(batch(3, 1000 + i * 10), 0);
            }
        }
        try (Log log = Log.open(dir.resolve("t-0"), config, time, 21, true)) {
            assertThat(log.logEndOffset()).isEqualTo(21);
            assertThat(log.numberOfSegments()).isEqualTo(4);
            assertThat(Files.size(log.dir().resolve("00000000000000000000.index"))).isLessThan(100);
            assertThat(Files.size(log.dir().resolve("00000000000000000018.index")))
                    .isEqualTo(LogConfig.defaults().segmentIndexBytes());
            assertThat(log.offsetForTimestamp(1041)).contains(new TimestampOffset(1041, 13, 0));
            assertThat(log.maxTimestampOffset()).contains(new TimestampOffset(1062, 20, 0));
            assertThat(log.appendAsLeader(batch(1, 0), 0).firstOffset()).isEqualTo(21);
            assertThat(readAll(log)).hasSize(22);
        }
    }

    /** Every record of the log, reading segment by segment as a consumer would. */
    static List<Record> readAll(Log log) throws Exception {
        List<Record> out = new java.util.ArrayList<>();
        long next = log.logStartOffset();
        while (next < log.logEndOffset()) {
            List<Record> recs = recordsOf(log.read(next, 1 << 20, Long.MAX_VALUE, true).records());
            out.addAll(recs);
            next = recs.get(recs.size() - 1).offset() + 1;
        }
        return out;
    }

    @Test
    void deleteRemovesTheDirectory() throws Exception {
        Log log = open(LogConfig.defaults());
        log.appendAsLeader(batch(1, 0), 0);
        log.delete();
        assertThat(Files.exists(dir.resolve("t-0"))).isFalse();
    }

    @Test
    void compactedLogRefusesRecordsWithoutAKey() throws Exception {
        try (Log log = open(LogConfig.defaults().with(Map.of("cleanup.policy", "compact")))) {
            assertThatThrownBy(() -> log.appendAsLeader(TestBatches.withValues(1000L,
                    List.of("v".getBytes(StandardCharsets.UTF_8))), 0))
                    .isInstanceOfSatisfying(io.tributary.codec.RejectedRecordsException.class,
                            e -> assertThat(e.recordErrors()).singleElement().satisfies(r -> {
                                assertThat(r.batchIndex).isZero();
                                assertThat(r.message).isEqualTo("Compacted topic cannot accept message without key "
                                        + "in topic partition t-0");
                            }));
            assertThat(log.logEndOffset()).isZero();
            assertThat(log.appendAsLeader(batch(2, 1000L), 0).lastOffset()).isEqualTo(1);
        }
    }

    @Test
    void theKeyRuleFollowsTheLiveCleanupPolicy() throws Exception {
        try (Log log = open(LogConfig.defaults())) {
            ByteBuffer keyless = TestBatches.withValues(1000L, List.of("v".getBytes(StandardCharsets.UTF_8)));
            assertThat(log.appendAsLeader(keyless.duplicate(), 0).lastOffset()).isZero();
            log.updateConfig(LogConfig.defaults().with(Map.of("cleanup.policy", "compact,delete")));
            ByteBuffer again = TestBatches.withValues(1000L, List.of("v".getBytes(StandardCharsets.UTF_8)));
            assertThatThrownBy(() -> log.appendAsLeader(again, 0))
                    .isInstanceOf(io.tributary.codec.RejectedRecordsException.class);
            assertThat(log.logEndOffset()).isEqualTo(1);
            log.updateConfig(LogConfig.defaults());
            ByteBuffer third = TestBatches.withValues(1000L, List.of("v".getBytes(StandardCharsets.UTF_8)));
            assertThat(log.appendAsLeader(third, 0).lastOffset()).isEqualTo(1);
        }
    }
}

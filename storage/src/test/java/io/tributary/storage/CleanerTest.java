package io.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CleanerTest {
    @TempDir
    Path dir;

    final ManualTime time = new ManualTime(1_000_000L);

    static ByteBuffer updates(int from, int count, int keys) {
        return updates(from, count, keys, 1000L);
    }

    static ByteBuffer updates(int from, int count, int keys, long timestamp) {
        SimpleRecord[] rs = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            int n = from + i;
            rs[i] = new SimpleRecord(timestamp, ("key-" + (n % keys)).getBytes(StandardCharsets.UTF_8),
                    ("value-" + n).getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withRecords(Compression.NONE, rs).buffer();
    }

    @Test
    void repeatedPassesKeepOneRecordPerKeyAndCheckpointTheDirtyOffset() throws Exception {
        LogConfig cfg = LogConfig.defaults().with(Map.of("segment.bytes", "65536", "cleanup.policy", "compact",
                "min.cleanable.dirty.ratio", "0.01", "file.delete.delay.ms", "0"));
        TopicPartition tp = new TopicPartition("c", 0);
        try (LogManager m = LogManager.open(List.of(dir), cfg, time)) {
            Log log = m.getOrCreate(tp, Uuid.randomUuid(), cfg);
            LogCleaner cleaner = new LogCleaner(m::all, x -> dir, List.of(dir), CleanerConfig.defaults(), time);
            int total = 0;
            for (int round = 0; round < 4; round++) {
                for (int b = 0; b < 100; b++) {
                    log.appendAsLeader(updates(total, 500, 1000), 0);
                    total += 500;
                }
                while (cleaner.cleanOne()) {
                    log.deleteRetiredSegments();
                }
            }
            log.roll();
            while (cleaner.cleanOne()) {
                log.deleteRetiredSegments();
            }
            int count = 0;
            long offset = 0;
            while (offset < log.logEndOffset()) {
                ReadResult r = log.read(offset, Integer.MAX_VALUE, Long.MAX_VALUE, true);
                for (var batch : TestBatches.records(r.records()).batches()) {
                    for (Record rec : batch) {
                        count++;
                    }
                    offset = batch.lastOffset() + 1;
                }
            }
            assertThat(count).isEqualTo(1000);
            assertThat(log.size()).isLessThan(60_000);
            assertThat(java.nio.file.Files.readAllLines(dir.resolve("cleaner-offset-checkpoint")))
                    .contains("c 0 " + total);
        }
    }

    @Test
    void minCompactionLagHoldsBackNewSegmentsAndMaxLagForcesALowRatioLog() throws Exception {
        LogConfig cfg = LogConfig.defaults().with(Map.of("segment.bytes", "4096", "cleanup.policy", "compact",
                "min.cleanable.dirty.ratio", "0.99", "min.compaction.lag.ms", "10000",
                "max.compaction.lag.ms", "60000", "file.delete.delay.ms", "0"));
        try (LogManager m = LogManager.open(List.of(dir), cfg, time)) {
            Log log = m.getOrCreate(new TopicPartition("lag", 0), Uuid.randomUuid(), cfg);
            LogCleaner cleaner = new LogCleaner(m::all, x -> dir, List.of(dir), CleanerConfig.defaults(), time);
            for (int i = 0; i < 40; i++) {
                log.appendAsLeader(updates(i * 20, 20, 10, time.milliseconds()), 0);
            }
            // every segment is younger than min.compaction.lag.ms
            assertThat(cleaner.cleanOne()).isFalse();
            time.sleep(20_000);
            assertThat(cleaner.cleanOne()).isTrue();
            long size = log.size();
            // a little new dirty data: far below the 0.99 ratio, so nothing happens ...
            for (int i = 0; i < 3; i++) {
                log.appendAsLeader(updates(i * 20, 20, 10, time.milliseconds()), 0);
            }
            log.roll();
            time.sleep(15_000);
            assertThat(cleaner.cleanOne()).isFalse();
            // ... until that data is older than max.compaction.lag.ms
            time.sleep(60_000);
            assertThat(cleaner.cleanOne()).isTrue();
            assertThat(log.size()).isLessThan(size + 600);
        }
    }

    @Test
    void aFullyCleanedLogDoesNotStarveADirtyOne() throws Exception {
        LogConfig cfg = LogConfig.defaults().with(Map.of("segment.bytes", "65536", "cleanup.policy", "compact",
                "min.cleanable.dirty.ratio", "0.01", "file.delete.delay.ms", "0"));
        try (LogManager m = LogManager.open(List.of(dir), cfg, time)) {
            Log clean = m.getOrCreate(new TopicPartition("clean", 0), Uuid.randomUuid(), cfg);
            LogCleaner cleaner = new LogCleaner(m::all, x -> dir, List.of(dir), CleanerConfig.defaults(), time);
            clean.appendAsLeader(updates(0, 100, 10), 0);
            clean.roll();
            assertThat(cleaner.cleanOne()).isTrue();
            assertThat(cleaner.cleanOne()).isFalse();
            Log dirty = m.getOrCreate(new TopicPartition("dirty", 0), Uuid.randomUuid(), cfg);
            dirty.appendAsLeader(updates(0, 100, 10), 0);
            dirty.roll();
            assertThat(cleaner.cleanOne()).isTrue();
            assertThat(java.nio.file.Files.readAllLines(dir.resolve("cleaner-offset-checkpoint")))
                    .contains("clean 0 100", "dirty 0 100");
        }
    }
}

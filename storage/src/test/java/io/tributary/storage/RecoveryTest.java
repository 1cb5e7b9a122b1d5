package io.tributary.storage;

import static io.tributary.storage.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tributary.storage.segment.LogSegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.record.internal.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryTest {
    @TempDir
    Path dir;

    final ManualTime time = new ManualTime(0);
    final int batchSize = batch(3, 0).remaining();
    final LogConfig config = LogConfig.defaults().with(Map.of(LogConfig.SEGMENT_BYTES,
            Integer.toString(batchSize * 4), LogConfig.INDEX_INTERVAL_BYTES, "1"));

    Path logDir() {
        return dir.resolve("r-0");
    }

    void write(int batches) throws Exception {
        try (Log log = Log.open(logDir(), config, time, 0, false)) {
            for (int i = 0; i < batches; i++) {
                log.appendAsLeader(batch(3, i), i / 3);
            }
        }
    }

    @Test
    void tornTailIsCutAndLaterSegmentsDeleted() throws Exception {
        write(10); // segments at 0, 12, 24 (4 batches each, last holds 2)
        Path middle = logDir().resolve("00000000000000000012.log");
        try (FileChannel ch = FileChannel.open(middle, StandardOpenOption.WRITE)) {
            ch.truncate(batchSize * 2L + 10);
        }
        try (Log log = Log.open(logDir(), config, time, 0, false)) {
            assertThat(log.logEndOffset()).isEqualTo(18);
            assertThat(log.numberOfSegments()).isEqualTo(2);
            assertThat(Files.exists(logDir().resolve("00000000000000000024.log"))).isFalse();
            assertThat(LogTest.readAll(log)).extracting(Record::offset).hasSize(18).endsWith(17L);
            assertThat(log.latestEpoch()).hasValue(1);
            assertThat(log.recoveryPoint()).isEqualTo(18);
            assertThat(log.appendAsLeader(batch(1, 0), 9).firstOffset()).isEqualTo(18);
        }
    }

    @Test
    void segmentCutAtABatchBoundaryDeletesTheLaterSegments() throws Exception {
        write(10); // segments at 0, 12, 24
        Path middle = logDir().resolve("00000000000000000012.log");
        try (FileChannel ch = FileChannel.open(middle, StandardOpenOption.WRITE)) {
            ch.truncate(batchSize * 2L);
        }
        try (Log log = Log.open(logDir(), config, time, 0, false)) {
            assertThat(log.logEndOffset()).isEqualTo(18);
            assertThat(log.numberOfSegments()).isEqualTo(2);
            assertThat(LogTest.readAll(log)).extracting(Record::offset).hasSize(18).endsWith(17L);
            assertThat(log.appendAsLeader(batch(1, 0), 9).firstOffset()).isEqualTo(18);
        }
    }

    @Test
    void emptiedSegmentDeletesTheLaterSegments() throws Exception {
        write(10);
        try (FileChannel ch = FileChannel.open(logDir().resolve(LogSegment.fileName(0, ".log")),
                StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
        try (Log log = Log.open(logDir(), config, time, 0, false)) {
            assertThat(log.logEndOffset()).isZero();
            assertThat(log.numberOfSegments()).isEqualTo(1);
        }
    }

    @Test
    void gapBeforeTheNextSegmentIsKeptBelowTheRecoveryPointAndAfterACleanShutdown() throws Exception {
        write(10);
        // the last two batches of the first segment gone, as if compacted away
        try (FileChannel ch = FileChannel.open(logDir().resolve(LogSegment.fileName(0, ".log")),
                StandardOpenOption.WRITE)) {
            ch.truncate(batchSize * 2L);
        }
        for (boolean clean : new boolean[] {false, true}) {
            try (Log log = Log.open(logDir(), config, time, 12, clean)) {
                assertThat(log.logEndOffset()).isEqualTo(30);
                assertThat(LogTest.readAll(log)).extracting(Record::offset).hasSize(24).contains(5L, 12L, 29L)
                        .doesNotContain(6L, 11L);
            }
        }
    }

    @Test
    void batchReachingIntoTheNextSegmentIsCut() throws Exception {
        write(10);
        // the base offset is outside the CRC: 9 becomes 25, past the next segment's base 12
        flip(logDir().resolve("00000000000000000000.log"), batchSize * 3L + 7);
        try (Log log = Log.open(logDir(), config, time, 0, false)) {
            assertThat(log.logEndOffset()).isEqualTo(9);
            assertThat(log.numberOfSegments()).isEqualTo(1);
        }
    }

    @Test
    void flippedBitCutsFromTheDamagedBatch() throws Exception {
        write(6);
        Path active = logDir().resolve("00000000000000000012.log");
        flip(active, batchSize + 40);
        try (Log log = Log.open(logDir(), config, time, 0, false)) {
            assertThat(log.logEndOffset()).isEqualTo(15);
        }
    }

    @Test
    void cleanShutdownSkipsTheScan() throws Exception {
        write(6);
        try (Log log = Log.open(logDir(), config, time, 18, true)) {
            assertThat(log.logEndOffset()).isEqualTo(18);
        }
    }

    @Test
    void missingAndCorruptIndexesAreRebuilt() throws Exception {
        write(10);
        Files.delete(logDir().resolve("00000000000000000000.index"));
        Path timeIndex = logDir().resolve("00000000000000000012.timeindex");
        Files.write(timeIndex, new byte[24]);
        try (Log log = Log.open(logDir(), config, time, 30, true)) {
            assertThat(Files.exists(logDir().resolve("00000000000000000000.index"))).isTrue();
            assertThat(log.offsetForTimestamp(5)).hasValueSatisfying(t -> assertThat(t.offset()).isEqualTo(11));
            for (long o = 0; o < 30; o++) {
                Record first = TestBatches.recordsOf(log.read(o, 1, Long.MAX_VALUE, true).records()).get(0);
                assertThat(first.offset()).isLessThanOrEqualTo(o).isGreaterThan(o - 3);
            }
        }
        assertThat(Files.size(logDir().resolve("00000000000000000000.index"))).isEqualTo(3 * 8);
    }

    @Test
    void zeroFilledTailOfAPreallocatedFileIsCut() throws Exception {
        write(2);
        Path active = logDir().resolve("00000000000000000000.log");
        try (FileChannel ch = FileChannel.open(active, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(4096), ch.size());
        }
        try (Log log = Log.open(logDir(), config, time, 0, false)) {
            assertThat(log.logEndOffset()).isEqualTo(6);
            assertThat(log.size()).isEqualTo(2L * batchSize);
        }
    }

    static void flip(Path file, long position) throws Exception {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, position);
            one.put(0, (byte) (one.get(0) ^ 0x10)).rewind();
            ch.write(one, position);
        }
    }
    /**
     * A batch header whose length field says 0 bytes, after a clean shutdown: loading would step
     * by it forever; it recovers the log instead, cut before that batch, and reads still work.
     */
    @Test
    void aHeaderTooDamagedToStepOverAfterACleanShutdownIsRecovered() throws Exception {
        write(3); // offsets 0-8, one segment
        try (FileChannel ch = FileChannel.open(logDir().resolve(LogSegment.fileName(0, ".log")),
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(4).putInt(0, -12), batchSize * 2L + 8); // batch length -12: size 0
        }
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (Log log = Log.open(logDir(), config, time, 9, true)) {
                assertThat(log.logEndOffset()).isEqualTo(6);
                assertThat(LogTest.readAll(log)).extracting(Record::offset).hasSize(6).endsWith(5L);
                assertThat(log.appendAsLeader(batch(1, 0), 9).firstOffset()).isEqualTo(6);
            }
        });
    }
}

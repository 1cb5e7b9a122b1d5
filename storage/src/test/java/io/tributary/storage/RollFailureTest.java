package io.tributary.storage;

import static io.tributary.storage.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.storage.segment.LogSegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.record.internal.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A roll that fails half-way (here its producer snapshot cannot be written, as on a full disk)
 * fails that append and leaves nothing behind: once the cause is gone the next append rolls and
 * the log reads and reopens whole.
 */
class RollFailureTest {
    @TempDir
    Path dir;

    final ManualTime time = new ManualTime(0);

    @Test
    void aRollWhoseSnapshotFailsLeavesNothingAndTheNextAppendRolls() throws Exception {
        int batchSize = batch(3, 0).remaining();
        LogConfig config = LogConfig.defaults().with(Map.of(LogConfig.SEGMENT_BYTES, Integer.toString(batchSize * 2)));
        Path logDir = dir.resolve("r-0");
        Path obstacle = ProducerStateManager.snapshotFile(logDir, 6);
        try (Log log = Log.open(logDir, config, time, 0, false)) {
            log.appendAsLeader(batch(3, 0), 0);
            log.appendAsLeader(batch(3, 0), 0); // the segment is full at offset 6
            Files.createDirectories(obstacle.resolve("in-the-way")); // where the roll's snapshot must go
            assertThatThrownBy(() -> log.appendAsLeader(batch(3, 0), 0)).isInstanceOf(KafkaStorageException.class);
            assertThat(log.numberOfSegments()).isEqualTo(1);
            assertThat(Files.exists(logDir.resolve(LogSegment.fileName(6, LogSegment.LOG_SUFFIX)))).isFalse();

            Files.delete(obstacle.resolve("in-the-way"));
            Files.delete(obstacle);
            assertThat(log.appendAsLeader(batch(3, 0), 0).firstOffset()).isEqualTo(6);
            assertThat(log.numberOfSegments()).isEqualTo(2);
            assertThat(LogTest.readAll(log)).extracting(Record::offset).hasSize(9).endsWith(8L);
        }
        try (Log log = Log.open(logDir, config, time, 0, true)) {
            assertThat(log.logEndOffset()).isEqualTo(9);
            assertThat(LogTest.readAll(log)).extracting(Record::offset).hasSize(9);
        }
    }
}

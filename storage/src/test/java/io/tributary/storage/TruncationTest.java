package io.tributary.storage;

import static io.tributary.storage.TestBatches.allBatches;
import static io.tributary.storage.TestBatches.batch;
import static io.tributary.storage.TestBatches.idempotent;
import static io.tributary.storage.TestBatches.replicated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Truncation after a leader change: the log, its leader-epoch cache and its producer state all
 * lose what lay at or past the cut, the recovery point comes down with the log end and its
 * checkpoint is rewritten at once, and all of it holds after a reopen.
 */
class TruncationTest {
    @TempDir
    Path dir;

    final ManualTime time = new ManualTime(1_000_000L);

    static LogConfig small() {
        return LogConfig.defaults().with(Map.of(LogConfig.SEGMENT_BYTES, "400", LogConfig.INDEX_INTERVAL_BYTES, "1"));
    }

    @Test
    void truncationCutsTheEpochsAndTheProducerStateWithTheLog() throws Exception {
        Path logDir = dir.resolve("t-0");
        try (Log log = Log.open(logDir, small(), time, 0L, false)) {
            log.appendAsFollower(replicated(0, 1, 3, 5L, (short) 0, 0));       // 0-2, epoch 1, producer 5
            log.appendAsFollower(replicated(3, 1, 3, 6L, (short) 0, 0));       // 3-5, producer 6
            log.appendAsFollower(replicated(6, 2, 3, 5L, (short) 0, 3));       // 6-8, epoch 2
            log.roll();
            log.appendAsFollower(replicated(9, 3, 3, 6L, (short) 0, 3));       // 9-11, epoch 3
            log.flush();
            assertThat(log.recoveryPoint()).isEqualTo(12);

            log.truncateTo(6);
            assertThat(log.logEndOffset()).isEqualTo(6);
            assertThat(log.numberOfSegments()).isEqualTo(1);
            assertThat(log.recoveryPoint()).isEqualTo(6);
            assertThat(log.epochEntries()).containsExactly(new LeaderEpochCache.EpochEntry(1, 0));
            assertThat(log.endOffsetForEpoch(1)).isEqualTo(new EpochEndOffset(1, 6));
            assertThat(log.producerState(5L).orElseThrow().lastSeq()).isEqualTo(2);
            assertThat(log.producerState(6L).orElseThrow().lastSeq()).isEqualTo(2);
            assertThat(allBatches(log)).extracting(RecordBatch::baseOffset).containsExactly(0L, 3L);

            // the new leader's data follows from the cut
            log.appendAsFollower(replicated(6, 4, 2, 5L, (short) 0, 3));
            assertThat(log.epochEntries()).containsExactly(new LeaderEpochCache.EpochEntry(1, 0),
                    new LeaderEpochCache.EpochEntry(4, 6));
            assertThat(log.appendAsLeader(idempotent(2, 5L, (short) 0, 3), 4).duplicate()).isTrue();
        }
        try (Log reopened = Log.open(logDir, small(), time, 6L, false)) {
            assertThat(reopened.logEndOffset()).isEqualTo(8);
            assertThat(reopened.epochEntries()).containsExactly(new LeaderEpochCache.EpochEntry(1, 0),
                    new LeaderEpochCache.EpochEntry(4, 6));
            assertThat(reopened.producerState(5L).orElseThrow().lastSeq()).isEqualTo(4);
            assertThat(reopened.producerState(6L).orElseThrow().lastSeq()).isEqualTo(2);
        }
    }

    @Test
    void truncationAtOrPastTheEndChangesNothingAndANegativeOffsetIsRefused() throws Exception {
        try (Log log = Log.open(dir.resolve("t-0"), small(), time, 0L, false)) {
            log.appendAsLeader(batch(3, 0), 1);
            log.truncateTo(3);
            log.truncateTo(10);
            assertThat(log.logEndOffset()).isEqualTo(3);
            assertThatThrownBy(() -> log.truncateTo(-1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> log.truncateFullyAndStartAt(-1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void truncatingFullyRestartsTheLogEmptyAtTheOffset() throws Exception {
        Path logDir = dir.resolve("t-0");
        try (Log log = Log.open(logDir, small(), time, 0L, false)) {
            log.appendAsFollower(replicated(0, 1, 3, 5L, (short) 0, 0));
            log.roll();
            log.appendAsFollower(replicated(3, 2, 3, 5L, (short) 0, 3));
            log.flush();

            log.truncateFullyAndStartAt(100);
            assertThat(log.logStartOffset()).isEqualTo(100);
            assertThat(log.logEndOffset()).isEqualTo(100);
            assertThat(log.recoveryPoint()).isEqualTo(100);
            assertThat(log.numberOfSegments()).isEqualTo(1);
            assertThat(log.epochEntries()).isEmpty();
            assertThat(log.producerState(5L)).isEmpty();
            assertThat(log.read(100, 1000, Long.MAX_VALUE, true).records().sizeInBytes()).isZero();
            assertThatThrownBy(() -> log.read(0, 1000, Long.MAX_VALUE, true))
                    .isInstanceOf(OffsetOutOfRangeException.class);
            log.appendAsFollower(replicated(100, 3, 2, 5L, (short) 1, 0));
            assertThat(log.epochEntries()).containsExactly(new LeaderEpochCache.EpochEntry(3, 100));
        }
        try (Log reopened = Log.open(logDir, small(), time, 100L, false, 100L)) {
            assertThat(reopened.logStartOffset()).isEqualTo(100);
            assertThat(reopened.logEndOffset()).isEqualTo(102);
            assertThat(allBatches(reopened)).extracting(RecordBatch::baseOffset).containsExactly(100L);
            assertThat(reopened.producerState(5L).orElseThrow().producerEpoch()).isEqualTo((short) 1);
        }
    }

    @Test
    void truncationBelowTheFirstSegmentTruncatesFully() throws Exception {
        try (Log log = Log.open(dir.resolve("t-0"), small(), time, 0L, false)) {
            log.truncateFullyAndStartAt(50);
            log.appendAsFollower(replicated(50, 1, 3, -1L, (short) -1, -1));
            log.truncateTo(10);
            assertThat(log.logStartOffset()).isEqualTo(10);
            assertThat(log.logEndOffset()).isEqualTo(10);
            assertThat(log.epochEntries()).isEmpty();
        }
    }

    /**
     * The recovery-point checkpoint comes down before truncateTo returns: were it left at the old,
     * higher recovery point until the next periodic checkpoint, a crash after the new leader's
     * data was appended (unflushed) would reopen the log trusting that data without recovery.
     */
    @Test
    void aLoweredRecoveryPointIsCheckpointedBeforeTruncationReturns() throws Exception {
        TopicPartition tp = new TopicPartition("topic", 0);
        Path home = dir.resolve("data");
        try (LogManager m = LogManager.open(List.of(home), LogConfig.defaults(), time)) {
            m.setCheckpointIntervalMs(0);
            Log log = m.getOrCreate(tp, Uuid.randomUuid(), LogConfig.defaults());
            log.appendAsFollower(replicated(0, 1, 2, -1L, (short) -1, -1));
            log.appendAsFollower(replicated(2, 1, 3, -1L, (short) -1, -1));
            log.flush();
            m.runPeriodicTasks();
            Path checkpoint = home.resolve(LogManager.RECOVERY_POINT_CHECKPOINT);
            assertThat(Files.readString(checkpoint)).endsWith("topic 0 5\n");

            log.truncateTo(2);
            assertThat(Files.readString(checkpoint)).endsWith("topic 0 2\n");
            log.truncateFullyAndStartAt(40);
            assertThat(Files.readString(checkpoint)).endsWith("topic 0 40\n");
            assertThat(Files.readString(home.resolve(LogManager.LOG_START_OFFSET_CHECKPOINT)))
                    .endsWith("topic 0 40\n");
        }
    }
}

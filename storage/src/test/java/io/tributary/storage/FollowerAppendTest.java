package io.tributary.storage;

import static io.tributary.storage.TestBatches.allBatches;
import static io.tributary.storage.TestBatches.batch;
import static io.tributary.storage.TestBatches.bytes;
import static io.tributary.storage.TestBatches.concat;
import static io.tributary.storage.TestBatches.idempotent;
import static io.tributary.storage.TestBatches.replicated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower's append keeps the batches as the leader wrote them, checks only what a replica
 * can (whole batches, CRCs, increasing offsets from its log end), learns the leader epochs and
 * rebuilds the idempotent producers' state, so that after a failover the new leader still
 * answers a producer's retry as a duplicate.
 */
class FollowerAppendTest {
    @TempDir
    Path dir;

    final ManualTime time = new ManualTime(1_000_000L);

    Log open(String name) throws Exception {
        return Log.open(dir.resolve(name), LogConfig.defaults(), time, 0L, false);
    }

    static LogConfig small() {
        return LogConfig.defaults().with(Map.of(LogConfig.SEGMENT_BYTES, "300", LogConfig.INDEX_INTERVAL_BYTES, "1"));
    }

    @Test
    void theFollowerHoldsTheLeadersBytesOffsetsAndEpochs() throws Exception {
        try (Log leader = Log.open(dir.resolve("l-0"), small(), time, 0L, false);
                Log follower = Log.open(dir.resolve("f-0"), small(), time, 0L, false)) {
            leader.appendAsLeader(batch(3, 100), 1);
            leader.appendAsLeader(batch(2, 200), 1);
            leader.appendAsLeader(batch(4, 300), 3);
            leader.appendAsLeader(idempotent(2, 9L, (short) 0, 0), 3);
            leader.appendAsLeader(batch(1, 400), 4);
            long offset = 0;
            while (offset < leader.logEndOffset()) { // fetch as a follower does, a segment at a time
                ByteBuffer fetched = bytes(leader.read(offset, Integer.MAX_VALUE, Long.MAX_VALUE, true).records());
                AppendResult r = follower.appendAsFollower(fetched);
                assertThat(r.firstOffset()).isEqualTo(offset);
                offset = r.lastOffset() + 1;
            }
            assertThat(follower.numberOfSegments()).as("rolled as it filled").isGreaterThan(1);
            assertThat(follower.logEndOffset()).isEqualTo(leader.logEndOffset()).isEqualTo(12);
            List<RecordBatch> expected = allBatches(leader);
            List<RecordBatch> actual = allBatches(follower);
            assertThat(actual).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(actual.get(i).checksum()).isEqualTo(expected.get(i).checksum());
                assertThat(actual.get(i).baseOffset()).isEqualTo(expected.get(i).baseOffset());
            }
            assertThat(follower.epochEntries()).isEqualTo(leader.epochEntries());
            assertThat(follower.latestEpoch()).hasValue(4);
            assertThat(follower.endOffsetForEpoch(1)).isEqualTo(new EpochEndOffset(1, 5));
            assertThat(follower.endOffsetForEpoch(3)).isEqualTo(leader.endOffsetForEpoch(3));
            assertThat(follower.producerState(9L).orElseThrow().lastSeq()).isEqualTo(1);
        }
    }

    @Test
    void aRetryReachingTheNewLeaderAfterAFailoverIsStillADuplicate() throws Exception {
        ByteBuffer sent = idempotent(3, 42L, (short) 2, 0);
        Path followerDir;
        try (Log oldLeader = open("l-0"); Log follower = open("f-0")) {
            oldLeader.appendAsLeader(batch(5, 100), 7);
            AppendResult original = oldLeader.appendAsLeader(sent.duplicate(), 7);
            follower.appendAsFollower(bytes(oldLeader.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, true).records()));
            // the follower takes over; the producer, which never saw the acknowledgement, retries
            AppendResult retry = follower.appendAsLeader(idempotent(3, 42L, (short) 2, 0), 8);
            assertThat(retry.duplicate()).isTrue();
            assertThat(retry.firstOffset()).isEqualTo(original.firstOffset()).isEqualTo(5);
            assertThat(retry.lastOffset()).isEqualTo(original.lastOffset());
            assertThat(follower.logEndOffset()).isEqualTo(8);
            assertThatThrownBy(() -> follower.appendAsLeader(idempotent(1, 42L, (short) 2, 5), 8))
                    .isInstanceOf(OutOfOrderSequenceException.class);
            assertThat(follower.appendAsLeader(idempotent(1, 42L, (short) 2, 3), 8).firstOffset()).isEqualTo(8);
            followerDir = follower.dir();
        }
        try (Log reopened = Log.open(followerDir, LogConfig.defaults(), time, 0L, false)) {
            assertThat(reopened.appendAsLeader(idempotent(1, 42L, (short) 2, 3), 8).duplicate()).isTrue();
            assertThat(reopened.epochEntries()).containsExactly(new LeaderEpochCache.EpochEntry(7, 0),
                    new LeaderEpochCache.EpochEntry(8, 8));
        }
    }

    @Test
    void aBatchBelowTheLogEndIsRefusedAndLeavesTheLogAsItWas() throws Exception {
        try (Log follower = open("f-0")) {
            follower.appendAsFollower(replicated(0, 1, 3, -1L, (short) -1, -1));
            assertThatThrownBy(() -> follower.appendAsFollower(replicated(2, 1, 3, -1L, (short) -1, -1)))
                    .isInstanceOfSatisfying(UnexpectedAppendOffsetException.class, e -> {
                        assertThat(e.firstOffset()).isEqualTo(2);
                        assertThat(e.lastOffset()).isEqualTo(4);
                    });
            assertThat(follower.logEndOffset()).isEqualTo(3);
            assertThat(allBatches(follower)).hasSize(1);
        }
    }

    @Test
    void offsetsMustIncreaseWithinAnAppendButMaySkipAsACompactedLeadersDo() throws Exception {
        try (Log follower = open("f-0")) {
            ByteBuffer backwards = concat(replicated(5, 1, 2, -1L, (short) -1, -1),
                    replicated(6, 1, 2, -1L, (short) -1, -1));
            assertThatThrownBy(() -> follower.appendAsFollower(backwards)).isInstanceOf(InvalidRecordException.class);
            assertThat(follower.logEndOffset()).isZero();

            follower.appendAsFollower(concat(replicated(3, 1, 2, -1L, (short) -1, -1),
                    replicated(10, 2, 1, -1L, (short) -1, -1)));
            assertThat(follower.logEndOffset()).isEqualTo(11);
            assertThat(allBatches(follower)).extracting(RecordBatch::baseOffset).containsExactly(3L, 10L);
            assertThat(follower.epochEntries()).containsExactly(new LeaderEpochCache.EpochEntry(1, 3),
                    new LeaderEpochCache.EpochEntry(2, 10));
        }
    }

    @Test
    void aTornOrCorruptBatchIsRefusedWhole() throws Exception {
        try (Log follower = open("f-0")) {
            ByteBuffer good = replicated(0, 1, 3, -1L, (short) -1, -1);
            ByteBuffer corrupt = replicated(3, 1, 3, -1L, (short) -1, -1);
            corrupt.put(corrupt.limit() - 2, (byte) (corrupt.get(corrupt.limit() - 2) ^ 0x40));
            assertThatThrownBy(() -> follower.appendAsFollower(concat(good, corrupt)))
                    .isInstanceOf(CorruptRecordException.class);
            ByteBuffer torn = concat(good, replicated(3, 1, 3, -1L, (short) -1, -1));
            torn.limit(torn.limit() - 5);
            assertThatThrownBy(() -> follower.appendAsFollower(torn)).isInstanceOf(CorruptRecordException.class);
            assertThat(follower.logEndOffset()).isZero();
            assertThat(follower.size()).isZero();
        }
    }

    @Test
    void aBatchTooFarPastTheEndForTheActiveSegmentIsRefusedUntilTheLogRestartsThere() throws Exception {
        try (Log follower = open("f-0")) {
            follower.appendAsFollower(replicated(0, 1, 3, -1L, (short) -1, -1));
            long far = 3L + Integer.MAX_VALUE + 10;
            assertThatThrownBy(() -> follower.appendAsFollower(replicated(far, 1, 2, -1L, (short) -1, -1)))
                    .isInstanceOf(UnexpectedAppendOffsetException.class);
            assertThat(follower.logEndOffset()).isEqualTo(3);
            assertThat(allBatches(follower)).hasSize(1);

            follower.truncateFullyAndStartAt(far);
            assertThat(follower.appendAsFollower(replicated(far, 1, 2, -1L, (short) -1, -1)).lastOffset())
                    .isEqualTo(far + 1);
        }
    }
}

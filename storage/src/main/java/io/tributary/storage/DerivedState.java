package io.tributary.storage;

import io.tributary.codec.BatchInfo;
import io.tributary.codec.RecordBatchHeader;
import io.tributary.codec.ValidatedBatches;
import io.tributary.storage.segment.SegmentSet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one partition's batches say beyond their bytes, kept beside the log and rebuilt from it:
 * the idempotent producers ({@link ProducerStateManager}) and the leader epochs ({@link
 * LeaderEpochCache}). Every change to the log has its counterpart here: an append as leader or as
 * follower, a roll (a producer snapshot), a truncation at either end, a restart at an offset. The
 * transactions' state belongs here too when it comes.
 *
 * <p>Invariants: after each change the producer state reflects the log up to its end and the
 * epoch cache holds no epoch starting at or past it.
 *
 * <p>Thread-safety: not thread-safe; used under the owning {@link Log}'s lock (the epoch cache's
 * queries are thread-safe on their own).
 */
final class DerivedState {
    private final LeaderEpochCache epochs;
    private final ProducerStateManager producers;

    DerivedState(LeaderEpochCache epochs, ProducerStateManager producers) {
        this.epochs = epochs;
        this.producers = producers;
    }

    /** A retry among a client append's idempotent batches, answered with its original offsets. */
    Optional<BatchMetadata> findDuplicate(ValidatedBatches batches) {
        return producers.findDuplicate(batches);
    }

    /** Checks and stages the producer updates of a leader append ({@link ProducerStateManager#stage}). */
    ProducerStateManager.Staging stage(ValidatedBatches batches, boolean checkSequences, long firstOffset,
            boolean logAppendTime, long nowMs) {
        return producers.stage(batches, checkSequences, firstOffset, logAppendTime, nowMs);
    }

    /** A leader append of [{@code first}, {@code last}] stamped with {@code leaderEpoch} was written. */
    void leaderAppended(ProducerStateManager.Staging staging, int leaderEpoch, long first, long last)
            throws IOException {
        producers.commit(staging, last + 1);
        if (leaderEpoch >= 0) {
            epochs.assign(leaderEpoch, first);
        }
    }

    /**
     * A follower append ending at {@code last} was written: each batch's partition leader epoch
     * is learnt at its base offset, and its producer fields are taken in unchecked, as a reload of
     * the log would.
     */
    void followerAppended(ValidatedBatches batches, long last) throws IOException {
        ByteBuffer buf = batches.buffer();
        for (BatchInfo b : batches.batches()) {
            epochs.assign(RecordBatchHeader.partitionLeaderEpoch(buf, b.position()),
                    RecordBatchHeader.baseOffset(buf, b.position()));
            producers.replay(buf, b.position());
        }
        producers.setMapEndOffset(last + 1);
    }

    /** Saves the producer state at {@code offset} (a roll's new base, or the log end at close). */
    void snapshotAt(long offset) throws IOException {
        producers.setMapEndOffset(offset);
        producers.takeSnapshot();
    }

    /** The log was cut to end at {@code logEndOffset}: later epochs go, the producers are rebuilt. */
    void truncatedTo(SegmentSet segments, long logStartOffset, long logEndOffset) throws IOException {
        epochs.truncateFromEnd(logEndOffset);
        LogLoader.rebuildProducerState(producers, segments, logStartOffset, logEndOffset);
    }

    /** The log restarted empty at {@code offset}: no epoch, no producer, no snapshot. */
    void restartedAt(long offset) throws IOException {
        epochs.clear();
        producers.reset(offset);
        producers.deleteSnapshotsAbove(-1L);
    }

    /** The log start offset moved up to {@code offset}. */
    void logStartAdvanced(long offset) throws IOException {
        epochs.truncateFromStart(offset);
    }

    /** Forgets producers idle for {@code expirationMs} ({@link ProducerStateManager#expireIfDue}). */
    void expireProducersIfDue(long nowMs, long expirationMs) {
        producers.expireIfDue(nowMs, expirationMs);
    }

    OptionalInt latestEpoch() {
        return epochs.latestEpoch();
    }

    /** Kafka's OffsetsForLeaderEpoch answer ({@link LeaderEpochCache#endOffsetFor}). */
    LeaderEpochCache.EpochEntry endOffsetFor(int leaderEpoch, long logEndOffset) {
        return epochs.endOffsetFor(leaderEpoch, logEndOffset);
    }

    Optional<ProducerStateEntry> producer(long producerId) {
        return producers.entry(producerId);
    }

    List<LeaderEpochCache.EpochEntry> epochEntries() {
        return epochs.entries();
    }
}

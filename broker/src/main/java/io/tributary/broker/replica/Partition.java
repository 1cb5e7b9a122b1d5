package io.tributary.broker.replica;

import io.tributary.broker.replica.PartitionState.Deleted;
import io.tributary.broker.replica.PartitionState.Follower;
import io.tributary.broker.replica.PartitionState.Leader;
import io.tributary.broker.replica.PartitionState.None;
import io.tributary.broker.replica.PartitionState.Offline;
import io.tributary.metadata.PartitionImage;
import io.tributary.storage.AppendResult;
import io.tributary.storage.Log;
import io.tributary.storage.ReadResult;
import io.tributary.storage.TimestampOffset;
import io.tributary.storage.EpochEndOffset;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.StampedLock;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.FencedLeaderEpochException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.UnknownLeaderEpochException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;

/**
 * One partition replica hosted by this broker: its log, its role ({@link PartitionState}: None,
 * Leader, Follower, Offline, Deleted, moved by the metadata image through checked transitions)
 * and its high watermark.
 *
 * <p>Invariants: {@code logStartOffset <= highWatermark <= logEndOffset}. As leader the high
 * watermark is the smallest log end offset over the ISR (the local one included) and never moves
 * backwards, also across a change of ISR or leader epoch; with this broker the only in-sync
 * replica it is the log end offset after each append. As follower it is
 * {@code min(leader's high watermark, local log end offset)}, so never beyond the leader's.
 * Consumers never read at or past it. Waiters ({@link PartitionWaiter}) are woken when the high
 * watermark advances and after every state transition, not on appends that leave it where it is.
 *
 * <p>Thread-safety: thread-safe. The role lock is held shared by appends, DeleteRecords and
 * follower-fetch updates (so they see one role from start to end) and exclusively by transitions,
 * which therefore wait for appends in flight. Changes of the state and of the high watermark are
 * made under this object's private monitor; both are volatile for lock-free readers (reads for
 * consumers, offsets, metrics). Waiters run on the thread that made the change, after every lock
 * is released. Transitions are made by the {@link ReplicaStateApplier} only.
 */
public final class Partition {

    private final TopicPartition topicPartition;
    private final Uuid topicId;
    private final int localBrokerId;
    private final Log log;
    private final Time time;
    private final PartitionWaiters waiters = new PartitionWaiters();
    private final StampedLock roleLock = new StampedLock();
    private final Object monitor = new Object();
    private volatile PartitionState state = new None();
    private volatile long highWatermark;

    /** A replica in state None over {@code log}; its high watermark starts at the checkpointed one or the log start. */
    Partition(TopicPartition topicPartition, Uuid topicId, int localBrokerId, Log log, Time time) {
        this.topicPartition = topicPartition;
        this.topicId = topicId;
        this.localBrokerId = localBrokerId;
        this.log = log;
        this.time = time;
        this.highWatermark = log == null ? 0L : Math.max(log.logStartOffset(),
                Math.min(log.checkpointedHighWatermark(), log.logEndOffset()));
        if (log != null) {
            log.updateHighWatermark(highWatermark);
        }
    }

    /** A replica whose log could not be opened: Offline from the start, without a log. */
    static Partition offline(TopicPartition tp, Uuid topicId, int localBrokerId, Time time, String reason) {
        Partition p = new Partition(tp, topicId, localBrokerId, null, time);
        p.transition(new Offline(reason));
        return p;
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public Uuid topicId() {
        return topicId;
    }

    public PartitionState state() {
        return state;
    }

    public boolean isLeader() {
        return state instanceof Leader;
    }

    /** The leader epoch this replica knows, -1 without one. */
    public int leaderEpoch() {
        return state.leaderEpoch();
    }

    public int localBrokerId() {
        return localBrokerId;
    }

    public long highWatermark() {
        return highWatermark;
    }

    /** The last stable offset; without open transactions it is the high watermark. */
    public long lastStableOffset() {
        return highWatermark;
    }

    /**
     * The storage behind this replica, for the replica layer, tests and tools. Serving code uses
     * the role-checked operations and the figures below.
     *
     * @throws KafkaStorageException when the replica is offline without a log
     */
    public Log log() {
        if (log == null) {
            throw new KafkaStorageException("The log of " + topicPartition + " is offline");
        }
        return log;
    }

    public long logStartOffset() {
        return log().logStartOffset();
    }

    public long logEndOffset() {
        return log().logEndOffset();
    }

    /** The directory of this replica's log, or null when it has none (offline). */
    public java.nio.file.Path logDirectory() {
        return log == null ? null : log.dir();
    }

    public long logSize() {
        return log().size();
    }

    public int numberOfSegments() {
        return log().numberOfSegments();
    }

    // ---- transitions (the ReplicaStateApplier's) ----

    /** Becomes (or stays) leader as {@code image} says. */
    void makeLeader(PartitionImage image) {
        if (image.leader() != localBrokerId) {
            throw new IllegalArgumentException("Broker " + localBrokerId + " is not the leader in " + image);
        }
        transition(Leader.of(image, localBrokerId, state, time.milliseconds(), log.logEndOffset()));
    }

    /** Becomes (or stays) a follower of the leader {@code image} names (-1: none). */
    void makeFollower(PartitionImage image) {
        if (image.leader() == localBrokerId) {
            throw new IllegalArgumentException("Broker " + localBrokerId + " is the leader in " + image);
        }
        transition(Follower.of(image));
    }

    /** The log became unusable. */
    void markOffline(String reason) {
        transition(new Offline(reason));
    }

    /** No longer hosted; waiters learn it at once. The log is deleted by the caller afterwards. */
    void markDeleted() {
        transition(new Deleted());
    }

    private void transition(PartitionState next) {
        long stamp = roleLock.writeLock();
        try {
            synchronized (monitor) {
                state.checkTransition(next);
                state = next;
                if (next instanceof Leader l) {
                    advanceHighWatermark(l.minIsrLogEndOffset(localBrokerId, log.logEndOffset()));
                }
            }
        } finally {
            roleLock.unlockWrite(stamp);
        }
        wakeWaiters();
    }

    // ---- leader operations ----

    /**
     * Checks the epoch a client believes current (-1 = not checked) against this replica's.
     *
     * @throws FencedLeaderEpochException when the client's epoch is older
     * @throws UnknownLeaderEpochException when the client's epoch is newer
     * @throws ApiException this state's {@link PartitionState#leaderError()} when it has no epoch
     */
    public void checkLeaderEpoch(int clientEpoch) {
        PartitionState s = state;
        int epoch = s.leaderEpoch();
        if (epoch < 0) {
            throw notLeader(s);
        }
        if (clientEpoch == -1 || clientEpoch == epoch) {
            return;
        }
        if (clientEpoch < epoch) {
            throw new FencedLeaderEpochException("Client epoch " + clientEpoch + " is older than leader epoch "
                    + epoch + " of " + topicPartition);
        }
        throw new UnknownLeaderEpochException("Client epoch " + clientEpoch + " is newer than leader epoch " + epoch
                + " of " + topicPartition);
    }

    /**
     * Appends a producer's batches as leader; the high watermark follows (at once when this broker
     * is the only in-sync replica).
     *
     * @param requiredAcks 0, 1 or -1 (all in-sync replicas)
     * @param minInsyncReplicas the topic's {@code min.insync.replicas}
     * @throws ApiException NOT_LEADER_OR_FOLLOWER (or the state's error) when not leader,
     *     NOT_ENOUGH_REPLICAS for acks=-1 with an ISR below {@code minInsyncReplicas}, or what the
     *     log rejects
     */
    public AppendResult appendAsLeader(ByteBuffer records, short requiredAcks, int minInsyncReplicas) {
        AppendResult result;
        boolean advanced = false;
        long stamp = roleLock.readLock();
        try {
            Leader leader = leaderOrThrow();
            if (requiredAcks == -1 && leader.isr().size() < minInsyncReplicas) {
                throw new NotEnoughReplicasException("The size of the current ISR " + leader.isr()
                        + " is insufficient to satisfy the min.isr requirement of " + minInsyncReplicas
                        + " for partition " + topicPartition);
            }
            result = log.appendAsLeader(records, leader.leaderEpoch());
            if (!result.duplicate()) {
                advanced = maybeAdvanceLeaderHighWatermark();
            }
        } finally {
            roleLock.unlockRead(stamp);
        }
        if (advanced) {
            wakeWaiters();
        }
        if (!result.duplicate()) {
            waiters.wakeAppendWaiters();
        }
        return result;
    }

    /**
     * For acks=all: whether an append ending before {@code requiredOffset} is committed. NONE
     * when the high watermark has reached it with at least {@code minInsyncReplicas} in sync,
     * NOT_ENOUGH_REPLICAS_AFTER_APPEND when it was reached with fewer, this state's error when no
     * longer leader, {@code null} while the followers have yet to replicate it. Allocation-free.
     */
    public Errors checkEnoughReplicasReachOffset(long requiredOffset, int minInsyncReplicas) {
        PartitionState s = state;
        if (!(s instanceof Leader leader)) {
            return s.leaderError();
        }
        if (highWatermark < requiredOffset) {
            return null;
        }
        return leader.isr().size() < minInsyncReplicas ? Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND : Errors.NONE;
    }

    /**
     * DeleteRecords as leader: moves the log start offset to {@code offset} ({@code -1} = the high
     * watermark).
     *
     * @return the new low watermark (log start offset)
     * @throws OffsetOutOfRangeException when {@code offset} is beyond the high watermark or negative
     *     (other than -1)
     */
    public long deleteRecordsOnLeader(long offset) {
        long stamp = roleLock.readLock();
        try {
            leaderOrThrow();
            long hw = highWatermark;
            long target = offset == -1L ? hw : offset;
            if (target < 0 || target > hw) {
                throw new OffsetOutOfRangeException("Cannot increment the log start offset to " + target
                        + " of partition " + topicPartition + " since it is larger than the high watermark " + hw);
            }
            return log.advanceLogStartOffset(target);
        } finally {
            roleLock.unlockRead(stamp);
        }
    }

    /**
     * Reads for a consumer: never past the high watermark (or the last stable offset); as a
     * follower too when {@code followerReads} (KIP-392: a v11+ consumer sent here as its closest
     * replica), up to this follower's high watermark.
     */
    public ReadResult readForConsumer(long fetchOffset, int maxBytes, boolean minOneMessage, boolean readCommitted,
            boolean followerReads) {
        if (!(followerReads && state instanceof Follower)) {
            leaderOrThrow();
        }
        long max = readCommitted ? lastStableOffset() : highWatermark();
        return log.read(fetchOffset, maxBytes, max, minOneMessage);
    }

    /** ListOffsets as leader; see {@link OffsetLookup}. */
    public Optional<TimestampOffset> fetchOffsetForTimestamp(long timestamp, boolean readCommitted,
            int currentLeaderEpoch) {
        checkLeaderEpoch(currentLeaderEpoch);
        return OffsetLookup.forTimestamp(leaderOrThrow(), log, timestamp, readCommitted ? lastStableOffset()
                : highWatermark());
    }

    // ---- replication ----

    /**
     * Records a follower's fetch on the leader and advances the high watermark if the ISR now has
     * more: the follower asked for {@code fetchOffset} (so has everything before it) at
     * {@code fetchTimeMs}, when this log ended at {@code leaderEndOffset}.
     *
     * @return false when {@code replicaId} is not a follower replica of this partition
     * @throws ApiException this state's error when not leader
     */
    public boolean updateFollowerFetchState(int replicaId, long fetchOffset, long followerStartOffset,
            long fetchTimeMs, long leaderEndOffset) {
        boolean advanced;
        long stamp = roleLock.readLock();
        try {
            synchronized (monitor) {
                Leader leader = leaderOrThrow();
                ReplicaState before = leader.followers().get(replicaId);
                if (before == null) {
                    return false;
                }
                state = leader.withFollower(replicaId,
                        before.fetched(fetchOffset, followerStartOffset, fetchTimeMs, leaderEndOffset));
                advanced = maybeAdvanceLeaderHighWatermark();
            }
        } finally {
            roleLock.unlockRead(stamp);
        }
        if (advanced) {
            wakeWaiters();
        }
        return true;
    }

    /**
     * As leader, for a follower's fetch that names the epoch of its last fetched batch: the
     * epoch and end offset where the follower's log leaves this one (KIP-320), or null when the
     * follower's log is a prefix of this one up to {@code fetchOffset} (or this log knows no epoch
     * at or below it).
     */
    public EpochEndOffset divergingEpoch(int lastFetchedEpoch, long fetchOffset) {
        leaderOrThrow();
        EpochEndOffset end = log.endOffsetForEpoch(lastFetchedEpoch);
        if (end.leaderEpoch() < 0) {
            return null; // nothing to compare with: the read's offset checks decide
        }
        return end.leaderEpoch() != lastFetchedEpoch || end.endOffset() < fetchOffset ? end : null;
    }

    /** Reads for a follower replica as leader: up to the log end offset, at least one batch. */
    public ReadResult readForFollower(long fetchOffset, int maxBytes) {
        leaderOrThrow();
        return log.read(fetchOffset, maxBytes, Long.MAX_VALUE, true);
    }

    /** Reads the local log below {@code maxOffset}, whatever the role: a new leader's coordinator replaying it. */
    public ReadResult readLocal(long offset, int maxBytes, long maxOffset) {
        return log().read(offset, maxBytes, maxOffset, true);
    }

    /**
     * OffsetForLeaderEpoch as leader: the largest epoch at or below {@code epoch} and where it
     * ended, after checking the asker's {@code currentLeaderEpoch} (-1: unchecked).
     */
    public EpochEndOffset endOffsetForEpoch(int epoch, int currentLeaderEpoch) {
        checkLeaderEpoch(currentLeaderEpoch);
        leaderOrThrow();
        return log.endOffsetForEpoch(epoch);
    }

    /**
     * Marks {@code isr} as asked for; answers the leader state it was decided against, or null when
     * this replica no longer leads or another change is pending.
     */
    public Leader beginIsrChange(List<Integer> isr) {
        synchronized (monitor) {
            if (!(state instanceof Leader l) || l.pendingIsr() != null) {
                return null;
            }
            state = l.withPendingIsr(isr);
            return l;
        }
    }

    /** The controller refused or lost the change asked against {@code partitionEpoch}: forget it. */
    public void abortIsrChange(int leaderEpoch, int partitionEpoch) {
        boolean advanced;
        synchronized (monitor) {
            if (!(state instanceof Leader l) || l.pendingIsr() == null || l.leaderEpoch() != leaderEpoch
                    || l.partitionEpoch() != partitionEpoch) {
                return;
            }
            state = l.withPendingIsr(null);
            advanced = advanceHighWatermark(((Leader) state).minIsrLogEndOffset(localBrokerId, log.logEndOffset()));
        }
        if (advanced) {
            wakeWaiters();
        }
    }

    /**
     * As follower: takes the high watermark the leader sent, bounded by the local log end offset.
     *
     * @return the high watermark after the update
     * @throws ApiException NOT_LEADER_OR_FOLLOWER when this replica is not a follower
     */
    public long updateFollowerHighWatermark(long leaderHighWatermark) {
        boolean advanced = false;
        long stamp = roleLock.readLock();
        try {
            if (!(state instanceof Follower)) {
                throw Errors.NOT_LEADER_OR_FOLLOWER.exception(topicPartition + " is not a follower here: " + state);
            }
            synchronized (monitor) {
                advanced = advanceHighWatermark(Math.min(leaderHighWatermark, log.logEndOffset()));
            }
        } finally {
            roleLock.unlockRead(stamp);
        }
        if (advanced) {
            wakeWaiters();
        }
        return highWatermark;
    }

    /**
     * As follower of {@code leaderEpoch}: appends batches fetched from the leader, as it wrote them.
     *
     * @throws ApiException FENCED_LEADER_EPOCH when this replica no longer follows that epoch
     */
    public AppendResult appendAsFollower(ByteBuffer records, int leaderEpoch) {
        long stamp = roleLock.readLock();
        try {
            followerOrThrow(leaderEpoch);
            return log.appendAsFollower(records);
        } finally {
            roleLock.unlockRead(stamp);
        }
    }

    /**
     * As follower of {@code leaderEpoch}: removes every record at or after {@code offset}; with
     * {@code restart} the log is emptied and restarts at {@code offset} (the leader's log start
     * is beyond this log's end). The high watermark comes down with the log end offset.
     */
    public void truncateAsFollower(long offset, boolean restart, int leaderEpoch) throws IOException {
        long stamp = roleLock.readLock();
        try {
            followerOrThrow(leaderEpoch);
            if (restart) {
                log.truncateFullyAndStartAt(offset);
            } else {
                log.truncateTo(offset);
            }
            synchronized (monitor) {
                setHighWatermark(Math.max(log.logStartOffset(), Math.min(highWatermark, log.logEndOffset())));
            }
        } finally {
            roleLock.unlockRead(stamp);
        }
    }

    /** As follower: moves the log start offset up to the leader's, never past the high watermark. */
    public void updateFollowerLogStartOffset(long leaderLogStartOffset, int leaderEpoch) {
        long stamp = roleLock.readLock();
        try {
            followerOrThrow(leaderEpoch);
            long target = Math.min(leaderLogStartOffset, highWatermark);
            if (target > log.logStartOffset()) {
                log.advanceLogStartOffset(target);
            }
        } finally {
            roleLock.unlockRead(stamp);
        }
    }

    /** The epoch of the newest local batch, -1 without one (a follower's lastFetchedEpoch). */
    public int latestLocalEpoch() {
        return log().latestEpoch().orElse(-1);
    }

    /** The local answer to OffsetForLeaderEpoch, whatever the role (a follower finding its truncation point). */
    public EpochEndOffset localEndOffsetForEpoch(int epoch) {
        return log().endOffsetForEpoch(epoch);
    }

    private void followerOrThrow(int leaderEpoch) {
        PartitionState s = state;
        if (!(s instanceof Follower f) || f.leaderEpoch() != leaderEpoch) {
            throw new FencedLeaderEpochException(topicPartition + " is no longer a follower of leader epoch "
                    + leaderEpoch + " on broker " + localBrokerId + ": " + s);
        }
    }

    /** Under the role lock, as leader: the high watermark catches up with the ISR. */
    private boolean maybeAdvanceLeaderHighWatermark() {
        synchronized (monitor) {
            return state instanceof Leader l && advanceHighWatermark(l.minIsrLogEndOffset(localBrokerId,
                    log.logEndOffset()));
        }
    }

    /** Under the monitor: moves the high watermark to {@code candidate} if that is forward. */
    private boolean advanceHighWatermark(long candidate) {
        if (candidate > highWatermark) {
            setHighWatermark(candidate);
            return true;
        }
        return false;
    }

    /** Under the monitor: the high watermark, told to the log (which bounds retention and cleaning by it). */
    private void setHighWatermark(long offset) {
        highWatermark = offset;
        if (log != null) {
            log.updateHighWatermark(offset);
        }
    }

    private Leader leaderOrThrow() {
        PartitionState s = state;
        if (s instanceof Leader l) {
            return l;
        }
        throw notLeader(s);
    }

    private ApiException notLeader(PartitionState s) {
        Errors error = s.leaderError();
        String what = switch (s) {
            case Deleted d -> " is no longer hosted by broker ";
            case Offline o -> " is offline (" + o.reason() + ") on broker ";
            default -> " is not led by broker ";
        };
        return error.exception(topicPartition + what + localBrokerId);
    }

    // ---- waiters ----

    /** Registers interest in high watermark and state changes; see {@link PartitionWaiter}. */
    public void addWaiter(PartitionWaiter waiter) {
        waiters.add(waiter, false);
    }

    /**
     * Registers interest in every leader append as well (a follower's long-poll fetch, which waits
     * for new records rather than for the high watermark); removed with {@link #removeWaiter}.
     */
    public void addAppendWaiter(PartitionWaiter waiter) {
        waiters.add(waiter, true);
    }

    public void removeWaiter(PartitionWaiter waiter) {
        waiters.remove(waiter);
    }

    private void wakeWaiters() {
        waiters.wakeAll();
    }

    @Override
    public String toString() {
        return "Partition(" + topicPartition + ", " + state + ", hw=" + highWatermark + ")";
    }
}

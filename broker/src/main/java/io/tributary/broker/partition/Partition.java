package io.tributary.broker.partition;

import io.tributary.metadata.PartitionImage;
import io.tributary.storage.AppendResult;
import io.tributary.storage.Log;
import io.tributary.storage.ReadResult;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.FencedLeaderEpochException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.UnknownLeaderEpochException;

/**
 * One partition replica hosted by this broker: its log, its leadership state from the metadata
 * image, and its high watermark.
 *
 * <p>Invariants: {@code logStartOffset <= highWatermark <= logEndOffset}; the high watermark
 * never moves backwards while this broker stays leader. With every in-sync replica being this
 * broker, the high watermark is the log end offset after each append.
 *
 * <p>Thread-safety: the log serialises appends; leadership state is replaced atomically
 * (volatile) by the metadata publisher; the high watermark is advanced under this object's lock.
 * Waiters for new data are a concurrent set, fired after each append.
 */
public final class Partition {

    private final TopicPartition topicPartition;
    private final Uuid topicId;
    private final int localBrokerId;
    private final Log log;
    private final Set<DataWaiter> waiters = ConcurrentHashMap.newKeySet();
    private volatile PartitionImage state;
    private volatile long highWatermark;

    public Partition(TopicPartition topicPartition, Uuid topicId, int localBrokerId, Log log, PartitionImage state) {
        this.topicPartition = topicPartition;
        this.topicId = topicId;
        this.localBrokerId = localBrokerId;
        this.log = log;
        this.state = state;
        this.highWatermark = log.logEndOffset();
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public Uuid topicId() {
        return topicId;
    }

    public Log log() {
        return log;
    }

    public PartitionImage state() {
        return state;
    }

    public int leaderEpoch() {
        return state.leaderEpoch();
    }

    public boolean isLeader() {
        return state.leader() == localBrokerId;
    }

    public long highWatermark() {
        return highWatermark;
    }

    /** The last stable offset; without open transactions it is the high watermark. */
    public long lastStableOffset() {
        return highWatermark;
    }

    void updateState(PartitionImage next) {
        this.state = next;
        maybeAdvanceHighWatermark();
    }

    /**
     * Checks the epoch a client believes current (-1 = not checked) against this leader's.
     *
     * @throws FencedLeaderEpochException when the client's epoch is older
     * @throws UnknownLeaderEpochException when the client's epoch is newer
     */
    public void checkLeaderEpoch(int clientEpoch) {
        int epoch = leaderEpoch();
        if (clientEpoch == -1 || clientEpoch == epoch) {
            return;
        }
        if (clientEpoch < epoch) {
            throw new FencedLeaderEpochException("Client epoch " + clientEpoch + " is older than leader epoch "
                    + epoch);
        }
        throw new UnknownLeaderEpochException("Client epoch " + clientEpoch + " is newer than leader epoch " + epoch);
    }

    /**
     * Appends a producer's batch as leader.
     *
     * @param requiredAcks 0, 1 or -1 (all in-sync replicas)
     * @param minInsyncReplicas the topic's {@code min.insync.replicas}
     */
    public AppendResult appendAsLeader(java.nio.ByteBuffer records, short requiredAcks, int minInsyncReplicas) {
        PartitionImage s = state;
        if (s.leader() != localBrokerId) {
            throw new NotLeaderOrFollowerException("Broker " + localBrokerId + " is not the leader of "
                    + topicPartition);
        }
        if (requiredAcks == -1 && s.isr().size() < minInsyncReplicas) {
            throw new NotEnoughReplicasException("The size of the current ISR " + s.isr()
                    + " is insufficient to satisfy the min.isr requirement of " + minInsyncReplicas
                    + " for partition " + topicPartition);
        }
        AppendResult result = log.appendAsLeader(records, s.leaderEpoch());
        if (!result.duplicate()) {
            maybeAdvanceHighWatermark();
            fireWaiters();
        }
        return result;
    }

    /**
     * DeleteRecords as leader: moves the log start offset to {@code offset} ({@code -1} = the high
     * watermark).
     *
     * @return the new low watermark (log start offset)
     * @throws org.apache.kafka.common.errors.OffsetOutOfRangeException when {@code offset} is
     *     beyond the high watermark or negative (other than -1)
     */
    public long deleteRecordsOnLeader(long offset) {
        if (!isLeader()) {
            throw new NotLeaderOrFollowerException("Broker " + localBrokerId + " is not the leader of "
                    + topicPartition);
        }
        long hw = highWatermark;
        long target = offset == -1L ? hw : offset;
        if (target < 0 || target > hw) {
            throw new org.apache.kafka.common.errors.OffsetOutOfRangeException(
                    "Cannot increment the log start offset to " + target + " of partition " + topicPartition
                            + " since it is larger than the high watermark " + hw);
        }
        return log.advanceLogStartOffset(target);
    }

    /** Reads for a consumer: never past the high watermark (or the last stable offset). */
    public ReadResult readForConsumer(long fetchOffset, int maxBytes, boolean minOneMessage, boolean readCommitted) {
        if (!isLeader()) {
            throw new NotLeaderOrFollowerException("Broker " + localBrokerId + " is not the leader of "
                    + topicPartition);
        }
        long max = readCommitted ? lastStableOffset() : highWatermark();
        return log.read(fetchOffset, maxBytes, max, minOneMessage);
    }

    private void maybeAdvanceHighWatermark() {
        PartitionImage s = state;
        if (s.leader() != localBrokerId) {
            return;
        }
        if (onlyLocal(s)) {
            synchronized (this) {
                long leo = log.logEndOffset();
                if (leo > highWatermark) {
                    highWatermark = leo;
                }
            }
        }
    }

    private boolean onlyLocal(PartitionImage s) {
        for (int id : s.isr()) {
            if (id != localBrokerId) {
                return false;
            }
        }
        return true;
    }

    /** Registers a one-shot interest in new data; {@link DataWaiter#onData()} runs on the appending thread. */
    public void addWaiter(DataWaiter waiter) {
        waiters.add(waiter);
    }

    public void removeWaiter(DataWaiter waiter) {
        waiters.remove(waiter);
    }

    private void fireWaiters() {
        if (waiters.isEmpty()) {
            return;
        }
        for (DataWaiter w : waiters) {
            w.onData();
        }
    }
}

package io.tributary.broker.group;

import io.tributary.broker.codec.CoordinatorRecords;
import io.tributary.broker.codec.CoordinatorRecords.KeyValue;
import io.tributary.broker.replica.DelayedProduce;
import io.tributary.broker.replica.Partition;
import io.tributary.storage.AppendResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;

/**
 * Writes group state and offsets as keyed records to a partition of {@code __consumer_offsets},
 * through the producers' leader append path, and completes each write when it is committed: when
 * the partition's high watermark has passed the appended records (acks=-1). On one node the high
 * watermark moves with the append, so the future is complete when {@link GroupWriter#append}
 * returns; otherwise an acks=all wait ({@link DelayedProduce}) holds it until the in-sync replicas
 * have the records, fails it with {@link NotCoordinatorException} when the partition stops being
 * led here first, and with a {@link TimeoutException} after {@code timeoutMs}
 * ({@code offsets.commit.timeout.ms}).
 *
 * <p>Each writer from {@link #forLeader} is bound to the leader epoch its coordinator loaded, and
 * appends nothing once the partition is led at another epoch (a coordinator that has not yet
 * heard of a re-election must not write into the new epoch's log). Stateless; safe from any shard
 * thread (the partition serialises appends).
 */
public final class OffsetsTopicWriter implements GroupWriter.Factory {

    private final Function<TopicPartition, Partition> partitions;
    private final Supplier<DelayedProduce> waits;
    private final Time time;
    private final long timeoutMs;

    /**
     * @param partitions the hosted partition of a topic partition, or null
     * @param waits a new acks=all wait on the broker's timer ({@code ReplicaManager::delayedProduce})
     */
    public OffsetsTopicWriter(Function<TopicPartition, Partition> partitions, Supplier<DelayedProduce> waits,
            Time time, long timeoutMs) {
        this.partitions = partitions;
        this.waits = waits;
        this.time = time;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public GroupWriter forLeader(int partition, int leaderEpoch) {
        TopicPartition tp = new TopicPartition(OffsetsTopic.NAME, partition);
        return (groupId, records) -> append(tp, leaderEpoch, records);
    }

    private CompletableFuture<Void> append(TopicPartition tp, int leaderEpoch, List<KeyValue> records) {
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Partition p = partitions.apply(tp);
        if (p == null) {
            throw new NotCoordinatorException("This broker does not host " + tp);
        }
        AppendResult appended;
        try {
            p.checkLeaderEpoch(leaderEpoch);
            appended = p.appendAsLeader(CoordinatorRecords.batch(records, time.milliseconds()), (short) -1, 1);
        } catch (ApiException e) {
            if (WriteResults.errorOf(e) == Errors.NOT_COORDINATOR) {
                throw new NotCoordinatorException("This broker no longer leads " + tp + " at epoch " + leaderEpoch
                        + ": " + e.getMessage(), e);
            }
            throw e;
        }
        return committed(tp, p, appended.lastOffset() + 1);
    }

    /** Completes when the high watermark of {@code p} reaches {@code requiredOffset}. */
    private CompletableFuture<Void> committed(TopicPartition tp, Partition p, long requiredOffset) {
        Errors now = p.checkEnoughReplicasReachOffset(requiredOffset, 1);
        if (now != null) {
            return outcome(tp, now);
        }
        CompletableFuture<Void> out = new CompletableFuture<>();
        DelayedProduce wait = waits.get();
        wait.add(p, requiredOffset, 1, error -> {
            CompletableFuture<Void> result = outcome(tp, error);
            result.whenComplete((v, e) -> {
                if (e != null) {
                    out.completeExceptionally(e);
                } else {
                    out.complete(null);
                }
            });
        });
        wait.start(timeoutMs);
        return out;
    }

    private CompletableFuture<Void> outcome(TopicPartition tp, Errors error) {
        return switch (error) {
            case NONE, NOT_ENOUGH_REPLICAS_AFTER_APPEND -> CompletableFuture.completedFuture(null);
            case REQUEST_TIMED_OUT -> CompletableFuture.failedFuture(new TimeoutException(
                    "The write to " + tp + " was not replicated within " + timeoutMs + " ms"));
            case NOT_LEADER_OR_FOLLOWER, KAFKA_STORAGE_ERROR, UNKNOWN_TOPIC_OR_PARTITION ->
                    CompletableFuture.failedFuture(new NotCoordinatorException(
                            "This broker stopped leading " + tp + " before the write was committed (" + error + ")"));
            default -> CompletableFuture.failedFuture(error.exception());
        };
    }
}

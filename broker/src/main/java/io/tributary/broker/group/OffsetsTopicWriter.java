package io.tributary.broker.group;

import io.tributary.broker.codec.CoordinatorRecords;
import io.tributary.broker.codec.CoordinatorRecords.KeyValue;
import io.tributary.broker.replica.Partition;
import io.tributary.broker.replica.ReplicaManager;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToIntFunction;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.utils.Time;

/**
 * Writes group state and offsets as keyed records to the group's partition of
 * {@code __consumer_offsets}, through the same leader append path as producers' data, with
 * acks=all. A write is durable once appended: this single-node broker's high watermark moves with
 * the append. When followers replicate the offsets topic, {@link #append} is the place to complete
 * the future at the high watermark instead. Stateless; safe from any shard thread (the partition
 * serialises appends).
 */
public final class OffsetsTopicWriter implements GroupWriter {

    private final ReplicaManager replicas;
    private final ToIntFunction<String> partitionFor;
    private final Time time;

    public OffsetsTopicWriter(ReplicaManager replicas, ToIntFunction<String> partitionFor, Time time) {
        this.replicas = replicas;
        this.partitionFor = partitionFor;
        this.time = time;
    }

    @Override
    public CompletableFuture<Void> append(String groupId, List<KeyValue> records) {
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        TopicPartition tp = new TopicPartition(OffsetsTopic.NAME, partitionFor.applyAsInt(groupId));
        Partition p = replicas.partition(tp);
        if (p == null) {
            throw new NotCoordinatorException("This broker does not host " + tp);
        }
        p.appendAsLeader(CoordinatorRecords.batch(records, time.milliseconds()), (short) -1, 1);
        return CompletableFuture.completedFuture(null);
    }
}

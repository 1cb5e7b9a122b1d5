package io.tributary.broker.group;

import io.tributary.broker.codec.CoordinatorRecords.KeyValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a shard records group state and committed offsets so a restart recovers them. Every write
 * goes through {@link #append}, the one path to the group's partition of {@code __consumer_offsets};
 * the other methods only build records for it. Unit tests use {@link #NONE}.
 *
 * <p>Calls come from the shard thread that owns the group. A write that cannot start (this broker
 * does not lead the partition at the coordinator's epoch, the append fails) throws an unchecked
 * exception; otherwise the returned future completes once the records are committed: when the
 * partition's high watermark has passed them (at once on one node). It fails with
 * {@code NotCoordinatorException} when leadership is lost first and with a
 * {@code TimeoutException} when the replicas do not catch up in time. OffsetCommit, SyncGroup,
 * a static member's rejoin, ConsumerGroupHeartbeat, OffsetDelete and DeleteGroups answer only once
 * their writes' futures have completed ({@link WriteResults}); the in-memory state is changed when the write is made (a
 * failed write leaves it so; Kafka reverts it).
 */
public interface GroupWriter {

    /** Appends {@code records} (a null value is a tombstone) to the partition of {@code groupId}. */
    CompletableFuture<Void> append(String groupId, List<KeyValue> records);

    /** Records the group's current generation, protocol, leader and members with their assignments. */
    default CompletableFuture<Void> writeGroup(ClassicGroup group) {
        return append(group.groupId(), List.of(new KeyValue(GroupRecordCodec.groupKey(group.groupId()),
                GroupRecordCodec.groupValue(group))));
    }

    default CompletableFuture<Void> writeOffsets(String groupId, Map<TopicPartition, CommittedOffset> offsets) {
        List<KeyValue> records = new ArrayList<>(offsets.size());
        offsets.forEach((tp, o) -> records.add(new KeyValue(GroupRecordCodec.offsetKey(groupId, tp),
                GroupRecordCodec.offsetValue(o))));
        return append(groupId, records);
    }

    /** Tombstones the given offsets. */
    default CompletableFuture<Void> deleteOffsets(String groupId, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<KeyValue> records = new ArrayList<>(partitions.size());
        partitions.forEach(tp -> records.add(new KeyValue(GroupRecordCodec.offsetKey(groupId, tp), null)));
        return append(groupId, records);
    }

    /** Tombstones the classic group's metadata (its offsets are deleted separately). */
    default CompletableFuture<Void> deleteGroup(String groupId) {
        return append(groupId, List.of(new KeyValue(GroupRecordCodec.groupKey(groupId), null)));
    }

    GroupWriter NONE = (groupId, records) -> CompletableFuture.completedFuture(null);

    /** Writers for a coordinator leading one partition at one leader epoch. */
    interface Factory {
        /** A writer that appends to {@code partition} only while this broker leads it at {@code leaderEpoch}. */
        GroupWriter forLeader(int partition, int leaderEpoch);

        Factory NONE = (partition, epoch) -> GroupWriter.NONE;
    }
}

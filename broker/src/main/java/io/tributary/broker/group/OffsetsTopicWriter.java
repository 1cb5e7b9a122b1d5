package io.tributary.broker.group;

import io.tributary.broker.codec.CoordinatorRecords;
import io.tributary.broker.codec.CoordinatorRecords.KeyValue;
import io.tributary.broker.replica.Partition;
import io.tributary.broker.replica.ReplicaManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.utils.Time;

/**
 * Writes group metadata and offsets as keyed records to the group's partition of
 * {@code __consumer_offsets}, through the same leader append path as producers' data, with
 * acks=all. Stateless; safe from any shard thread (the partition serialises appends).
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
    public void writeGroup(ClassicGroup group) {
        append(group.groupId(), List.of(new KeyValue(GroupRecordCodec.groupKey(group.groupId()),
                GroupRecordCodec.groupValue(group))));
    }

    @Override
    public void writeOffsets(String groupId, Map<TopicPartition, CommittedOffset> offsets) {
        List<KeyValue> records = new ArrayList<>(offsets.size());
        offsets.forEach((tp, o) -> records.add(new KeyValue(GroupRecordCodec.offsetKey(groupId, tp),
                GroupRecordCodec.offsetValue(o))));
        append(groupId, records);
    }

    @Override
    public void deleteOffsets(String groupId, Collection<TopicPartition> tps) {
        if (tps.isEmpty()) {
            return;
        }
        List<KeyValue> records = new ArrayList<>(tps.size());
        tps.forEach(tp -> records.add(new KeyValue(GroupRecordCodec.offsetKey(groupId, tp), null)));
        append(groupId, records);
    }

    @Override
    public void deleteGroup(String groupId) {
        append(groupId, List.of(new KeyValue(GroupRecordCodec.groupKey(groupId), null)));
    }

    private void append(String groupId, List<KeyValue> records) {
        TopicPartition tp = new TopicPartition(OffsetsTopic.NAME, partitionFor.applyAsInt(groupId));
        Partition p = replicas.partition(tp);
        if (p == null) {
            throw new NotCoordinatorException("This broker does not host " + tp);
        }
        p.appendAsLeader(CoordinatorRecords.batch(records, time.milliseconds()), (short) -1, 1);
    }
}

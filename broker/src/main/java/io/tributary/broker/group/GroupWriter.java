package io.tributary.broker.group;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a shard records group metadata and committed offsets so a restart recovers them. The
 * production implementation appends to the group's partition of {@code __consumer_offsets};
 * unit tests use {@link #NONE}. Calls come from the shard thread that owns the group; a failure
 * throws an unchecked exception (the caller answers with a retriable error).
 */
public interface GroupWriter {

    /** Records the group's current generation, protocol, leader and members with their assignments. */
    void writeGroup(ClassicGroup group);

    void writeOffsets(String groupId, Map<TopicPartition, CommittedOffset> offsets);

    /** Tombstones the given offsets. */
    void deleteOffsets(String groupId, Collection<TopicPartition> partitions);

    /** Tombstones the group's metadata (its offsets are deleted separately). */
    void deleteGroup(String groupId);

    GroupWriter NONE = new GroupWriter() {
        @Override
        public void writeGroup(ClassicGroup group) {}

        @Override
        public void writeOffsets(String groupId, Map<TopicPartition, CommittedOffset> offsets) {}

        @Override
        public void deleteOffsets(String groupId, Collection<TopicPartition> partitions) {}

        @Override
        public void deleteGroup(String groupId) {}
    };
}

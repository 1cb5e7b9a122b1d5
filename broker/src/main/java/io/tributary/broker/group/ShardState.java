package io.tributary.broker.group;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * The groups and committed offsets of one {@code __consumer_offsets} partition, as its coordinator
 * holds them for one leader epoch (see {@link CoordinatorContext}).
 *
 * <p>Not thread-safe: read and written only on the owning shard's thread.
 */
public final class ShardState {

    private final Map<String, ClassicGroup> groups = new HashMap<>();
    private final Map<String, ConsumerGroup> consumerGroups = new HashMap<>();
    private final Map<String, Map<TopicPartition, CommittedOffset>> offsets = new HashMap<>();

    public Optional<ClassicGroup> group(String groupId) {
        return Optional.ofNullable(groups.get(groupId));
    }

    public Map<String, ClassicGroup> groups() {
        return groups;
    }

    /** Consumer-protocol (KIP-848) groups; a group id is either here or in {@link #groups()}, never both. */
    public Map<String, ConsumerGroup> consumerGroups() {
        return consumerGroups;
    }

    public Optional<ConsumerGroup> consumerGroup(String groupId) {
        return Optional.ofNullable(consumerGroups.get(groupId));
    }

    ClassicGroup getOrCreate(String groupId, long nowMs) {
        return groups.computeIfAbsent(groupId, id -> new ClassicGroup(id, GroupState.EMPTY, nowMs));
    }

    void removeGroup(String groupId) {
        groups.remove(groupId);
        offsets.remove(groupId);
    }

    /** The group's committed offsets (a live, possibly empty map; never null). */
    public Map<TopicPartition, CommittedOffset> offsets(String groupId) {
        return offsets.getOrDefault(groupId, Map.of());
    }

    void putOffset(String groupId, TopicPartition tp, CommittedOffset offset) {
        offsets.computeIfAbsent(groupId, g -> new HashMap<>()).put(tp, offset);
    }

    void removeOffset(String groupId, TopicPartition tp) {
        Map<TopicPartition, CommittedOffset> m = offsets.get(groupId);
        if (m != null) {
            m.remove(tp);
            if (m.isEmpty()) {
                offsets.remove(groupId);
            }
        }
    }

    /** Forgets every group and offset (the partition was resigned). */
    void clear() {
        groups.clear();
        consumerGroups.clear();
        offsets.clear();
    }

    public Iterable<String> groupsWithOffsets() {
        return offsets.keySet();
    }
}

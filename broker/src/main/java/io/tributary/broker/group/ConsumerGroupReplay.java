package io.tributary.broker.group;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * Rebuilds consumer-protocol groups from the records of one {@code __consumer_offsets} partition
 * ({@link ConsumerGroupRecords}): the last value of each key wins, a tombstone removes it. A group
 * comes back only with its group metadata record; each member with its metadata record, at its
 * stored epoch, owning its stored partitions and those it was still revoking.
 *
 * <p>Not thread-safe: used by one loader on the shard's thread.
 */
final class ConsumerGroupReplay {

    private static final class Stored {
        ConsumerGroupRecordCodec.GroupMetadata metadata;
        ConsumerGroupRecordCodec.TargetMetadata target;
        final Map<String, ConsumerGroupRecordCodec.MemberMetadata> members = new LinkedHashMap<>();
        final Map<String, Map<Uuid, Set<Integer>>> targets = new HashMap<>();
        final Map<String, ConsumerGroupRecordCodec.MemberAssignment> assignments = new HashMap<>();
        final Map<String, ConsumerGroup.ResolvedRegex> regexes = new HashMap<>();
    }

    private final Map<String, Stored> groups = new LinkedHashMap<>();

    static boolean handles(short keyType) {
        return keyType >= GroupRecordCodec.CONSUMER_GROUP_KEY && keyType <= GroupRecordCodec.CONSUMER_REGEX_KEY;
    }

    /** Applies one record; {@code value} null is a tombstone. */
    void apply(GroupRecordCodec.Key k, ByteBuffer value) {
        Stored g = groups.computeIfAbsent(k.groupId(), id -> new Stored());
        String sub = k.subKey();
        switch (k.type()) {
            case GroupRecordCodec.CONSUMER_GROUP_KEY ->
                g.metadata = value == null ? null : ConsumerGroupRecordCodec.readGroupMetadata(value);
            case GroupRecordCodec.CONSUMER_TARGET_KEY ->
                g.target = value == null ? null : ConsumerGroupRecordCodec.readTargetMetadata(value);
            case GroupRecordCodec.CONSUMER_MEMBER_KEY -> put(g.members, sub,
                    value == null ? null : ConsumerGroupRecordCodec.readMemberMetadata(value));
            case GroupRecordCodec.CONSUMER_MEMBER_TARGET_KEY -> put(g.targets, sub,
                    value == null ? null : ConsumerGroupRecordCodec.readMemberTarget(value));
            case GroupRecordCodec.CONSUMER_MEMBER_ASSIGNMENT_KEY -> put(g.assignments, sub,
                    value == null ? null : ConsumerGroupRecordCodec.readMemberAssignment(value));
            case GroupRecordCodec.CONSUMER_REGEX_KEY -> put(g.regexes, sub,
                    value == null ? null : ConsumerGroupRecordCodec.readRegex(value));
            default -> throw new IllegalArgumentException("Not a consumer group key: " + k.type());
        }
    }

    private static <V> void put(Map<String, V> map, String key, V value) {
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    /** Puts every group that still exists into {@code state} (replacing a classic group of the same id). */
    void restore(ShardState state, ConsumerGroupManager consumer) {
        groups.forEach((id, stored) -> {
            if (stored.metadata == null) {
                return;
            }
            ConsumerGroup g = build(id, stored);
            state.groups().remove(id);
            state.consumerGroups().put(id, g);
            if (consumer != null) {
                consumer.restored(g);
            }
        });
    }

    /** How many groups the records describe (deleted ones excluded). */
    int size() {
        return (int) groups.values().stream().filter(g -> g.metadata != null).count();
    }

    private static ConsumerGroup build(String id, Stored stored) {
        ConsumerGroup g = new ConsumerGroup(id);
        g.groupEpoch(stored.metadata.groupEpoch());
        g.subscribedTopics(stored.metadata.subscribedTopics());
        if (stored.target != null) {
            g.assignmentEpoch(stored.target.assignmentEpoch());
            if (stored.target.assignorName() != null) {
                g.assignorName(stored.target.assignorName());
            }
        }
        g.resolvedRegexes().putAll(stored.regexes);
        Map<String, Map<Uuid, Set<Integer>>> targets = new HashMap<>();
        stored.members.forEach((memberId, mm) -> {
            ConsumerGroupMember m = new ConsumerGroupMember(memberId, mm.instanceId());
            m.client(mm.clientId(), mm.clientHost(), mm.rackId());
            m.rebalanceTimeoutMs(mm.rebalanceTimeoutMs());
            m.subscribedTopics(mm.subscribedTopics());
            m.subscribedRegex(mm.subscribedRegex());
            m.serverAssignor(mm.serverAssignor());
            ConsumerGroupRecordCodec.MemberAssignment a = stored.assignments.get(memberId);
            if (a != null) {
                m.epochs(a.memberEpoch(), a.previousMemberEpoch());
                m.state(a.state());
                m.leftTemporarily(a.leftTemporarily());
                m.assigned(copy(a.assigned()));
                m.pendingRevocation(copy(a.pendingRevocation()));
                own(g, memberId, a.assigned());
                own(g, memberId, a.pendingRevocation());
            }
            g.members().put(memberId, m);
            Map<Uuid, Set<Integer>> target = stored.targets.get(memberId);
            if (target != null) {
                targets.put(memberId, copy(target));
            }
        });
        g.target(targets);
        return g;
    }

    private static Map<Uuid, Set<Integer>> copy(Map<Uuid, Set<Integer>> parts) {
        Map<Uuid, Set<Integer>> out = new HashMap<>();
        parts.forEach((t, ps) -> out.put(t, new TreeSet<>(ps)));
        return out;
    }

    private static void own(ConsumerGroup g, String memberId, Map<Uuid, Set<Integer>> parts) {
        parts.forEach((t, ps) -> ps.forEach(p -> g.own(new ConsumerGroup.Part(t, p), memberId)));
    }
}

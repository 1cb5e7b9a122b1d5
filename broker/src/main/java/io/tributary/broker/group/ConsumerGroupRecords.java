package io.tributary.broker.group;

import io.tributary.broker.codec.CoordinatorRecords.KeyValue;
import io.tributary.broker.group.GroupRecordCodec.StoredKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records that persist a consumer-protocol group, as Kafka keeps them: the group metadata
 * (group epoch and the subscribed topics it was computed from), each member's metadata
 * (subscription, regex, rack, client, rebalance timeout), the target assignment (its epoch, and
 * each member's target), each member's current assignment (member epoch, partitions owned and
 * pending revocation), and each regex with the topics it resolved to.
 *
 * <p>The group remembers what it last wrote ({@link ConsumerGroup#stored()}): {@link #changes}
 * encodes the whole group and returns only the records whose value differs, plus tombstones for
 * keys that are gone (a member that left, a regex no one uses). Encoding is deterministic, so an
 * unchanged group writes nothing. Stateless; called on the group's shard thread.
 */
final class ConsumerGroupRecords {

    private ConsumerGroupRecords() {}

    /** The records that bring the stored group up to date; the group then counts them as stored. */
    static List<KeyValue> changes(ConsumerGroup g) {
        Map<StoredKey, byte[]> now = encode(g);
        Map<StoredKey, byte[]> stored = g.stored();
        List<KeyValue> out = new ArrayList<>();
        now.forEach((k, v) -> {
            if (!Arrays.equals(stored.get(k), v)) {
                out.add(new KeyValue(k.bytes(), v));
            }
        });
        stored.keySet().stream().filter(k -> !now.containsKey(k)).forEach(k -> out.add(new KeyValue(k.bytes(), null)));
        stored.clear();
        stored.putAll(now);
        return out;
    }

    /** Tombstones for everything stored of the group (it is deleted or becomes a classic group). */
    static List<KeyValue> tombstones(ConsumerGroup g) {
        List<KeyValue> out = new ArrayList<>();
        g.stored().keySet().forEach(k -> out.add(new KeyValue(k.bytes(), null)));
        g.stored().clear();
        return out;
    }

    /** Counts the group's current state as stored (after it was rebuilt from these very records). */
    static void markStored(ConsumerGroup g) {
        g.stored().clear();
        g.stored().putAll(encode(g));
    }

    static Map<StoredKey, byte[]> encode(ConsumerGroup g) {
        String id = g.groupId();
        Map<StoredKey, byte[]> out = new LinkedHashMap<>();
        out.put(new StoredKey(GroupRecordCodec.CONSUMER_GROUP_KEY, id, null),
                ConsumerGroupRecordCodec.groupMetadata(g));
        g.resolvedRegexes().forEach((regex, r) -> out.put(
                new StoredKey(GroupRecordCodec.CONSUMER_REGEX_KEY, id, regex), ConsumerGroupRecordCodec.regex(r)));
        for (ConsumerGroupMember m : g.members().values()) {
            out.put(new StoredKey(GroupRecordCodec.CONSUMER_MEMBER_KEY, id, m.memberId()),
                    ConsumerGroupRecordCodec.memberMetadata(m));
        }
        out.put(new StoredKey(GroupRecordCodec.CONSUMER_TARGET_KEY, id, null),
                ConsumerGroupRecordCodec.targetMetadata(g));
        g.targets().forEach((memberId, target) -> out.put(
                new StoredKey(GroupRecordCodec.CONSUMER_MEMBER_TARGET_KEY, id, memberId),
                ConsumerGroupRecordCodec.memberTarget(target)));
        for (ConsumerGroupMember m : g.members().values()) {
            out.put(new StoredKey(GroupRecordCodec.CONSUMER_MEMBER_ASSIGNMENT_KEY, id, m.memberId()),
                    ConsumerGroupRecordCodec.memberAssignment(m));
        }
        return out;
    }
}

package io.tributary.broker.group;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.Uuid;

/**
 * A consumer-protocol (KIP-848) group: the group epoch (bumped by every membership, subscription
 * or topic metadata change), the target assignment computed at the assignment epoch, the
 * members, and which member owns each partition right now (a partition is handed to its new
 * owner only after the previous owner has revoked it). It also keeps the topics its regexes
 * resolved to, the subscribed topics (ids, partition counts) its epoch was computed from, and the
 * records it last wrote to {@code __consumer_offsets} ({@link ConsumerGroupRecords}).
 *
 * <p>Its state is derived, as in Kafka: Empty (no members), Assigning (group epoch ahead of the
 * assignment epoch), Reconciling (some member not yet at the assignment epoch or not stable),
 * Stable.
 *
 * <p>Not thread-safe: owned by the shard thread of its offsets partition.
 */
public final class ConsumerGroup {

    public enum State {
        EMPTY("Empty"), ASSIGNING("Assigning"), RECONCILING("Reconciling"), STABLE("Stable"), DEAD("Dead");

        private final String wireName;

        State(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** A partition of a topic, by topic id. */
    public record Part(Uuid topicId, int partition) {}

    /** The topics a regex matched, as of metadata image {@code version}, resolved at {@code timestampMs}. */
    public record ResolvedRegex(Set<String> topics, long version, long timestampMs) {
        public ResolvedRegex {
            topics = Set.copyOf(topics);
        }
    }

    private final String groupId;
    private int groupEpoch;
    private int assignmentEpoch;
    private String assignorName = "uniform";
    private final Map<String, ConsumerGroupMember> members = new LinkedHashMap<>();
    private Map<String, Map<Uuid, Set<Integer>>> target = new HashMap<>();
    private final Map<Part, String> owners = new HashMap<>();
    private Map<String, TopicLookup.Topic> subscribedTopics = Map.of();
    private final Map<String, ResolvedRegex> resolvedRegexes = new HashMap<>();
    private final Map<GroupRecordCodec.StoredKey, byte[]> stored = new HashMap<>();
    private boolean dead;

    public ConsumerGroup(String groupId) {
        this.groupId = groupId;
    }

    public String groupId() {
        return groupId;
    }

    public State state() {
        if (dead) {
            return State.DEAD;
        }
        if (members.isEmpty()) {
            return State.EMPTY;
        }
        if (groupEpoch > assignmentEpoch) {
            return State.ASSIGNING;
        }
        for (ConsumerGroupMember m : members.values()) {
            if (m.memberEpoch() != assignmentEpoch || m.state() != ConsumerGroupMember.State.STABLE) {
                return State.RECONCILING;
            }
        }
        return State.STABLE;
    }

    void markDead() {
        this.dead = true;
    }

    public int groupEpoch() {
        return groupEpoch;
    }

    void bumpGroupEpoch() {
        groupEpoch++;
    }

    void groupEpoch(int e) {
        this.groupEpoch = e;
    }

    public int assignmentEpoch() {
        return assignmentEpoch;
    }

    void assignmentEpoch(int e) {
        this.assignmentEpoch = e;
    }

    public String assignorName() {
        return assignorName;
    }

    void assignorName(String name) {
        this.assignorName = name;
    }

    public Map<String, ConsumerGroupMember> members() {
        return members;
    }

    public Optional<ConsumerGroupMember> member(String memberId) {
        return Optional.ofNullable(members.get(memberId));
    }

    public Optional<ConsumerGroupMember> staticMember(String instanceId) {
        return members.values().stream().filter(m -> instanceId.equals(m.instanceId())).findFirst();
    }

    /** The member's target assignment (empty when it has none). */
    public Map<Uuid, Set<Integer>> target(String memberId) {
        return target.getOrDefault(memberId, Map.of());
    }

    void target(Map<String, Map<Uuid, Set<Integer>>> t) {
        this.target = t;
    }

    Map<String, Map<Uuid, Set<Integer>>> targets() {
        return target;
    }

    /** The member owning {@code p} now (assigned or still revoking), or null. */
    String owner(Part p) {
        return owners.get(p);
    }

    void own(Part p, String memberId) {
        owners.put(p, memberId);
    }

    /** Frees every partition {@code memberId} owns in {@code parts}. */
    void release(String memberId, Map<Uuid, Set<Integer>> parts) {
        parts.forEach((t, ps) -> ps.forEach(p -> owners.remove(new Part(t, p), memberId)));
    }

    /** The existing topics the group subscribes to (by name or regex), as the last epoch bump saw them. */
    Map<String, TopicLookup.Topic> subscribedTopics() {
        return subscribedTopics;
    }

    void subscribedTopics(Map<String, TopicLookup.Topic> m) {
        this.subscribedTopics = Map.copyOf(m);
    }

    /** Regexes some member subscribes to, with the topics each matched at its last resolution. */
    Map<String, ResolvedRegex> resolvedRegexes() {
        return resolvedRegexes;
    }

    /** The records last written for this group, by key: what the next write is compared with. */
    Map<GroupRecordCodec.StoredKey, byte[]> stored() {
        return stored;
    }
}

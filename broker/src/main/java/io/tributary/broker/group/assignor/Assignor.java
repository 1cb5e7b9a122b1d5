package io.tributary.broker.group.assignor;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;

/**
 * A server-side partition assignor of consumer-protocol (KIP-848) groups: from the members'
 * subscriptions and the topics' partition counts, the target assignment of every member.
 * Implementations are stateless and deterministic.
 */
public interface Assignor {

    /** A member as the assignor sees it. */
    record MemberSpec(String memberId, Set<Uuid> subscribedTopics) {}

    /** A subscribed topic. */
    record TopicSpec(Uuid id, String name, int partitions) {}

    String name();

    /**
     * @param members the members, in a stable order
     * @param topics every topic some member subscribes to, by id
     * @param current the previous target assignment (member to topic to partitions), for stickiness
     * @return the new target assignment of every member (members without partitions map to an empty map)
     */
    Map<String, Map<Uuid, Set<Integer>>> assign(List<MemberSpec> members, Map<Uuid, TopicSpec> topics,
            Map<String, Map<Uuid, Set<Integer>>> current);
}

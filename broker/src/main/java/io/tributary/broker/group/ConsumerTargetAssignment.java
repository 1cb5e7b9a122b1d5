package io.tributary.broker.group;

import io.tributary.broker.group.assignor.Assignor;
import io.tributary.broker.group.assignor.RangeAssignor;
import io.tributary.broker.group.assignor.UniformAssignor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes a consumer-protocol group's target assignment with a server-side assignor
 * ({@code uniform}, the default, or {@code range}) over the topics each member subscribes to, by
 * name or by regex. Stateless apart from the assignors; called on the shard's thread.
 */
final class ConsumerTargetAssignment {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerTargetAssignment.class);

    private final Map<String, Assignor> assignors = new HashMap<>();
    private final TopicLookup topics;
    private final ConsumerSubscriptions subscriptions;

    ConsumerTargetAssignment(TopicLookup topics, ConsumerSubscriptions subscriptions) {
        this.topics = topics;
        this.subscriptions = subscriptions;
        for (Assignor a : List.of(new UniformAssignor(), new RangeAssignor())) {
            assignors.put(a.name(), a);
        }
    }

    boolean supports(String assignor) {
        return assignors.containsKey(assignor);
    }

    Set<String> names() {
        return new TreeSet<>(assignors.keySet());
    }

    /** Recomputes the target at the group epoch, starting from the current target (assignors are sticky). */
    void compute(ConsumerGroup group) {
        String assignorName = group.members().values().stream().map(ConsumerGroupMember::serverAssignor)
                .filter(a -> a != null).findFirst().orElse("uniform");
        Assignor assignor = assignors.get(assignorName);
        Map<Uuid, Assignor.TopicSpec> specs = new HashMap<>();
        List<Assignor.MemberSpec> members = new ArrayList<>();
        for (ConsumerGroupMember m : group.members().values()) {
            Set<Uuid> ids = new HashSet<>();
            for (String t : subscriptions.topicNames(group, m)) {
                topics.byName(t).ifPresent(topic -> {
                    ids.add(topic.id());
                    specs.put(topic.id(), new Assignor.TopicSpec(topic.id(), topic.name(), topic.partitions()));
                });
            }
            members.add(new Assignor.MemberSpec(m.memberId(), ids));
        }
        group.target(assignor.assign(members, specs, group.targets()));
        group.assignorName(assignorName);
        group.assignmentEpoch(group.groupEpoch());
        LOG.info("Consumer group {} has a new target assignment at epoch {} ({} assignor)", group.groupId(),
                group.groupEpoch(), assignorName);
    }
}

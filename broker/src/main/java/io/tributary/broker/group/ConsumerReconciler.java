package io.tributary.broker.group;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * Incremental reconciliation of a consumer-protocol member towards its target assignment
 * (KIP-848): partitions leaving the member are revoked first, and the member keeps its epoch
 * until it acknowledges the revocation (its heartbeat no longer lists them as owned); only then
 * does it move to the assignment epoch and receive new partitions, each one only once no other
 * member owns it any more.
 *
 * <p>Stateless apart from the clock; called on the shard's thread.
 */
final class ConsumerReconciler {

    private final Time time;

    ConsumerReconciler(Time time) {
        this.time = time;
    }

    /**
     * Moves the member towards its target: first it must revoke what is no longer its own (and
     * acknowledge by no longer listing it as owned); then it gets its new epoch and every target
     * partition no one else still owns. Returns whether its assignment changed.
     */
    boolean reconcile(ConsumerGroup group, ConsumerGroupMember m, Map<Uuid, Set<Integer>> owned) {
        if (m.state() == ConsumerGroupMember.State.UNREVOKED_PARTITIONS) {
            if (owned == null || intersects(owned, m.pendingRevocation())) {
                return false;
            }
            group.release(m.memberId(), m.pendingRevocation());
            m.pendingRevocation(new HashMap<>());
            m.state(ConsumerGroupMember.State.STABLE);
        }
        if (m.memberEpoch() == group.assignmentEpoch() && m.state() == ConsumerGroupMember.State.STABLE) {
            return false;
        }
        Map<Uuid, Set<Integer>> target = group.target(m.memberId());
        Map<Uuid, Set<Integer>> keep = new HashMap<>();
        Map<Uuid, Set<Integer>> revoke = new HashMap<>();
        m.assigned().forEach((t, ps) -> ps.forEach(p -> {
            boolean inTarget = target.getOrDefault(t, Set.of()).contains(p);
            (inTarget ? keep : revoke).computeIfAbsent(t, x -> new TreeSet<>()).add(p);
        }));
        if (!revoke.isEmpty()) {
            m.assigned(keep);
            m.pendingRevocation(revoke);
            m.state(ConsumerGroupMember.State.UNREVOKED_PARTITIONS);
            m.revocationDeadlineMs(time.milliseconds() + Math.max(1, m.rebalanceTimeoutMs()));
            return true;
        }
        boolean added = false;
        boolean unreleased = false;
        for (Map.Entry<Uuid, Set<Integer>> e : target.entrySet()) {
            for (int p : e.getValue()) {
                if (keep.getOrDefault(e.getKey(), Set.of()).contains(p)) {
                    continue;
                }
                ConsumerGroup.Part part = new ConsumerGroup.Part(e.getKey(), p);
                String owner = group.owner(part);
                if (owner == null || owner.equals(m.memberId())) {
                    group.own(part, m.memberId());
                    keep.computeIfAbsent(e.getKey(), x -> new TreeSet<>()).add(p);
                    added = true;
                } else {
                    unreleased = true;
                }
            }
        }
        m.assigned(keep);
        m.state(unreleased ? ConsumerGroupMember.State.UNRELEASED_PARTITIONS : ConsumerGroupMember.State.STABLE);
        boolean epochMoved = m.memberEpoch() != group.assignmentEpoch();
        if (epochMoved) {
            m.advanceEpoch(group.assignmentEpoch());
        }
        return added || epochMoved;
    }

    private static boolean intersects(Map<Uuid, Set<Integer>> a, Map<Uuid, Set<Integer>> b) {
        return a.entrySet().stream().anyMatch(e -> e.getValue().stream()
                .anyMatch(p -> b.getOrDefault(e.getKey(), Set.of()).contains(p)));
    }
}

package io.tributary.broker.group.assignor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * The "uniform" assignor (the default): spreads all subscribed partitions as evenly as possible
 * across the members subscribed to them, and keeps each partition with its previous owner while
 * that owner is subscribed and not above its fair share (sticky), so a rebalance moves as few
 * partitions as it can. Stateless.
 */
public final class UniformAssignor implements Assignor {

    private record Part(Uuid topic, int partition) {}

    @Override
    public String name() {
        return "uniform";
    }

    @Override
    public Map<String, Map<Uuid, Set<Integer>>> assign(List<MemberSpec> members, Map<Uuid, TopicSpec> topics,
            Map<String, Map<Uuid, Set<Integer>>> current) {
        Map<String, Map<Uuid, Set<Integer>>> out = new HashMap<>();
        Map<String, Integer> load = new HashMap<>();
        Map<String, MemberSpec> byId = new HashMap<>();
        members.forEach(m -> {
            out.put(m.memberId(), new HashMap<>());
            load.put(m.memberId(), 0);
            byId.put(m.memberId(), m);
        });
        List<Part> all = new ArrayList<>();
        topics.values().stream().sorted(Comparator.comparing(TopicSpec::name)).forEach(t -> {
            for (int p = 0; p < t.partitions(); p++) {
                all.add(new Part(t.id(), p));
            }
        });
        long subscribedMembers = members.stream().filter(m -> !m.subscribedTopics().isEmpty()).count();
        int quota = subscribedMembers == 0 ? 0 : (int) Math.ceil((double) all.size() / subscribedMembers);
        Map<Part, String> previous = new HashMap<>();
        current.forEach((member, assignment) -> assignment.forEach(
                (topic, parts) -> parts.forEach(p -> previous.put(new Part(topic, p), member))));
        List<Part> unassigned = new ArrayList<>();
        for (Part part : all) {
            String owner = previous.get(part);
            MemberSpec m = owner == null ? null : byId.get(owner);
            if (m != null && m.subscribedTopics().contains(part.topic()) && load.get(owner) < quota) {
                give(out, load, owner, part);
            } else {
                unassigned.add(part);
            }
        }
        for (Part part : unassigned) {
            String best = null;
            for (MemberSpec m : members) {
                if (m.subscribedTopics().contains(part.topic())
                        && (best == null || load.get(m.memberId()) < load.get(best))) {
                    best = m.memberId();
                }
            }
            if (best != null) {
                give(out, load, best, part);
            }
        }
        rebalanceHomogeneous(out, load, members);
        return out;
    }

    private static void give(Map<String, Map<Uuid, Set<Integer>>> out, Map<String, Integer> load, String member,
            Part p) {
        out.get(member).computeIfAbsent(p.topic(), t -> new TreeSet<>()).add(p.partition());
        load.merge(member, 1, Integer::sum);
    }

    /**
     * Sticky placement under a ceiling quota can leave one member two or more partitions behind
     * another; moves partitions from the most to the least loaded member (both subscribed to the
     * partition's topic) until the spread is at most one.
     */
    private static void rebalanceHomogeneous(Map<String, Map<Uuid, Set<Integer>>> out, Map<String, Integer> load,
            List<MemberSpec> members) {
        boolean moved = true;
        while (moved) {
            moved = false;
            MemberSpec most = null;
            MemberSpec least = null;
            for (MemberSpec m : members) {
                if (m.subscribedTopics().isEmpty()) {
                    continue;
                }
                if (most == null || load.get(m.memberId()) > load.get(most.memberId())) {
                    most = m;
                }
                if (least == null || load.get(m.memberId()) < load.get(least.memberId())) {
                    least = m;
                }
            }
            if (most == null || load.get(most.memberId()) - load.get(least.memberId()) <= 1) {
                break;
            }
            for (Map.Entry<Uuid, Set<Integer>> e : out.get(most.memberId()).entrySet()) {
                if (least.subscribedTopics().contains(e.getKey()) && !e.getValue().isEmpty()) {
                    int p = ((TreeSet<Integer>) e.getValue()).last();
                    e.getValue().remove(p);
                    load.merge(most.memberId(), -1, Integer::sum);
                    give(out, load, least.memberId(), new Part(e.getKey(), p));
                    moved = true;
                    break;
                }
            }
        }
        out.values().forEach(m -> m.values().removeIf(Set::isEmpty));
    }
}

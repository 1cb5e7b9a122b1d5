package io.tributary.broker.group.assignor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * The "range" assignor: for each topic, its subscribers (sorted by member id) get contiguous
 * ranges of partitions; the first {@code partitions % subscribers} get one partition more.
 * Members subscribed to the same topics therefore get the same partition numbers of each
 * (co-partitioning). Stateless.
 */
public final class RangeAssignor implements Assignor {

    @Override
    public String name() {
        return "range";
    }

    @Override
    public Map<String, Map<Uuid, Set<Integer>>> assign(List<MemberSpec> members, Map<Uuid, TopicSpec> topics,
            Map<String, Map<Uuid, Set<Integer>>> current) {
        Map<String, Map<Uuid, Set<Integer>>> out = new HashMap<>();
        members.forEach(m -> out.put(m.memberId(), new HashMap<>()));
        for (TopicSpec topic : topics.values()) {
            List<String> subscribers = new ArrayList<>();
            for (MemberSpec m : members) {
                if (m.subscribedTopics().contains(topic.id())) {
                    subscribers.add(m.memberId());
                }
            }
            if (subscribers.isEmpty()) {
                continue;
            }
            subscribers.sort(String::compareTo);
            int base = topic.partitions() / subscribers.size();
            int extra = topic.partitions() % subscribers.size();
            int next = 0;
            for (int i = 0; i < subscribers.size(); i++) {
                int count = base + (i < extra ? 1 : 0);
                Set<Integer> parts = new TreeSet<>();
                for (int p = next; p < next + count; p++) {
                    parts.add(p);
                }
                next += count;
                if (!parts.isEmpty()) {
                    out.get(subscribers.get(i)).put(topic.id(), parts);
                }
            }
        }
        return out;
    }
}
